/**
 * The wording of the Click to Dial 0.1.0 definitions (ClickToDial r1.4 feature files): caller and
 * callee numbers, call identifiers prepared by an earlier createCall (for getRecording: a recorded
 * call that connected and ended, so there is something to fetch), the token phrases, comparisons
 * with the path parameter or the createCall request, and the table of "ClickToDial status rules"
 * every status-changed event must follow.
 *
 * Defects of the definitions are reported, not hidden: "$.caller" is a Caller object in the spec
 * while the rules compare it with the event's `data.caller`, a PhoneNumber string (contradiction,
 * checked against `$.caller.number`).
 */
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { getAll, getValue, normalisePath } from "../json-path.ts";
import { fail, show } from "../outcome.ts";
import { createResource, waitForEvents, waitForStatus } from "../resources.ts";
import { readSink, sendAsGiven } from "../send.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";
import { responseValues } from "./response-helpers.ts";

const PROP = String.raw`the request property "([^"]+)"`;
const NOT_E164 = "0034600000001";

function setNumber(world: World, path: string, number: string, what: string): void {
  const p = normalisePath(path);
  // Caller / Callee are objects {number} in the spec: the definitions' "set to a ... number" means their number
  world.body.patches.push({ op: "set", path: `${p}.number`, value: number });
  world.note(`${path} is a ${what} object in the spec: its "number" is set`);
}

/** A call made by createCall for this scenario; for getRecording a recorded one that connected and ended. */
async function preparedCall(world: World, state: "ongoing" | "ended" | "recorded"): Promise<string> {
  const recorded = state === "recorded";
  const resource = await createResource(world, { patch: recorded ? (b) => (b.recordingEnabled = true) : undefined });
  if (recorded) await waitForStatus(world, resource, ["connected"]);
  if (state !== "ongoing") {
    const del = world.runtime.specs.itemOperation(resource.create, "DELETE");
    if (!del) throw new Error("click-to-dial has no operation to end a call");
    const path = `${del.basePath}${del.path.replace(/\{[^}]+\}$/, encodeURIComponent(resource.id))}`;
    const answer = await sendAsGiven(world, del, { token: resource.token, path });
    if (answer.status !== 204) fail(`precondition: ${del.operationId} of the call answered ${answer.status}`, "204", answer.text.slice(0, 200));
  }
  // later steps address this call through "that identifier", not as the scenario's created resource
  world.resourceCreated = undefined;
  world.memory.set("identifier", resource.id);
  return resource.id;
}

/** One rule of the "ClickToDial status rules" table, checked on one event. */
function checkRule(world: World, event: { body: any }, path: string, rule: string, seenIds: Set<unknown>): void {
  const values = getAll(event.body, normalisePath(path));
  const value = values[0];
  const state = getValue(event.body, "$.data.status.state");
  const list = (text: string) => (/\[([^\]]*)\]/.exec(text)?.[1] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  let m: RegExpExecArray | null;
  if (/^unique per event$/i.test(rule)) {
    if (seenIds.has(value)) fail(`event ${path} is not unique`, "a new id", value);
    seenIds.add(value);
  } else if ((m = /^= "([^"]*)"$/.exec(rule))) {
    if (value !== m[1]) fail(`event ${path}`, m[1], show(value));
  } else if ((m = /^= (\w+) response property "([^"]+)"$/.exec(rule))) {
    const expected = getValue(world.received().body, normalisePath(m[2]));
    if (!isDeepStrictEqual(value, expected)) fail(`event ${path} = ${m[1]} response ${m[2]}`, show(expected), show(value));
  } else if ((m = /^= (\w+) request property "([^"]+)"$/.exec(rule))) {
    let expected = getValue(world.received().sent.body, normalisePath(m[2]));
    if (typeof value === "string" && expected && typeof expected === "object" && "number" in expected) {
      const text = `compares event ${path} (a PhoneNumber string in the spec) with the ${m[1]} request property ${m[2]} (a ${m[2].replace(/^\$\./, "")} object {number}): checked against ${m[2]}.number`;
      if (!world.contradictions.includes(text)) world.contradiction(text);
      expected = (expected as { number: unknown }).number;
    }
    if (!isDeepStrictEqual(value, expected)) fail(`event ${path} = ${m[1]} request ${m[2]}`, show(expected), show(value));
  } else if (/^in \[/.test(rule)) {
    if (!list(rule).includes(String(value))) fail(`event ${path}`, list(rule).join(" or "), show(value));
  } else if ((m = /^present iff state="(\w+)"(?: and (in \[.*\]))?$/.exec(rule))) {
    const expectPresent = state === m[1];
    if ((values.length > 0) !== expectPresent) fail(`event ${path} present iff state is ${m[1]}`, expectPresent ? "present" : "absent", show(value) ?? "(absent)");
    if (expectPresent && m[2] && !list(m[2]).includes(String(value))) fail(`event ${path}`, list(m[2]).join(" or "), show(value));
  } else if ((m = /^optional; if present, (in \[.*\])$/.exec(rule))) {
    if (values.length > 0 && !list(m[1]).includes(String(value))) fail(`event ${path}`, list(m[1]).join(" or "), show(value));
  } else if (/^time of state change$/i.test(rule)) {
    if (typeof value !== "string" || Number.isNaN(Date.parse(value))) fail(`event ${path} is a date-time`, "RFC 3339 date-time", show(value));
  } else {
    throw new Error(`no check known for the rule "${rule}" of ${path}`);
  }
}

