/**
 * Response validation, third part: values and constraints of response properties: equal to a value,
 * to a path parameter, to what was "provided for createSession"; "exists only if ..." rules (also
 * dispatched from "matches the rule: <condition>" and "in all items in the response"). Times and
 * durations are in response-times.ts. A value the definition calls a "response property" but that is in the event's data is
 * checked there, with a note.
 */
import { isDeepStrictEqual } from "node:util";
import { getAll, normalisePath } from "../json-path.ts";
import { fail, show, skip } from "../outcome.ts";
import type { World } from "../world.ts";
import { parseLiteral } from "./body.ts";
import type { Binding, StepDef } from "./registry.ts";
import { RP, brief, provided, responseValues, sameValue } from "./response-helpers.ts";
import { timeCheck } from "./response-times.ts";

const isObjectValue = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function expectEqual(world: World, path: string, expected: unknown): void {
  const event = world.memory.get("event") as { body?: { data?: unknown } } | undefined;
  let values = world.response || !event ? responseValues(world, path) : [];
  if (values.length === 0 && event?.body?.data !== undefined && getAll(event.body.data, normalisePath(path)).length > 0) {
    // the event templates say "the response property" for a property of the notification's data
    world.note(`the test definition says "response property ${path}" for a property of the event's data: checked in the event (tolerated)`);
    values = getAll(event.body.data, normalisePath(path));
  }
  if (values.length === 0) fail(`response property ${path} is absent`, show(expected), "(absent)");
  if (!isDeepStrictEqual(values[0], expected)) fail(`response property ${path}`, expected, values[0]);
}

/** `exists only if "<cond>" is [not] "<value>" [and the value is in the past | later than "<other>"]` */
async function existsOnlyIf(world: World, [path, condPath, not, value, past, later]: string[]): Promise<void> {
  const v = responseValues(world, path);
  if (v.length === 0) return;
  const actual = responseValues(world, condPath)[0];
  const holds = not ? actual !== value : actual === value;
  if (!holds) fail(`response property ${path} exists although ${condPath} is ${show(actual)}`, `${condPath} ${not ? "not " : ""}${value}`, actual);
  if (past) await timeCheck(world, path, v[0], "past");
  if (later) await timeCheck(world, path, v[0], { after: later });
}

function existsOnlyIfProvided(world: World, [path, source]: string[]): void {
  const answered = responseValues(world, path);
  const given = provided(world, path, source || "request");
  if (!given.present) {
    if (answered.length > 0) fail(`response property ${path} exists although it was not given in ${given.where}`, "(absent)", answered[0]);
    return;
  }
  if (answered.length > 0 && !sameValue(path, answered[0], given.value)) {
    fail(`response property ${path} differs from ${given.where}`, given.value, answered[0]);
  }
}

function sameAsProvided(world: World, [path, source]: string[]): void {
  const given = provided(world, path, source || "request");
  if (!given.present) throw new Error(`${path} was not given in ${given.where}, so there is nothing to compare`);
  const answered = responseValues(world, path);
  if (answered.length === 0) fail(`response property ${path} is absent`, given.value, "(absent)");
  if (!sameValue(path, answered[0], given.value)) fail(`response property ${path} differs from ${given.where}`, given.value, answered[0]);
}

async function runInner(world: World, inner: Binding | undefined): Promise<void> {
  if (!inner) throw new Error("the rule is bound to no step");
  await inner.def.run(world, inner.args, { keyword: "", type: "outcome", text: inner.text, line: 0, fromBackground: false }, inner.inner);
}

