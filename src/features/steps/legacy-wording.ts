/**
 * Older phrasings of current steps in the official test definitions (fall24: QoD r1.3, SIM Swap
 * r1.3; spring25: QoD r2.2, SIM Swap r2.2): a typo or an older phrasing of a current step is
 * re-dispatched to that step (`inner`); older wording with no current counterpart has its own
 * definition here. Registered after the current library (legacy.ts), so they never take a step the
 * current wording binds.
 */
import { normalisePath } from "../json-path.ts";
import { fail, skip } from "../outcome.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";

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

function otherSubscriber(world: World) {
  const own = world.subscriber().phoneNumber;
  const other = [world.target.subscribers.plain2, world.target.subscribers.plain].find((s) => s && s.phoneNumber !== own);
  if (!other) skip("the target configuration names no second test subscriber");
  return other;
}

const PROP = String.raw`the request (?:body )?property "([^"]+)"`;

export const legacyWordingSteps: StepDef[] = [
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
];