export const callSteps: StepDef[] = [
  {
    name: "call.caller-valid",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to a valid (caller|callee) number in E\\.164 format$`, "i")],
    run(world, [path, role]) {
      const number = role.toLowerCase() === "caller" ? world.subscriber().phoneNumber : world.target.subscribers.unknown.phoneNumber;
      setNumber(world, path, number, role);
    },
  },
  {
    name: "call.number-invalid",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to an invalid (caller|callee) number \\(not E\\.164\\)$`, "i")],
    run: (world, [path, role]) => setNumber(world, path, NOT_E164, role),
  },
  {
    name: "body.property-removed",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is removed from the request body$`, "i")],
    run(world, [path]) {
      world.body.patches.push({ op: "delete", path: normalisePath(path) });
    },
  },
  {
    name: "auth.invalid-or-missing",
    concept: "auth",
    patterns: [/^an invalid or missing authentication token for the service$/i],
    run(world) {
      world.auth = "invalid";
    },
  },
  {
    name: "auth.insufficient-permissions",
    concept: "auth",
    patterns: [/^a valid authentication token with insufficient permissions$/i],
    run(world) {
      world.auth = "missing-scope";
    },
  },
  {
    name: "call.identifier-from-create",
    concept: "data",
    patterns: [/^a valid call identifier obtained from a previous createCall response$/i],
    run: async (world) => void (await preparedCall(world, /\/recording$/.test(world.resource?.path ?? "") ? "recorded" : "ongoing")),
  },
  {
    name: "call.identifier-no-recording",
    concept: "data",
    patterns: [/^a call identifier with no available recording$/i],
    run: async (world) => void (await preparedCall(world, "ongoing")),
  },
  {
    name: "call.identifier-ended",
    concept: "data",
    patterns: [/^a call identifier for a call that cannot be terminated \(already ended or conflicting state\)$/i],
    run: async (world) => void (await preparedCall(world, "ended")),
  },
  {
    name: "call.identifier-unknown",
    concept: "data",
    patterns: [/^an invalid call identifier$/i],
    run(world) {
      // "invalid" as in unknown: the scenario expects 404, so the identifier is well-formed
      world.memory.set("identifier", `call_harness-unknown-${randomUUID()}`);
    },
  },
  {
    name: "call.path-malformed",
    concept: "setup",
    patterns: [/^an invalid request with missing or malformed path parameter$/i],
    run(world) {
      const name = world.resource?.path.match(/\{([^}]+)\}/)?.[1] ?? "id";
      world.pathParams[name] = { value: "not a valid identifier!" };
    },
  },
  {
    name: "setup.request-path-that-identifier",
    concept: "setup",
    patterns: [/^the request path parameter "([^"]+)" is set to that identifier$/i],
    run(world, [name]) {
      const id = world.memory.get("identifier");
      if (typeof id !== "string") throw new Error("no identifier was prepared by an earlier step");
      world.pathParams[name] = { value: id };
    },
  },
  {
    name: "setup.request-path-valid",
    concept: "setup",
    patterns: [/^the request path parameter "([^"]+)" is set to a valid (?:call )?identifier$/i],
    run(world, [name]) {
      world.pathParams[name] = { existing: true };
    },
  },
  {
    name: "response.same-as-request-path-param",
    concept: "response",
    patterns: [/^the response property "([^"]+)" has the same value as the request path parameter "([^"]+)"$/i],
    run(world, [path, name]) {
      const p = world.pathParams[name];
      const expected = p && "value" in p ? p.value : undefined;
      const got = responseValues(world, path)[0];
      if (expected === undefined || got !== expected) fail(`response property ${path} = path parameter ${name}`, expected ?? "(no value sent)", show(got));
    },
  },
  {
    name: "response.same-as-operation-request",
    concept: "response",
    patterns: [/^the response property "([^"]+)" has the same value as (\w+) request property "([^"]+)"$/i],
    run(world, [path, operationId, requestPath]) {
      const r = world.received();
      const body = r.op.operationId === operationId ? r.sent.body : world.resourceCreated?.body;
      const expected = getValue(body, normalisePath(requestPath));
      const got = responseValues(world, path)[0];
      if (expected === undefined || !isDeepStrictEqual(got, expected)) fail(`response property ${path} = ${operationId} request ${requestPath}`, show(expected), show(got));
    },
  },
  {
    name: "event.click-to-dial-status-rules",
    concept: "event",
    patterns: [/^the event body fields follow the ClickToDial status rules$/i],
    async run(world, _args, step) {
      const rows = step.dataTable ?? [];
      if (rows.length < 2) throw new Error("the rules table is missing");
      await waitForEvents(world, 1);
      const events = (await readSink(world)) as { body: any }[];
      if (events.length === 0) fail("no event arrived at the sink", "an event", "(none)");
      const seen = new Set<unknown>();
      for (const event of events) {
        for (const [path, rule] of rows.slice(1)) checkRule(world, event, path.trim(), rule.trim(), seen);
      }
      world.note(`${events.length} event(s) checked against ${rows.length - 1} rules`);
    },
  },
];
