/**
 * Test data the scenario needs the target to have (API-Testing-Guidelines "Testing assets"): the
 * subject of the request (a plain device, one the service does not apply to, a line in a SIM-swap
 * state, identifier types the target does not support, restricted QoS profiles). Each maps to the
 * target configuration or to the test data of a harness target; when the target has nothing that
 * fits, the scenario is skipped with the reason.
 */
import { createHash } from "node:crypto";
import type { SimLine } from "../fixtures.ts";
import { skip } from "../outcome.ts";
import { schemaProblem } from "../schema-validation.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";

const TOKEN_OR_BODY = String.raw`(?:,)? identified by the token or provided in the request body`;

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function notApplicableSubject(world: World): void {
  const api = world.api ?? "";
  world.setSubject(world.runtime.fixtures.notApplicable[api], "not applicable", `subscriber to which ${api} is not applicable`);
}

/** The SIM line of the scenario: the one a SIM step chose. */
export function simLine(world: World): SimLine | undefined {
  return world.memory.get("simLine") as SimLine | undefined;
}

function useSimLine(world: World, line: SimLine | undefined, what: string): SimLine {
  if (!line) skip(`the target's test data names no line ${what}`);
  world.setSubject(line, what, `line ${what}`);
  world.memory.set("simLine", line);
  return line;
}

