/**
 * Older wording of the official test definitions (fall24: QoD r1.3, SIM Swap r1.3, Number
 * Verification r1.3; spring25: QoD r2.2, SIM Swap r2.2, Number Verification r2.4). These
 * definitions come last in the library, so they never take a step the current wording binds:
 * - a typo or an older phrasing of a current step is re-dispatched to that step (`inner`);
 * - the Number Verification dialect ("they use the base url", `the resource is "/verify"`, the
 *   HTTPS request, the NUMBERVERIFY_* test assets) has its own definitions: the connection's
 *   device is the plain test subscriber (…PHONENUMBER1), …PHONENUMBER2 is the second one.
 */
import { normalisePath } from "../json-path.ts";
import { fail, skip } from "../outcome.ts";
import { sendRequest } from "../request.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";
import { responseValues } from "./response-helpers.ts";
import { sha256Hex } from "./test-data.ts";

/** A re-dispatching definition: the step means `target(args)` in current wording. */
function alias(name: string, patterns: RegExp[], target: (args: string[]) => string, concept: StepDef["concept"] = "setup"): StepDef {
  return {
    name: `legacy.${name}`,
    concept,
    patterns,
    inner: target,
    run: (world, _args, step, inner) => inner!.def.run(world, inner!.args, step, inner!.inner),
  };
}

/** The test subscriber a NUMBERVERIFY_* asset names: …1 (or none) the plain one, …2 the second. */
function nvAsset(world: World, name: string): { phoneNumber: string; hashed: boolean } {
  const hashed = /_HASHED/i.test(name);
  const second = /2$/.test(name);
  const s = second ? world.target.subscribers.plain2 : world.target.subscribers.plain;
  if (!s) skip(`the target configuration names no test subscriber for ${name}`);
  return { phoneNumber: s.phoneNumber, hashed };
}

function nvValue(world: World, name: string): string {
  const a = nvAsset(world, name);
  return a.hashed ? sha256Hex(a.phoneNumber) : a.phoneNumber;
}

function otherSubscriber(world: World) {
  const own = world.subscriber().phoneNumber;
  const other = [world.target.subscribers.plain2, world.target.subscribers.plain].find((s) => s && s.phoneNumber !== own);
  if (!other) skip("the target configuration names no second test subscriber");
  return other;
}

const PROP = String.raw`the request (?:body )?property "([^"]+)"`;

