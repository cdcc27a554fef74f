/**
 * Notifications (API-Testing-Guidelines "Notifications", Event Subscription guide): an event received
 * at the sink the scenario gave, its headers (the Authorization is "Bearer " + the sinkCredential's
 * access token; the runner's sink keeps only a fingerprint of it), its body against the spec's event
 * schema, unique ids, and its properties. An expected value the spec contradicts (the QoD event type
 * `org.camaraproject.qod.v1...` of the r3.2 files) is recorded as a contradiction.
 */
import { tokenFingerprint } from "../../target/sink-server.ts";
import { awaitEvents } from "../../target/sink.ts";
import { getAll, getValue, normalisePath } from "../json-path.ts";
import { fail, show, skip } from "../outcome.ts";
import { schemaProblem } from "../schema-validation.ts";
import type { SinkEvent, World } from "../world.ts";
import type { StepDef } from "./registry.ts";

/** Waits (up to the run's timeout, --timeout) for a notification newer than the last request; it becomes "the event". */
async function receiveEvent(world: World, type?: string): Promise<SinkEvent> {
  const sink = world.sink;
  if (!sink) throw new Error("no sink was given to the target by an earlier step");
  const fresh = (events: SinkEvent[]) => events.slice(world.eventsBefore).filter((e) => !type || String(e.body?.type ?? "").endsWith(type));
  const events = await awaitEvents(sink, (all) => fresh(all).length > 0);
  const first = fresh(events)[0];
  if (!first) return fail(`no ${type ? `${type} ` : ""}event arrived at the sink`, "an event", `(none within ${sink.waitMs / 1000} s)`);
  world.events = events;
  world.memory.set("event", first);
  return first;
}

function theEvent(world: World): SinkEvent {
  const e = world.memory.get("event") as SinkEvent | undefined;
  if (!e) throw new Error("no event was received by an earlier step");
  return e;
}

function eventValue(world: World, path: string): unknown {
  return getValue(theEvent(world).body, normalisePath(path));
}

/** The sinkCredential access token the scenario gave. */
function sinkToken(world: World): string {
  const t =
    (world.memory.get("sinkToken") as string | undefined) ??
    world.resourceCreated?.sinkToken ??
    (getValue(world.response?.sent.body, "$.sinkCredential.accessToken") as string | undefined);
  if (!t) throw new Error("no sinkCredential access token was given by an earlier step");
  return t;
}

/** Whether the spec of the event's API names `value` anywhere (enum of the event type). */
function specMentions(world: World, value: string): boolean {
  const api = world.resourceCreated?.create.api ?? world.api;
  const doc = api ? world.runtime.specs.api(api)?.doc : undefined;
  return doc ? JSON.stringify(doc).includes(JSON.stringify(value)) : false;
}

function expectEventValue(world: World, path: string, allowed: string[]): void {
  const v = eventValue(world, path);
  if (typeof v === "string" && allowed.includes(v)) return;
  if (typeof v === "string" && specMentions(world, v) && !allowed.some((a) => specMentions(world, a))) {
    world.contradiction(`expects event ${path} ${allowed.join(" or ")}, which the spec does not define; the target sent ${v}, which the spec defines`);
    return;
  }
  fail(`event ${path}`, allowed.join(" or "), v);
}

function createdValue(world: World, operationId: string, path: string): unknown {
  const r = world.resourceCreated;
  if (r && r.create.operationId === operationId) return getValue(r.created, normalisePath(path));
  if (world.response?.op.operationId === operationId) return getValue(world.response.body, normalisePath(path));
  fail(`the value of ${path} provided for ${operationId}`, `an earlier ${operationId} request`, `no ${operationId} answer is known from earlier steps`);
}