export const testDataSteps: StepDef[] = [
  {
    name: "data.plain-device",
    concept: "data",
    patterns: [
      new RegExp(`^a valid testing device supported by the service${TOKEN_OR_BODY}$`, "i"),
      /^a valid phone number identified by the token or provided in the request body$/i,
      /^a request body compliant with the schema at "([^"]+)"$/i,
    ],
    run(world) {
      world.setSubject(world.target.subscribers.plain, "plain", "plain test subscriber (subscribers.plain)");
    },
  },
  {
    name: "data.plain-device-without-resources",
    concept: "data",
    patterns: [
      new RegExp(`^a valid testing device supported by the service${TOKEN_OR_BODY},? with no QoS active sessions associated$`, "i"),
      new RegExp(`^a valid testing device without an existing QoS assignment${TOKEN_OR_BODY}$`, "i"),
      /^no subscription is existing for a phoneNumber$/i,
    ],
    run(world) {
      // a second subscriber: nothing the plain one may still hold can leak into the answer
      world.setSubject(world.target.subscribers.plain2, "plain (2)", "second plain test subscriber (subscribers.plain2)");
    },
  },
  {
    name: "data.phone-number-by-token",
    concept: "data",
    patterns: [
      /^a valid phone number (?:supported by the service, )?identified by the token$/i,
      /^a valid testing phoneNumber supported by the service, identified by the token$/i,
      /^a valid phone number identified by the token and provided in the request body$/i,
    ],
    run(world) {
      world.setSubject(world.target.subscribers.plain, "plain", "plain test subscriber (subscribers.plain)");
      world.subject.via = "token";
    },
  },
  {
    name: "data.not-applicable",
    concept: "data",
    patterns: [
      new RegExp(`^a valid (?:device|phone number)${TOKEN_OR_BODY}, for which the service is not applicable$`, "i"),
      /^a device for which the service is not applicable, provided in the request body or identified by the access token$/i,
    ],
    run: notApplicableSubject,
  },
  {
    name: "data.service-not-for-all",
    concept: "data",
    patterns: [/^that the service is not available for all (?:devices|phone numbers) commercialized by the operator$/i],
    run(world) {
      const api = world.api ?? "";
      if (!world.runtime.fixtures.notApplicable[api]) skip(`the target configuration names no subscriber to which ${api} is not applicable`);
    },
  },
  {
    name: "data.unsupported-identifiers",
    concept: "data",
    patterns: [/^that some types of device identifiers are not supported by the implementation$/i],
    run(world) {
      if (world.target.unsupportedIdentifiers.length === 0) skip("the target configuration lists no unsupported identifier type (unsupportedIdentifiers)");
    },
  },
  {
    name: "data.restricted-profiles",
    concept: "data",
    patterns: [/^that implementation has QoS Profiles restricted to certain devices$/i],
    run(world) {
      if (!world.runtime.fixtures.restrictedProfiles) skip("the target declares no QoS profiles restricted to certain devices");
    },
  },
  {
    name: "data.restricted-profiles-device",
    concept: "data",
    patterns: [/^a device suitable for the restricted QoS Profiles is provided in the request body or identified by the access token$/i],
    run(world) {
      const r = world.runtime.fixtures.restrictedProfiles;
      world.setSubject(r?.device, "restricted profiles", "device for the restricted QoS profiles");
    },
  },
  {
    name: "data.no-device",
    concept: "data",
    patterns: [/^no device is provided in the request body or identified by the access token$/i],
    run(world) {
      world.subject.via = "body";
      world.body.patches.push({ op: "delete", path: "$.device" });
    },
  },
  {
    name: "data.existing-profile",
    concept: "data",
    patterns: [/^an existing QoS profile$/i],
    run(world) {
      const name = world.target.qosProfiles.active;
      if (!name) skip("the target configuration names no ACTIVE QoS profile (qosProfiles.active)");
      world.memory.set("profile", name);
    },
  },
  {
    name: "data.profile-not-applicable",
    concept: "data",
    patterns: [/^the requested QoS Profile exists but is not applicable for the (?:session|QoS assignment)$/i],
    run(world) {
      const name = world.target.qosProfiles.inactive ?? world.target.qosProfiles.deprecated;
      if (!name) skip("the target configuration names no INACTIVE or DEPRECATED QoS profile (qosProfiles.inactive)");
      world.body.patches.push({ op: "set", path: "$.qosProfile", value: name });
    },
  },
  // ---- SIM swap lines ----------------------------------------------------------------------
  {
    name: "data.sim-swapped-recently",
    concept: "data",
    patterns: [/^the SIM for this phone number has been swapped(?: in the last "?(\d+)"?(?: hours)?)?$/i],
    run(world, [hours]) {
      const line = useSimLine(world, world.runtime.fixtures.simSwap.recentSwap, "whose SIM was swapped recently");
      if (hours && (line.lastSwapHoursAgo ?? Infinity) >= Number(hours)) skip(`the test data's most recent SIM swap is older than ${hours} hours`);
    },
  },
  {
    name: "data.sim-swapped-long-ago",
    concept: "data",
    patterns: [/^the SIM for this phone number has been swapped more than "?(\d+)"? hours ago$/i],
    run(world, [hours]) {
      const line = useSimLine(world, world.runtime.fixtures.simSwap.oldSwap, `whose last SIM swap is older than ${hours} hours`);
      if ((line.lastSwapHoursAgo ?? 0) <= Number(hours)) skip(`the test data names no line swapped more than ${hours} hours ago`);
    },
  },
  {
    name: "data.sim-never-swapped",
    concept: "data",
    patterns: [/^the SIM for this phone number has never been swapped$/i],
    run: (world) => void useSimLine(world, world.runtime.fixtures.simSwap.neverSwapped, "whose SIM was never swapped"),
  },
  {
    name: "data.sim-activated-before",
    concept: "data",
    patterns: [/^the activation of the SIM occurred more than "?(\d+)"? hours ago$/i],
    run(world, [hours]) {
      const line = simLine(world) ?? useSimLine(world, world.runtime.fixtures.simSwap.neverSwapped, "whose SIM was never swapped");
      if ((line.activatedHoursAgo ?? 0) <= Number(hours)) skip(`the test data's line was activated less than ${hours} hours ago`);
    },
  },
  {
    name: "data.sim-none",
    concept: "data",
    patterns: [/^the phone number is not associated to any sim card$/i],
    run(world) {
      world.setSubject(world.runtime.fixtures.simSwap.noSim, "no SIM", "number that was never associated with a SIM");
    },
  },
  {
    name: "data.sim-limited-history",
    concept: "data",
    patterns: [/^the SIM for this phone number has been swapped before the limited history window threshold$/i],
    run: (world) => void useSimLine(world, world.runtime.fixtures.simSwap.limitedHistory, "swapped before the limited history window"),
  },
  {
    name: "data.sim-swap-older-than-max-age",
    concept: "data",
    patterns: [/^the last swap for this phone number's SIM was more than "maxAge" hours ago$/i],
    run(world) {
      const line = simLine(world);
      const maxAge = world.memory.get("maxAge");
      if (!line || typeof maxAge !== "number" || (line.lastSwapHoursAgo ?? 0) <= maxAge) {
        throw new Error("no maxAge below the line's last SIM swap was chosen by an earlier step");
      }
    },
  },
  // ---- Number Verification ---------------------------------------------------------------
  {
    name: "data.nv-own-number",
    concept: "data",
    patterns: [/^the (?:request )?body property "([^"]+)" is set to the phone number identified by the access token(, hashed in SHA-256 \(in hexadecimal representation\))?$/i],
    run(world, [path, hashed]) {
      const n = world.subscriber().phoneNumber;
      world.body.patches.push({ op: "set", path, value: hashed ? sha256Hex(n) : n });
    },
  },
  {
    name: "data.nv-other-number",
    concept: "data",
    patterns: [
      /^the (?:request )?body property "([^"]+)" is set to a valid phone number different from the one identified by the access token(, hashed in SHA-256 \(in hexadecimal representation\))?$/i,
    ],
    run(world, [path, hashed]) {
      const own = world.subscriber().phoneNumber;
      const other = [world.target.subscribers.plain2, world.target.subscribers.plain, world.target.subscribers.unknown].find(
        (s) => s && s.phoneNumber !== own,
      );
      if (!other) skip("the target configuration names no second phone number");
      world.body.patches.push({ op: "set", path, value: hashed ? sha256Hex(other.phoneNumber) : other.phoneNumber });
    },
  },
  {
    name: "data.nv-hashed-number",
    concept: "data",
    patterns: [/^the request body property "([^"]+)" is set to a valid phone number compliant with OAS schema at "([^"]+)"$/i],
    run(world, [path]) {
      world.body.patches.push({ op: "set", path, value: sha256Hex(world.subscriber().phoneNumber) });
    },
  },
  {
    name: "data.nv-number-compliant",
    concept: "data",
    patterns: [/^the same phone number is compliant with OAS schema at "([^"]+)"$/i],
    run(world, [ref]) {
      const found = world.api ? world.runtime.specs.schema(world.api, ref) : undefined;
      if (!found) throw new Error(`the spec defines no schema '${ref}'`);
      const problem = schemaProblem(found.schema, world.subscriber().phoneNumber);
      if (problem) throw new Error(`the test subscriber's phone number does not comply with ${found.name}: ${problem}`);
    },
  },
];