export const legacySteps: StepDef[] = [
  // ---- older phrasings of current steps -------------------------------------------------
  alias("the-the", [/^(.*)\bthe the\b(.*)$/i], ([a, b]) => `${a}the${b}`, "response"),
  alias(
    "unsupported-identifiers",
    [/^that some type of device identifiers are not supported by the implementation$/i],
    () => "that some types of device identifiers are not supported by the implementation",
  ),
  alias(
    "service-not-for-all",
    [/^that service is not supported for all (devices|phone numbers) commercialized by the operator$/i],
    ([what]) => `that the service is not available for all ${what} commercialized by the operator`,
  ),
  alias(
    "service-not-applicable",
    [/^the service is not applicable for the (device|phone number) identified by the token or provided in the request body$/i],
    ([what]) => `a valid ${what} identified by the token or provided in the request body, for which the service is not applicable`,
  ),
  alias("path-that-profile", [/^the path param(?:eter)? "([^"]+)" is set to the value for an that (.+)$/i], ([p, what]) => `the path parameter "${p}" is set to the value for that ${what}`),
  alias("valid-testing-device", [new RegExp(`^${PROP} is set to a valid testing (device|phoneNumber)$`, "i")], ([p, what]) =>
    `the request body property "${p}" is set to a valid ${/device/i.test(what) ? "device" : "phone number"}`,
  ),
  alias("unknown-device", [new RegExp(`^${PROP} is compliant with the request body schema but does not identify a valid (device|phone number)$`, "i")], ([p, what]) =>
    `the request body property "${p}" is compliant with the schema but does not identify a valid ${what}`,
  ),
  alias("two-legged", [/^the header "Authorization" is set to a valid access which does not identif(?:i)?y a single (device|phone number)$/i], ([what]) =>
    `the header "Authorization" is set to a valid access token which does not identify a single ${what}`,
  ),
  alias("three-legged", [/^the header "Authorization" is set to a valid access token identifying a phoneNumber$/i], () =>
    'the header "Authorization" is set to a valid access token identifying a phone number',
  ),
  alias("restricted-returned", [/^the restricted QoS Profiles is returned in the response$/i], () => "the restricted QoS Profiles are returned in the response"),
  alias("sim-never-connected", [/^the sim for that device has never been connected to the Operator's network$/i], () => "the phone number is not associated to any sim card"),
  {
    name: "legacy.unquoted-literal",
    concept: "body",
    // a bare word (a JSON value is body.property-literal's)
    patterns: [new RegExp(`^${PROP} is set to: ((?![-\\d"{[]|(?:true|false|null)$)\\S+)$`, "i")],
    run(world, [path, value]) {
      world.body.patches.push({ op: "set", path: normalisePath(path), value });
    },
  },
  {
    name: "legacy.max-age-at-least",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to a value equal or greater than "(\\d+)" within the allowed range$`, "i")],
    run(world, [path, hours]) {
      // maxAge is 1..2400 in every SIM Swap version: the value itself is the smallest that fits
      const value = Math.min(Number(hours), 2400);
      world.memory.set("maxAge", value);
      world.body.patches.push({ op: "set", path: normalisePath(path), value });
    },
  },
  {
    name: "legacy.identifier-types-supported",
    concept: "data",
    patterns: [/^(?:that )?a[lt] least 2 types of device identifiers are supported by the implementation$/i],
    run(world) {
      const d = world.target.subscribers.plain?.device;
      if (!d || Object.keys(d).length < 2) skip("the target's plain test subscriber has fewer than 2 device identifiers");
    },
  },
  {
    name: "legacy.several-identifiers-different-devices",
    concept: "body",
    patterns: [new RegExp(`^${PROP} includes several identifiers, each of them identifying a valid but different device$`, "i")],
    run(world, [path]) {
      const a = world.target.subscribers.plain;
      const b = world.target.subscribers.plain2;
      if (!a || !b) skip("the target configuration names no second test subscriber (subscribers.plain2)");
      const other = Object.entries(b.device ?? {}).find(([k]) => k !== "phoneNumber");
      if (!other) skip("the second test subscriber has no device identifier other than its phone number");
      world.subject.via ??= "body";
      world.body.patches.push({ op: "set", path: normalisePath(path), value: { phoneNumber: a.phoneNumber, [other[0]]: other[1] } });
    },
  },
  {
    name: "legacy.token-for-other-subject",
    concept: "auth",
    patterns: [/^the header "Authorization" is set to a valid access token emitted for a different (device|phone number)$/i],
    run(world, [what]) {
      // the token identifies the plain subscriber; the body names another one
      world.auth = "valid";
      world.subject = { ...world.subject, via: "token" };
      const other = otherSubscriber(world);
      const device = /device/i.test(what);
      world.body.patches.push({
        op: "set",
        path: device ? "$.device" : "$.phoneNumber",
        value: device ? (other.device ?? { phoneNumber: other.phoneNumber }) : other.phoneNumber,
      });
    },
  },
  {
    name: "legacy.token-without-number-none-in-body",
    concept: "auth",
    patterns: [/^the header "Authorization" is set to a valid (?:3-legged )?access token from which the phone number cannot be deducted$/i],
    run(world) {
      // "... and it is not provided in the request body" (the scenario's title): no phone number at all
      world.auth = "valid";
      world.subject = { ...world.subject, via: "body" };
      world.body.patches.push({ op: "delete", path: "$.phoneNumber" });
    },
  },
  alias("two-legged-token", [/^the header "Authorization" is set to a valid 2-legged access token$/i], () =>
    'the header "Authorization" is set to a valid access token which does not identify a single phone number',
  ),
  alias("property-not-present", [new RegExp(`^${PROP} is not present$`, "i")], ([p]) => `the request body property "${p}" is not included`),
  {
    name: "legacy.token-without-subject",
    concept: "auth",
    patterns: [
      /^the header "Authorization" is set to a valid access token from which the device cannot be deducted$/i,
      /^that the (?:device|phone number) cannot be identified from the access token$/i,
      /^the access token is not associated with a phone number$/i,
    ],
    run(world) {
      world.auth = "valid";
      world.subject = { ...world.subject, via: "body" };
    },
  },
  {
    name: "legacy.not-applicable-number",
    concept: "data",
    patterns: [new RegExp(`^${PROP} is set to a phone number for which the service is not available$`, "i")],
    run(world, [path]) {
      const api = world.api ?? "";
      const s = world.setSubject(world.runtime.fixtures.notApplicable[api], "not applicable", `subscriber to which ${api} is not applicable`);
      world.body.patches.push({ op: "set", path: normalisePath(path), value: s.phoneNumber });
    },
  },
  {
    name: "legacy.number-not-matching-token",
    concept: "data",
    patterns: [new RegExp(`^${PROP} is set to a valid testing phoneNumber that does not match the one associated with the token$`, "i")],
    run(world, [path]) {
      world.auth = "valid";
      world.subject = { ...world.subject, via: "token" };
      world.body.patches.push({ op: "set", path: normalisePath(path), value: otherSubscriber(world).phoneNumber });
    },
  },
  // ---- sim-swap-subscriptions 0.1 (SimSwap r1.3) ------------------------------------------------
  alias("subscription-create", [/^create sim swap subscription$/i], () => 'the HTTP "POST" request is sent', "send"),
  alias("subscription-by-id", [/^(get|delete) sim swap subscription with subscriptionId="id"$/i], ([m]) => `the HTTP "${m.toUpperCase()}" request is sent with subscriptionId="id"`, "send"),
  alias(
    "subscription-unknown-id",
    [/^(get|delete) sim swap subscription with subscriptionId set to non-existing subscription id$/i],
    ([m]) => `the HTTP "${m.toUpperCase()}" request is sent with subscriptionId set to non-existing subscription id`,
    "send",
  ),
  alias("subscription-list", [/^get sim swap subscription$/i], () => 'the HTTP "GET" request is sent', "send"),
  alias(
    "subscription-existing",
    [/^a valid subscription is existing and identified by an "id"$/i, /^an existing subscription for a phone number$/i],
    () => 'a subscription is existing and identified by an "id"',
    "data",
  ),
  alias("subscriptions-existing", [/^valid subscriptions are existing$/i], () => "at least one subscription is existing for the API client making this request", "data"),
  {
    name: "legacy.subscriptions-listed",
    concept: "response",
    patterns: [/^all valid subscriptions are listed$/i],
    run(world) {
      const created = world.resourceCreated;
      if (!created) throw new Error("no subscription was created by an earlier step");
      const body = world.received().body;
      const ids = Array.isArray(body) ? body.map((s) => (s as { id?: unknown } | null)?.id) : [];
      if (!ids.includes(created.id)) fail("subscriptions listed", `a list including ${created.id}`, body);
    },
  },
  // ---- the Number Verification dialect ---------------------------------------------------
  {
    name: "legacy.nv-base-url",
    concept: "setup",
    patterns: [/^they use the base url$/i],
    run() {
      // the base url is the resource of the Background
    },
  },
  {
    name: "legacy.nv-resource-is",
    concept: "setup",
    patterns: [/^the resource is "(\/[^"]*)"$/i],
    run(world, [path]) {
      const base = world.resource;
      if (!base) throw new Error("no base url was named before the resource");
      world.resource = { ...base, path: `${base.path.replace(/\/+$/, "")}${path}`, raw: `${base.raw.replace(/\/+$/, "")}${path}` };
    },
  },
  {
    name: "legacy.nv-scope-included",
    concept: "auth",
    patterns: [/^one of the scopes associated with the access token is ([\w:.-]+)$/i],
    run(world) {
      world.auth = "valid";
    },
  },
  {
    name: "legacy.nv-scope-missing",
    concept: "auth",
    patterns: [/^none of the scopes associated with the access token is ([\w:.-]+)$/i],
    run(world) {
      world.auth = "missing-scope";
    },
  },
  {
    name: "legacy.nv-expired",
    concept: "auth",
    patterns: [/^the access token has expired$/i],
    run(world) {
      world.auth = "expired";
    },
  },
  {
    name: "legacy.nv-not-network-authenticated",
    concept: "auth",
    patterns: [/^the information, e\.g\. authentication method reference, associated with the access token indicates that (?:network authentication was NOT used|neither Network-based nor SIM-based authentication was used)$/i],
    run(world) {
      world.auth = "not-network-auth";
      world.subject = { ...world.subject, via: "token" };
    },
  },
  {
    name: "legacy.nv-oidc-token",
    concept: "auth",
    patterns: [/^they acquired a valid access token associated with (NUMBERVERIFY_\w+) through OIDC authorization code flow$/i],
    run(world, [asset]) {
      if (world.requestsSent > 0) return; // written after the Then steps: the request was sent with such a token
      nvAsset(world, asset);
      world.auth ??= "valid";
      world.subject = { ...world.subject, via: "token" };
    },
  },
  {
    name: "legacy.nv-connection",
    concept: "data",
    patterns: [/^the connection the request is sent over originates from a device with (NUMBERVERIFY_\w+)$/i],
    run(world, [asset]) {
      const s = /2$/.test(asset) ? world.target.subscribers.plain2 : world.target.subscribers.plain;
      world.setSubject(s, "plain", `test subscriber of ${asset}`);
      world.networkAuth = true;
      world.subject = { ...world.subject, via: "token" };
    },
  },
  {
    name: "legacy.nv-asset-compliant",
    concept: "data",
    patterns: [/^(NUMBERVERIFY_\w+) is compliant with the schema (\w+)$/i, /^(NUMBERVERIFY_\w+) is different to (NUMBERVERIFY_\w+)$/i],
    run(world, [a, b]) {
      if (/^NUMBERVERIFY_/i.test(b) && nvValue(world, a) === nvValue(world, b)) throw new Error(`the test data gives ${a} and ${b} the same phone number`);
    },
  },
  {
    name: "legacy.nv-body-field",
    concept: "body",
    patterns: [/^the request body has the field (phoneNumber|hashedPhoneNumber) with a value of (NUMBERVERIFY_\w+)$/i],
    run(world, [field, asset]) {
      // the fields the scenario names replace the default body's identifier (both may be named)
      if (!world.memory.get("nvFieldsCleared")) {
        world.memory.set("nvFieldsCleared", true);
        world.body.patches.push({ op: "delete", path: "$.phoneNumber" }, { op: "delete", path: "$.hashedPhoneNumber" });
      }
      world.body.patches.push({ op: "set", path: `$.${field}`, value: nvValue(world, asset) });
    },
  },
  {
    name: "legacy.nv-body-no-field",
    concept: "body",
    patterns: [/^the request body has NO the field phoneNumber or hashedPhoneNumber$/i],
    run(world) {
      world.body.patches.push({ op: "delete", path: "$.phoneNumber" }, { op: "delete", path: "$.hashedPhoneNumber" });
    },
  },
  {
    name: "legacy.nv-request-body-schema",
    concept: "body",
    patterns: [/^the request body is compliant with the schema (\w+)$/i],
    run() {
      // the default body of the operation complies with its schema
    },
  },
  {
    name: "legacy.nv-response-body-schema-declared",
    concept: "setup",
    patterns: [/^the response body is compliant with the schema (\w+)$/i],
    run(world) {
      // a Background declaration, before any request: each scenario checks its answer's schema itself
      if (world.requestsSent > 0) throw new Error("the step is only understood as a Background declaration");
    },
  },
  {
    name: "legacy.nv-https-send",
    concept: "send",
    patterns: [/^the HTTPS "([A-Z]+)" request is sent$/i],
    async run(world, [method]) {
      const ref = world.resource;
      if (!ref) throw new Error("no resource was named before the request is sent");
      const ops = world.runtime.specs.operationsAt(ref.api, ref.path);
      let op = ops.find((o) => o.method === method.toUpperCase());
      if (!op) {
        if (ops.length !== 1) skip(`no ${method} operation at ${ref.raw} in the specs of release ${world.target.release}`);
        op = ops[0];
        world.contradiction(`sends ${method} to ${ref.raw}, which the spec defines only with ${op.method} (${op.operationId}); sent with ${op.method}`);
      }
      await sendRequest(world, op, { main: true });
    },
  },
  {
    name: "legacy.nv-response-number",
    concept: "response",
    patterns: [/^the response property "([^"]+)" is set to (NUMBERVERIFY_\w+)$/i],
    run(world, [path, asset]) {
      const expected = nvValue(world, asset);
      const got = responseValues(world, path);
      if (got.length !== 1 || got[0] !== expected) fail(`response property ${path}`, expected, got.length === 1 ? got[0] : got);
    },
  },
];
