/**
 * Response validation, fourth part: times and durations of response properties: a time in the past
 * (on the target's clock) or later than another property; a duration not lower than the request's,
 * not above the profile's maxDuration; SIM-swap timestamps (latest change, activation, the monitored
 * period).
 */
import { targetNow } from "../../target/clock.ts";
import { fail, show, skip } from "../outcome.ts";
import { FEATURE_CLOCK_TOLERANCE_MS } from "../resources.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";
import { RP, provided, responseValues } from "./response-helpers.ts";
import { simLine } from "./test-data.ts";

/** A date-time property in the past (on the target's clock), or later than another property. */
export async function timeCheck(world: World, path: string, value: unknown, rule: "past" | { after: string }): Promise<void> {
  const t = typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) fail(`response property ${path} is not a date-time`, "RFC 3339 date-time", value);
  if (rule === "past") {
    const { now, tolerance } = await targetNow(world.target, FEATURE_CLOCK_TOLERANCE_MS);
    if (t > now + tolerance) fail(`response property ${path} is not in the past`, `<= ${new Date(now).toISOString()}`, value);
    return;
  }
  const other = responseValues(world, rule.after)[0];
  if (other === undefined) return;
  if (!(t > Date.parse(String(other)))) fail(`response property ${path} is not later than ${rule.after}`, `> ${show(other)}`, value);
}

export const responseTimeSteps: StepDef[] = [
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
      const { now } = await targetNow(world.target, FEATURE_CLOCK_TOLERANCE_MS);
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
