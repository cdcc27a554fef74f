/**
 * Response validation (API-Testing-Guidelines "Response validation"): HTTP status, ErrorInfo status,
 * code and message, headers, schema compliance against our specs, and the constraints on properties
 * ("exists only if ...", "has the value provided for createSession"). Tolerated variants of the
 * official files (quoted statuses, `$.status` used as the HTTP status, "the response array" for an
 * object, 404 where a malformed id is not validated) pass with a note; an expectation the spec does
 * not document (a code, a status, a Content-Type without content) is recorded as a contradiction of
 * the test definition and the scenario goes on.
 */
import { isDeepStrictEqual } from "node:util";
import { normalisePath } from "../json-path.ts";
import { fail, show, skip } from "../outcome.ts";
import { targetNow } from "../resources.ts";
import { schemaProblem } from "../schema-validation.ts";
import type { World } from "../world.ts";
import { parseLiteral } from "./body.ts";
import type { Binding, StepDef } from "./registry.ts";
import { brief, documentsCode, documentsStatus, hasNoContent, provided, responseValues, sameValue } from "./response-helpers.ts";
import { simLine } from "./test-data.ts";

const RP = String.raw`the response property "([^"]+)"`;

interface Alternative {
  status: number;
  alternative: number;
  code: string;
}

function expectStatus(world: World, expected: number[], quoted: boolean): void {
  const r = world.received();
  world.assertedStatus = expected[0];
  if (quoted) world.note(`the test definition quotes the HTTP status ("${expected[0]}"): compared as a number (tolerated)`);
  if (expected.includes(r.status)) return;
  const alt = world.memory.get("alternative-answer") as Alternative | undefined;
  if (alt && expected.includes(alt.status) && r.status === alt.alternative) {
    world.memory.set("alternative-taken", alt);
    world.note(`answered ${alt.alternative} ${alt.code} instead of ${alt.status}: the definition allows it where the format of the id is not validated`);
    return;
  }
  if (!expected.some((s) => documentsStatus(r.op, s))) {
    world.contradiction(`expects HTTP ${expected.join(" or ")}, which ${r.op.operationId} does not document; the target answered ${r.status}`);
    return;
  }
  fail(`HTTP status of ${r.op.operationId}`, expected.join(" or "), `${r.status} ${brief(r.text)}`);
}

function expectCode(world: World, codes: string[]): void {
  const r = world.received();
  const status = world.assertedStatus ?? r.status;
  for (const c of codes) world.noteCode(status, c);
  const code = (r.body as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && codes.includes(code)) return;
  const alt = world.memory.get("alternative-taken") as Alternative | undefined;
  if (alt && code === alt.code && r.status === alt.alternative) return;
  if (typeof code === "string" && !codes.some((c) => documentsCode(r.op, r.status, c)) && documentsCode(r.op, r.status, code)) {
    world.contradiction(
      `expects code ${codes.join(" or ")}, which ${r.op.operationId} does not document for HTTP ${r.status}; the target answered ${code}, which it documents`,
    );
    return;
  }
  fail(`ErrorInfo code of ${r.op.operationId}`, codes.join(" or "), `${r.status} ${show(code) ?? "(no code)"}`);
}

function expectBodyStatus(world: World, n: number): void {
  const r = world.received();
  const v = (r.body as { status?: unknown } | undefined)?.status;
  const alt = world.memory.get("alternative-taken") as Alternative | undefined;
  if (typeof v === "number") {
    world.assertedBodyStatus = n;
    if (v === n || (alt && n === alt.status && v === alt.alternative)) return;
    fail(`ErrorInfo status of ${r.op.operationId}`, n, v);
  }
  // no ErrorInfo status: the definition uses $.status for the HTTP status (sim-swap-subscriptions)
  world.note(`the test definition checks "$.status" = ${n} on an answer without an ErrorInfo status: compared with the HTTP status (tolerated)`);
  world.assertedStatus ??= n;
  if (r.status !== n) fail(`HTTP status of ${r.op.operationId} (as "$.status")`, n, r.status);
}