export const responsePropertySteps: StepDef[] = [
  {
    name: "response.property-exists",
    concept: "response",
    patterns: [new RegExp(`^${RP} exists$`, "i")],
    run(world, [path]) {
      if (responseValues(world, path).length === 0) fail(`response property ${path} is absent`, "present", "(absent)");
    },
  },
  {
    name: "response.property-absent",
    concept: "response",
    patterns: [new RegExp(`^${RP} does not exist$`, "i")],
    run(world, [path]) {
      const v = responseValues(world, path);
      if (v.length > 0) fail(`response property ${path} exists`, "(absent)", v[0]);
    },
  },
  {
    name: "response.exists-only-if-property",
    concept: "response",
    patterns: [new RegExp(`^${RP} only exists if (?:the )?property "([^"]+)" (exists|is "([^"]*)")$`, "i")],
    run(world, [path, other, how, value]) {
      const v = responseValues(world, path);
      if (v.length === 0) return;
      const o = responseValues(world, other);
      const holds = how.toLowerCase() === "exists" ? o.length > 0 : o[0] === value;
      if (!holds) fail(`response property ${path} exists although ${other} ${how.toLowerCase() === "exists" ? "does not exist" : `is ${show(o[0])}`}`, `${other} ${how}`, o[0] ?? "(absent)");
    },
  },
  {
    name: "response.device-single-identifier",
    concept: "response",
    patterns: [
      /^the response property "(\$\.device)" contains a single device identifier that was included in the request$/i,
      /^the response property "(\$\.device)" exists only if provided in the request body and always if more than one device identifier is provided, And contains a single device identifier that was included in the request$/i,
    ],
    run(world, [path], step) {
      const answered = responseValues(world, path)[0];
      const given = provided(world, path, "request");
      const optional = /exists only if/i.test(step.text);
      if (answered === undefined) {
        const many = isObjectValue(given.value) && Object.keys(given.value).length > 1;
        if (!optional || many) fail(`response property ${path} is absent`, "a single identifier that was sent", "(absent)");
        return;
      }
      if (!given.present) fail(`response property ${path} exists although no device was sent`, "(absent)", answered);
      const keys = isObjectValue(answered) ? Object.keys(answered) : [];
      if (keys.length !== 1 || !sameValue(path, answered, given.value)) fail(`response property ${path} is not one identifier that was sent`, given.value, answered);
    },
  },
  {
    name: "response.property-string",
    concept: "response",
    patterns: [new RegExp(`^${RP.replace('"([^"]+)"', '"((?!\\$\\.code")[^"]+)"')} is "([^"]*)"$`, "i")],
    run(world, [path, value]) {
      // ErrorInfo.message is free text: a definition quoting one exact text (older files) cannot
      // bind a target to it; the text is then only checked to be there
      const got = /^\$\.message$/.test(path) ? responseValues(world, path)[0] : undefined;
      if (got !== undefined && got !== value && typeof got === "string" && got.trim() !== "") {
        world.note(`defect of the test definition: it expects the exact message "${value}", which is free text in the spec; checked that a message is there ("${got}")`);
        return;
      }
      expectEqual(world, path, value);
    },
  },
  {
    name: "response.property-one-of",
    concept: "response",
    patterns: [new RegExp(`^${RP.replace('"([^"]+)"', '"((?!\\$\\.code")[^"]+)"')} is ("[^"]*"(?: or "[^"]*")+)$`, "i")],
    run(world, [path, list]) {
      const allowed = [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      const v = responseValues(world, path)[0];
      if (!allowed.includes(v as string)) fail(`response property ${path}`, allowed.join(" or "), v);
    },
  },
  {
    name: "response.property-literal",
    concept: "response",
    patterns: [
      new RegExp(`^(?:the value of )?(?:the )?response property "((?!\\$\\.status")[^"]+)" (?:==|is) (true|false|null|-?\\d+(?:\\.\\d+)?)$`, "i"),
    ],
    run: (world, [path, literal]) => expectEqual(world, path, parseLiteral(literal)),
  },
  {
    name: "response.property-equals-path-param",
    concept: "response",
    patterns: [new RegExp(`^${RP} value is equal to path param "([^"]+)"$`, "i")],
    run(world, [path, param]) {
      const p = world.pathParams[param];
      if (!p || !("value" in p)) throw new Error(`no value for path parameter ${param}`);
      expectEqual(world, path, p.value);
    },
  },
  {
    name: "response.property-equals-request-property",
    concept: "response",
    patterns: [new RegExp(`^${RP} value is equal to the request body property "([^"]+)"$`, "i")],
    run(world, [path, requestPath]) {
      const given = provided(world, requestPath, "request");
      if (!given.present) throw new Error(`${requestPath} was not in the request body`);
      expectEqual(world, path, given.value);
    },
  },
  {
    name: "response.property-token-phone-number",
    concept: "response",
    patterns: [new RegExp(`^${RP} is equal to the phone number associated with the access token$`, "i")],
    run: (world, [path]) => expectEqual(world, path, world.subscriber().phoneNumber),
  },
  {
    name: "response.rule",
    concept: "response",
    patterns: [new RegExp(`^${RP} matches the rule: (.+)$`, "i")],
    inner: ([path, rule]) => `the response property "${path}" ${rule}`,
    run: (world, _args, _step, inner) => runInner(world, inner),
  },
  {
    name: "response.each-item-rule",
    concept: "response",
    patterns: [/^in all items in the response, property "([^"]+)" (.+)$/i],
    inner: ([path, rule]) => `the response property "${normalisePath(path)}" ${rule}`,
    async run(world, _args, _step, inner) {
      const r = world.received();
      if (!Array.isArray(r.body)) fail("the response body is not an array", "an array", brief(r.text));
      try {
        for (const item of r.body) {
          world.response = { ...r, body: item };
          await runInner(world, inner);
        }
      } finally {
        world.response = r;
      }
    },
  },
  {
    name: "response.exists-only-if-provided",
    concept: "response",
    patterns: [new RegExp(`^${RP} exists only if provided (?:in the request body|for (\\w+)) and with the same value$`, "i")],
    run: (world, args) => existsOnlyIfProvided(world, args),
  },
  {
    name: "response.same-as-provided",
    concept: "response",
    patterns: [
      new RegExp(`^${RP} (?:has the )?same value as in the request body$`, "i"),
      new RegExp(`^${RP} has the same value as in the request body$`, "i"),
      new RegExp(`^${RP} has the value provided for (\\w+)$`, "i"),
    ],
    run: (world, args) => sameAsProvided(world, args),
  },
  {
    name: "response.exists-only-if-status",
    concept: "response",
    patterns: [
      new RegExp(
        `^${RP} exists only if "([^"]+)" is (not )?"([^"]+)"(?: and (?:the )?(value is in the past)| and (?:the value is )?later than "([^"]+)")?$`,
        "i",
      ),
    ],
    run: (world, args) => existsOnlyIf(world, args),
  },
  {
    name: "response.restricted-profiles-returned",
    concept: "response",
    patterns: [/^the restricted QoS Profiles are returned in the response$/i, /^no restricted QoS Profile is included in the response$/i],
    run(world, _args, step) {
      const restricted = world.runtime.fixtures.restrictedProfiles;
      if (!restricted) skip("the target declares no QoS profiles restricted to certain devices");
      const names = responseValues(world, "$[*].name");
      const included = restricted.names.filter((n) => names.includes(n));
      if (/^no /i.test(step.text) ? included.length > 0 : included.length !== restricted.names.length) {
        fail("restricted QoS profiles in the response", restricted.names.join(", "), names.join(", "));
      }
    },
  },
  // ---- SIM swap ----------------------------------------------------------------------------
];
