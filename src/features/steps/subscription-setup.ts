/**
 * Preconditions of the explicit-subscription definitions (the Commonalities event-subscription
 * template and sim-swap-subscriptions): existing subscriptions with a short expiry or one event at
 * most, whether the target creates subscriptions synchronously (asked of the target once per run by
 * creating and deleting one), optional features (initial events, several event types, private key
 * JWT) that the target configuration cannot declare yet.
 */
import { defaultBody } from "../../target/default-body.ts";
import { getValue } from "../json-path.ts";
import { skip } from "../outcome.ts";
import { deleteResource, sendAsGiven } from "../send.ts";
import { advanceTargetClock, targetNow } from "../../target/clock.ts";
import { FEATURE_CLOCK_TOLERANCE_MS, createResource, lifecycleScopes } from "../resources.ts";
import type { World } from "../world.ts";
import { parseLiteral } from "./body.ts";
import type { StepDef } from "./registry.ts";

const SUBSCRIPTION = String.raw`(?:[\w-]+ )?subscription`;
const LITERAL = String.raw`("[^"]*"|-?\d+|true|false|null)`;

/** 201 or 202: how the target answers a valid subscription request (asked once per run). */
const creationModes = new WeakMap<object, Promise<number>>();

async function creationMode(world: World): Promise<number> {
  let mode = creationModes.get(world.runtime);
  if (!mode) {
    mode = (async () => {
      const create = world.api ? world.runtime.specs.createOperation(world.api) : undefined;
      if (!create) skip(`${world.api} has no operation that creates subscriptions`);
      const token = await world.runtime.tokens.get({ scopes: lifecycleScopes(world, create) });
      const body = defaultBody({ op: create, target: world.target, subject: world.subscriber(), identifierInBody: true, sinkUrl: world.ensureSink().url });
      const answer = await sendAsGiven(world, create, { token, body, path: `${create.basePath}${create.path}` });
      const del = world.runtime.specs.itemOperation(create, "DELETE");
      const id = getValue(answer.body, "$.id");
      // the probe leaves nothing behind: the scenario creates its own
      if (del && typeof id === "string") await deleteResource(world, del, id, token);
      return answer.status;
    })();
    creationModes.set(world.runtime, mode);
  }
  return mode;
}

export const subscriptionSetupSteps: StepDef[] = [
  {
    name: "subscription.creation-mode",
    concept: "data",
    patterns: [/^that subscriptions are created (a?synchronously)$/i],
    async run(world, [mode]) {
      const status = await creationMode(world);
      const wanted = mode.toLowerCase() === "synchronously" ? 201 : 202;
      if (status !== wanted) skip(`the target creates subscriptions ${wanted === 201 ? "asynchronously" : "synchronously"} (a valid request answered ${status})`);
    },
  },
  {
    name: "subscription.client-without",
    concept: "data",
    patterns: [new RegExp(`^a client without ${SUBSCRIPTION}s created$`, "i")],
    run(world) {
      // the run deletes every subscription it creates, so the primary client holds none here
      world.note("the primary API client is assumed to hold no subscription (the run deletes what it creates)");
    },
  },
  {
    name: "subscription.client-with",
    concept: "data",
    patterns: [new RegExp(`^a client with ${SUBSCRIPTION}s created$`, "i")],
    run: async (world) => void (await createResource(world, {})),
  },
  {
    name: "subscription.existing-id",
    concept: "data",
    patterns: [new RegExp(`^(?:the )?path parameter "([^"]+)" is set to the identifier of an existing ${SUBSCRIPTION}$`, "i")],
    async run(world, [param]) {
      world.pathParams[param] = { value: (await createResource(world, {})).id };
    },
  },
  {
    name: "subscription.existing-expiring",
    concept: "data",
    patterns: [new RegExp(`^an existing ${SUBSCRIPTION} with some value for the property "expiresAt" in the near future$`, "i")],
    async run(world) {
      if (!world.target.clockUrl) skip("the target exposes no clock to advance past the subscription's expiry");
      const { now } = await targetNow(world.target, FEATURE_CLOCK_TOLERANCE_MS);
      const expire = new Date(now + 60_000).toISOString();
      await createResource(world, { patch: (b) => ((b.config as Record<string, unknown>).subscriptionExpireTime = expire) });
    },
  },
  {
    name: "subscription.expires",
    concept: "send",
    patterns: [/^the subscription is expired$/i],
    async run(world) {
      if (!world.target.clockUrl) skip("the target exposes no clock to advance past the subscription's expiry");
      world.eventsBefore = 0;
      await advanceTargetClock(world.target, 120);
    },
  },
  {
    name: "subscription.existing-max-events",
    concept: "data",
    patterns: [new RegExp(`^an existing ${SUBSCRIPTION} with the property "(?:\\$\\.)?config\\.subscriptionMaxEvents" set to (\\d+)$`, "i")],
    async run(world, [n]) {
      await createResource(world, { patch: (b) => ((b.config as Record<string, unknown>).subscriptionMaxEvents = Number(n)) });
      world.eventsBefore = 0;
    },
  },
  {
    name: "subscription.body-and-expired-token",
    concept: "body",
    patterns: [new RegExp(`^a valid ${SUBSCRIPTION} request body and header "Authorization" is expired$`, "i")],
    run(world) {
      world.body = { mode: "default", patches: [], explicit: true };
      world.auth = "expired";
    },
  },
  {
    name: "subscription.body-with-property",
    concept: "body",
    patterns: [new RegExp(`^a valid ${SUBSCRIPTION} request body with (?:the )?property "([^"]+)" set to ${LITERAL}$`, "i")],
    run(world, [path, literal]) {
      world.body = { mode: "default", patches: [{ op: "set", path, value: parseLiteral(literal) }], explicit: true };
    },
  },
  {
    name: "subscription.optional-feature",
    concept: "data",
    patterns: [
      /^the API supports initial events to be sent$/i,
      /^the API provider only allows one event to be subscribed per subscription request$/i,
      /^the API provider requires the use of a Private JWT key mechanism for subscription creation authentication$/i,
      /^the Private JWT key mechanism is not pre-configured in the environment$/i,
      /^no PRIVATE_KEY_JWT configuration has been pre-shared for the notification endpoint$/i,
    ],
    run(_world, _args, step) {
      skip(`the target configuration cannot declare this optional behaviour yet: "${step.text}"`);
    },
  },
];