function schemaOf(world: World, ref: string) {
  const r = world.received();
  const found = world.runtime.specs.schema(r.op.api, ref);
  if (!found) {
    world.contradiction(`names the schema "${ref}", which the spec of ${r.op.api} ${r.op.version} does not define`);
    return undefined;
  }
  return found;
}

function expectSchema(world: World, ref: string, value: unknown, what = "the response body"): void {
  const found = schemaOf(world, ref);
  if (!found) return;
  const problem = schemaProblem(found.schema, value);
  if (problem) fail(`${what} does not comply with ${found.name}: ${problem}`, found.name, brief(JSON.stringify(value) ?? "(no body)"));
}

function items(world: World, ref: string | undefined): unknown[] {
  const body = world.received().body;
  if (Array.isArray(body)) return body;
  if (body !== undefined && typeof body === "object") {
    world.note(`the test definition speaks of "the response array", but ${world.received().op.operationId} answers one object: checked as the only item (tolerated)`);
    return [body];
  }
  return fail(`the response body is not an array${ref ? ` of ${ref}` : ""}`, "an array", brief(world.received().text));
}

function expectEqual(world: World, path: string, expected: unknown): void {
  const values = responseValues(world, path);
  if (values.length === 0) fail(`response property ${path} is absent`, show(expected), "(absent)");
  if (!isDeepStrictEqual(values[0], expected)) fail(`response property ${path}`, expected, values[0]);
}

async function timeCheck(world: World, path: string, value: unknown, rule: "past" | { after: string }): Promise<void> {
  const t = typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) fail(`response property ${path} is not a date-time`, "RFC 3339 date-time", value);
  if (rule === "past") {
    const { now, tolerance } = await targetNow(world);
    if (t > now + tolerance) fail(`response property ${path} is not in the past`, `<= ${new Date(now).toISOString()}`, value);
    return;
  }
  const other = responseValues(world, rule.after)[0];
  if (other === undefined) return;
  if (!(t > Date.parse(String(other)))) fail(`response property ${path} is not later than ${rule.after}`, `> ${show(other)}`, value);
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

