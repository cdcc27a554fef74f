/**
 * Preconditions that are resources on the target: "an existing QoS session created by operation
 * createSession" (with a status, with a sink), "a QoD session already exists for that device", "a
 * valid testing device ... with QoS active sessions associated". The API's create operation comes
 * from the spec (resources.ts); the created resource becomes "that QoS session" for later steps.
 */
import { skip } from "../outcome.ts";
import { createResource, waitForStatus } from "../resources.ts";
import { deleteResource, scopesOf, sendAsGiven } from "../send.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";

const RESOURCE = String.raw`(?:QoS session|QoS assignment|QoD session)`;

function unavailableSubscriber(world: World) {
  const s = world.target.subscribers.qodUnavailable;
  if (!s) skip("the target configuration names no subscriber whose sessions end UNAVAILABLE (subscribers.qodUnavailable)");
  return s;
}

export const preconditionSteps: StepDef[] = [
  {
    name: "data.existing-resource",
    concept: "data",
    patterns: [
      new RegExp(`^an existing ${RESOURCE} created by operation (\\w+)$`, "i"),
      /^a subscription is existing and identified by an "id"$/i,
      /^a subscription is existing for a phoneNumber$/i,
      /^at least one subscription is existing for the API client making this request$/i,
    ],
    run: async (world) => void (await createResource(world, {})),
  },
  {
    name: "data.existing-resource-available",
    concept: "data",
    patterns: [new RegExp(`^an existing ${RESOURCE} created by operation (\\w+) with (?:qosStatus|status) "AVAILABLE"$`, "i")],
    run: async (world) => void (await createResource(world, { waitFor: ["AVAILABLE"] })),
  },
  {
    name: "data.existing-resource-with-sink-available",
    concept: "data",
    patterns: [
      new RegExp(`^an existing ${RESOURCE} created by operation (\\w+) with provided values for "sink" and "sinkCredential", and with status "AVAILABLE"$`, "i"),
    ],
    // the AVAILABLE notification must have arrived before the scenario's own request is sent
    run: async (world) => void (await createResource(world, { sink: true, waitFor: ["AVAILABLE"], events: 1 })),
  },
  {
    name: "data.resource-with-sink",
    concept: "data",
    patterns: [new RegExp(`^a ${RESOURCE} has been created successfully and includes a valid sink (?:and|with) sinkCredentials$`, "i")],
    run: async (world) => void (await createResource(world, { sink: true })),
  },
  {
    name: "data.resource-unavailable",
    concept: "data",
    patterns: [
      new RegExp(`^an existing ${RESOURCE} failed to be created in the last 360 seconds$`, "i"),
      new RegExp(`^an existing ${RESOURCE} with (?:qosStatus|status) not "AVAILABLE"$`, "i"),
    ],
    run: async (world) => void (await createResource(world, { subscriber: unavailableSubscriber(world), waitFor: ["UNAVAILABLE"] })),
  },
  {
    name: "data.resource-deleted",
    concept: "data",
    patterns: [new RegExp(`^an existing ${RESOURCE} deleted in the last 360 seconds$`, "i")],
    async run(world) {
      const r = await createResource(world, {});
      const del = world.runtime.specs.itemOperation(r.create, "DELETE");
      if (!del) skip(`${r.create.api} has no delete operation`);
      await deleteResource(world, del, r.id, r.token);
    },
  },
  {
    name: "data.resource-for-device",
    concept: "data",
    patterns: [
      new RegExp(`^a ${RESOURCE} already exists for that device$`, "i"),
      /^a valid testing device supported by the service(?:,)? identified by the token or provided in the request body,? with QoS active sessions associated$/i,
      /^a valid testing device with an existing QoS assignment, identified by the token or provided in the request body$/i,
    ],
    async run(world) {
      world.setSubject(world.subject.subscriber ?? world.target.subscribers.plain, "plain", "plain test subscriber (subscribers.plain)");
      await createResource(world, {});
    },
  },
  {
    name: "data.resource-status-known",
    concept: "send",
    patterns: [/^the QoS status of the session becomes known$/i, /^the QoS assignment outcome is known$/i],
    async run(world) {
      const r = world.resourceCreated;
      if (!r) throw new Error("no resource was created by an earlier step");
      r.created = await waitForStatus(world, r, "known");
    },
  },
  {
    name: "data.resource-deletion-completed",
    concept: "send",
    patterns: [/^when the asynchronous deletion process is completed$/i],
    async run(world) {
      const r = world.resourceCreated;
      if (!r) throw new Error("no resource was created by an earlier step");
      r.created = await waitForStatus(world, r, ["UNAVAILABLE"]);
    },
  },
  {
    name: "data.max-duration-of-profile",
    concept: "data",
    patterns: [/^the "maxDuration" for the QoS profile of the session as returned by "qos-profiles" API$/i],
    async run(world) {
      const profile = String(world.resourceCreated?.body.qosProfile ?? world.target.qosProfiles.active ?? "");
      const seconds = await profileMaxDuration(world, profile);
      if (seconds === undefined) skip(`the maxDuration of QoS profile ${profile} is not known (qos-profiles not served, no qosProfiles.activeMaxDurationSeconds)`);
      world.memory.set("maxDuration", seconds);
    },
  },
  {
    name: "data.deletion-mode",
    concept: "data",
    patterns: [/^that implementation deletes QoS assignment (a?synchronously)$/i],
    run(world, [mode]) {
      const declared = world.target.qosAssignmentDeletion;
      if (!declared) skip(`the target configuration does not say whether it revokes QoS assignments synchronously or asynchronously (qosAssignmentDeletion)`);
      const wanted = mode.toLowerCase() === "synchronously" ? "synchronous" : "asynchronous";
      if (declared !== wanted) skip(`the target revokes QoS assignments ${declared}ly (qosAssignmentDeletion: ${declared}); this scenario is for ${wanted} deletion`);
    },
  },
];

const UNIT_SECONDS: Record<string, number> = { Days: 86400, Hours: 3600, Minutes: 60, Seconds: 1, Milliseconds: 1e-3 };

/** maxDuration of a profile, in seconds: read with getQosProfile where served, else from the configuration. */
async function profileMaxDuration(world: World, profile: string): Promise<number | undefined> {
  const get = world.runtime.specs.operation("qos-profiles", "getQosProfile");
  if (get && profile) {
    const token = await world.runtime.tokens.get({ scopes: scopesOf(get) });
    const answer = await sendAsGiven(world, get, { token, path: `${get.basePath}/qos-profiles/${encodeURIComponent(profile)}` });
    const max = (answer.body as { maxDuration?: { value?: number; unit?: string } } | undefined)?.maxDuration;
    if (answer.status === 200 && max?.value !== undefined && max.unit) return max.value * (UNIT_SECONDS[max.unit] ?? 1);
  }
  return profile === world.target.qosProfiles.active ? world.target.qosProfiles.activeMaxDurationSeconds : undefined;
}