/** A SIM change of the subject's line on a harness target (its control plane); else a skip. */
async function triggerSimSwap(world: World): Promise<void> {
  const mint = world.target.auth.mintUrl;
  if (!mint?.endsWith("/_harness/tokens")) skip("the target cannot be asked to swap a SIM (no control plane)");
  const url = `${mint.slice(0, -"/tokens".length)}/subscribers/${encodeURIComponent(world.subscriber().phoneNumber)}/sim-change`;
  const res = await fetch(url, { method: "POST", signal: AbortSignal.timeout(world.target.timeoutMs) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`the target's control plane refused the SIM change (${res.status})`);
}

export const eventSteps: StepDef[] = [
  {
    name: "event.received",
    concept: "event",
    patterns: [
      /^an event is received at the address of the (?:request property )?"\$\.sink"(?: provided for \w+)?$/i,
      /^an event notification of the subscribed type is received on callback-url$/i,
    ],
    run: async (world) => void (await receiveEvent(world)),
  },
  {
    name: "event.received-of-type",
    concept: "event",
    patterns: [
      /^(?:the )?event notification "([^"]+)" is received on callback-url$/i,
      /^The callback notification application receives ([\w-]+) event at provided callbackUrl$/i,
    ],
    run: async (world, [type]) => void (await receiveEvent(world, type)),
  },
  {
    name: "event.trigger-sim-swap",
    concept: "send",
    patterns: [/^sims? swap is performed on this mobile line$/i, /^the sim of the device was swapped$/i, /^the event subscribed occurs$/i],
    run: (world) => triggerSimSwap(world),
  },
  {
    name: "event.header-authorization",
    concept: "event",
    patterns: [/^the event header "Authorization" is set to "Bearer(:?) " \+ the value of (?:the (?:request )?property )?"([^"]+)"(?: provided for \w+)?$/i],
    run(world, [colon]) {
      if (colon) world.note('the test definition writes "Bearer: " for the event Authorization header: checked as "Bearer " (tolerated)');
      const got = theEvent(world).headers.authorization;
      const want = `Bearer ${tokenFingerprint(sinkToken(world))}`;
      if (got !== want) fail("event header Authorization is not Bearer + the sinkCredential access token", want, got ?? "(absent)");
    },
  },
  {
    name: "event.header-value",
    concept: "event",
    patterns: [/^the event header "((?!authorization")[^"]+)" (?:is set to|is) "([^"]*)"$/i],
    run(world, [name, value]) {
      const got = theEvent(world).headers[name.toLowerCase()];
      const media = (s: string) => s.split(";")[0].trim().toLowerCase();
      if (got === undefined || media(got) !== media(value)) fail(`event header ${name}`, value, got ?? "(absent)");
    },
  },
  {
    name: "event.schema",
    concept: "event",
    patterns: [/^(?:the event body|notification body) complies with the OAS schema at "([^"]+)"$/i],
    run(world, [ref]) {
      const api = world.resourceCreated?.create.api ?? world.api ?? "";
      const found = world.runtime.specs.schema(api, ref);
      if (!found) {
        world.contradiction(`names the event schema "${ref}", which the spec of ${api} does not define`);
        return;
      }
      const problem = schemaProblem(found.schema, theEvent(world).body);
      if (problem) fail(`the event body does not comply with ${found.name}: ${problem}`, found.name, show(theEvent(world).body));
    },
  },
  {
    name: "event.unique-id",
    concept: "event",
    patterns: [/^the event body property "([^"]+)" is unique$/i],
    run(world, [path]) {
      const ids = (world.events ?? []).flatMap((e) => getAll(e.body, normalisePath(path)));
      if (new Set(ids).size !== ids.length) fail(`event ${path} values are not unique`, "unique values", ids.join(", "));
    },
  },
  {
    name: "event.property-value",
    concept: "event",
    patterns: [
      /^the event body property "([^"]+)" (?:is set to|is) ("[^"]*"(?: or "[^"]*")*)$/i,
      /^(type)=("[^"]+")$/i,
    ],
    run(world, [path, list]) {
      const allowed = [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      if (allowed.some((a) => /<\w+>/.test(a))) skip("the expected event type is a template placeholder");
      expectEventValue(world, path, allowed);
    },
  },
  {
    name: "event.property-from-create",
    concept: "event",
    patterns: [
      /^the event body property "([^"]+)" has the same value as (\w+) response property "([^"]+)"$/i,
      /^the event body property "([^"]+)" as returned for (\w+)$/i,
    ],
    run(world, [path, operationId, responsePath]) {
      const expected = createdValue(world, operationId, responsePath || path.split(".").pop()!);
      const v = eventValue(world, path);
      if (v !== expected) fail(`event ${path}`, expected, v);
    },
  },
  {
    name: "event.exists-only-if",
    concept: "event",
    patterns: [/^the event body property "([^"]+)" exists only if "([^"]+)" is "([^"]*)"$/i],
    run(world, [path, condPath, value]) {
      const v = eventValue(world, path);
      const cond = eventValue(world, condPath);
      if (v !== undefined && cond !== value) fail(`event ${path} exists although ${condPath} is ${show(cond)}`, `${condPath} ${value}`, cond);
    },
  },
  {
    name: "event.subscription-id",
    concept: "event",
    patterns: [/^data\.subscriptionId is valued with the subcriptionId$/i],
    run(world) {
      const expected = world.resourceCreated?.id;
      const v = eventValue(world, "$.data.subscriptionId");
      if (v !== expected) fail("event $.data.subscriptionId", expected, v);
    },
  },
  {
    name: "event.phone-number",
    concept: "event",
    patterns: [/^data\.phoneNumber="\$\.phoneNumber"$/i],
    run(world) {
      const v = eventValue(world, "$.data.phoneNumber");
      if (v !== undefined && v !== world.subscriber().phoneNumber) fail("event $.data.phoneNumber", world.subscriber().phoneNumber, v);
    },
  },
  {
    name: "event.time",
    concept: "event",
    patterns: [/^time is valued by the date time of (?:the sim swap|subscription termination)$/i],
    run(world) {
      const v = eventValue(world, "$.time");
      if (typeof v !== "string" || !Number.isFinite(Date.parse(v))) fail("event $.time is not a date-time", "RFC 3339 date-time", v);
    },
  },
];