export const responseSteps: StepDef[] = [
  {
    name: "response.status-code",
    concept: "response",
    patterns: [/^the response (?:status code|status|code) is ("?)(\d{3})"?(?: or "?(\d{3})"?)?$/i],
    run: (world, [quote, a, b]) => expectStatus(world, [Number(a), ...(b ? [Number(b)] : [])], quote === '"'),
  },
  {
    name: "response.error-status",
    concept: "response",
    patterns: [/^the response property "\$\.status" is (\d{3})$/i],
    run: (world, [n]) => expectBodyStatus(world, Number(n)),
  },
  {
    name: "response.error-code",
    concept: "response",
    patterns: [/^the response property "\$\.code" is ("[^"]+"(?: (?:or|OR) "[^"]+")*)$/],
    run: (world, [list]) => expectCode(world, [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1])),
  },
  {
    name: "response.error-message",
    concept: "response",
    patterns: [/^the response property "\$\.message" contains a user[ -]friendly text$/i],
    run(world) {
      const m = (world.received().body as { message?: unknown } | undefined)?.message;
      if (typeof m !== "string" || m.trim() === "") fail("ErrorInfo message is not a text", "a non-empty message", m);
    },
  },
  {
    name: "response.header-value",
    concept: "response",
    patterns: [/^the response header "([^"]+)" is "([^"]*)"$/i],
    run(world, [name, expected]) {
      const r = world.received();
      const actual = r.headers[name.toLowerCase()];
      const media = (s: string) => s.split(";")[0].trim().toLowerCase();
      const ok = actual !== undefined && (name.toLowerCase() === "content-type" ? media(actual) === media(expected) : actual === expected);
      if (ok) return;
      if (actual === undefined && r.text === "" && hasNoContent(r.op, r.status)) {
        world.contradiction(`expects the header ${name}: ${expected} on the ${r.status} answer of ${r.op.operationId}, which the spec defines without content`);
        return;
      }
      fail(`response header ${name}`, expected, actual ?? "(absent)");
    },
  },
  {
    name: "response.header-echo",
    concept: "response",
    patterns: [/^the response header "([^"]+)" has (?:the )?same value as (?:in )?the request header "([^"]+)"$/i],
    run(world, [resName, reqName]) {
      const r = world.received();
      const sent = r.sent.headers[reqName.toLowerCase()];
      const got = r.headers[resName.toLowerCase()];
      if (sent === undefined) throw new Error(`the request carried no ${reqName} header to compare with`);
      if (got !== sent) fail(`response header ${resName} does not echo the request's ${reqName}`, sent, got ?? "(absent)");
    },
  },
  {
    name: "response.schema",
    concept: "response",
    patterns: [/^the response body complies with the OAS schema at "([^"]+)"$/i],
    run: (world, [ref]) => expectSchema(world, ref, world.received().body),
  },
  {
    name: "response.schema-of-operation",
    concept: "response",
    patterns: [/^the response body complies with the OAS schema for this operation and status code$/i],
    run(world) {
      const r = world.received();
      const schema = r.op.responses[String(r.status)]?.content["application/json"];
      if (!schema) fail(`${r.op.operationId} documents no JSON body for ${r.status}`, "a documented JSON answer", r.status);
      const problem = schemaProblem(schema, r.body);
      if (problem) fail(`the response body does not comply with the schema of ${r.op.operationId} ${r.status}: ${problem}`);
    },
  },
  {
    name: "response.schema-each-item",
    concept: "response",
    patterns: [
      /^each item of the response array(, if any,)? complies with the OAS schema at "([^"]+)"$/i,
      /^the response body has an array of items and each item complies with the OAS schema at "([^"]+)"$/i,
      /^the response body complies with an array of OAS schema defined at "([^"]+)"$/i,
    ],
    run(world, args) {
      const ref = args[args.length - 1];
      const list = items(world, ref);
      list.forEach((item, i) => expectSchema(world, ref, item, `item ${i} of the response`));
    },
  },
  {
    name: "response.schema-single-item",
    concept: "response",
    patterns: [/^the response array has only one item which complies with the OAS schema at "([^"]+)"$/i],
    run(world, [ref]) {
      const list = items(world, ref);
      if (list.length !== 1) fail("the response array does not have exactly one item", 1, list.length);
      expectSchema(world, ref, list[0], "the only item of the response");
    },
  },
  {
    name: "response.schema-if-status",
    concept: "response",
    patterns: [/^if the response property "\$\.status" is (\d{3}) then the response body complies with the OAS schema at "([^"]+)"$/i],
    run(world, [n, ref]) {
      if (world.received().status === Number(n)) expectSchema(world, ref, world.received().body);
    },
  },
  {
    name: "response.no-body-if-status",
    concept: "response",
    patterns: [/^if the response property "\$\.status" is (\d{3}) then the response body is not available$/i],
    run(world, [n]) {
      const r = world.received();
      if (r.status === Number(n) && r.text !== "") fail(`the ${n} answer has a body`, "(no body)", brief(r.text));
    },
  },
  {
    name: "response.items-property-equal",
    concept: "response",
    patterns: [/^each item of the response array, if any, has property "([^"]+)" equal to "?([^"]+?)"?$/i],
    run(world, [path, value]) {
      const values = responseValues(world, path.startsWith("$[") ? path : `$[*]${normalisePath(path).slice(1)}`);
      const wrong = values.filter((v) => v !== value);
      if (wrong.length > 0) fail(`items of the response have ${path} other than ${value}`, value, wrong[0]);
    },
  },
  {
    name: "response.empty-array",
    concept: "response",
    patterns: [/^the response body is (?:\[\]|an empty array|an empty list)$/i],
    run(world) {
      const body = world.received().body;
      if (!Array.isArray(body) || body.length > 0) fail("the response body is not an empty array", "[]", brief(world.received().text));
    },
  },
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
    name: "response.property-string",
    concept: "response",
    patterns: [new RegExp(`^${RP.replace('"([^"]+)"', '"((?!\\$\\.code")[^"]+)"')} is "([^"]*)"$`, "i")],
    run: (world, [path, value]) => expectEqual(world, path, value),
  },
  {
    name: "response.property-one-of",
    concept: "response",
    patterns: [new RegExp(`^${RP.replace('"([^"]+)"', '"((?!\\$\\.code")[^"]+)"')} is "([^"]*)" or "([^"]*)"$`, "i")],
    run(world, [path, a, b]) {
      const v = responseValues(world, path)[0];
      if (v !== a && v !== b) fail(`response property ${path}`, `${a} or ${b}`, v);
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
    name: "response.exists-in-past",
    concept: "response",
    patterns: [new RegExp(`^${RP} exists and the value is in the past$`, "i")],
    async run(world, [path]) {
      const v = responseValues(world, path);
      if (v.length === 0) fail(`response property ${path} is absent`, "present", "(absent)");
      await timeCheck(world, path, v[0], "past");
    },
  },
  {
    name: "response.duration-not-lower",
    concept: "response",
    patterns: [new RegExp(`^${RP} is not lower than request property "([^"]+)"$`, "i")],
    run(world, [path, requestPath]) {
      const given = provided(world, requestPath, "request");
      const v = responseValues(world, path)[0];
      if (typeof v !== "number" || typeof given.value !== "number" || v < given.value) fail(`response property ${path} is lower than ${requestPath}`, `>= ${show(given.value)}`, v);
    },
  },
  {
    name: "response.duration-max",
    concept: "response",
    patterns: [new RegExp(`^${RP} does not exceed the "maxDuration" for the QoS Profile$`, "i")],
    run(world, [path]) {
      const max = world.memory.get("maxDuration");
      if (typeof max !== "number") throw new Error("no maxDuration was read by an earlier step");
      const v = responseValues(world, path)[0];
      if (typeof v !== "number" || v > max) fail(`response property ${path} exceeds the profile's maxDuration`, `<= ${max}`, v);
    },
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
  {
    name: "response.valid-timestamp",
    concept: "response",
    patterns: [new RegExp(`^${RP} contains a valid timestamp$`, "i")],
    run(world, [path]) {
      const v = responseValues(world, path)[0];
      if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(v) || !Number.isFinite(Date.parse(v))) {
        fail(`response property ${path} is not a timestamp`, "RFC 3339 date-time", v);
      }
    },
  },
  {
    name: "response.activation-timestamp",
    concept: "response",
    patterns: [new RegExp(`^${RP} contains the sim's activation timestamp$`, "i")],
    async run(world, [path]) {
      const line = simLine(world);
      if (line?.activatedHoursAgo === undefined) skip("the SIM activation date of the line is not known from the target's test data");
      const v = responseValues(world, path)[0];
      const { now } = await targetNow(world);
      const expected = now - line.activatedHoursAgo * 3_600_000;
      const t = typeof v === "string" ? Date.parse(v) : NaN;
      // the activation was set relative to the target's clock when it loaded its data: a day of slack
      if (!Number.isFinite(t) || Math.abs(t - expected) > 86_400_000) fail(`response property ${path} is not the SIM activation date`, `about ${new Date(expected).toISOString()}`, v);
    },
  },
  {
    name: "response.monitored-period",
    concept: "response",
    patterns: [new RegExp(`^the response optionally contains the property "([^"]+)" with the value of monitored time frame \\(in days\\) supported by the MNO$`, "i")],
    run(world, [path]) {
      const v = responseValues(world, path)[0];
      if (v === undefined) return;
      const days = world.runtime.fixtures.simSwap.monitoredDays;
      if (!Number.isInteger(v) || (days !== undefined && v !== days)) fail(`response property ${path}`, days ?? "an integer number of days", v);
    },
  },
];
