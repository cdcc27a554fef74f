/**
 * SIM Swap semantics over lines of known state (layer "api", version of the target's release):
 * the target file's `lines.simSwap` or, for our mock, its test data. Each scenario skips with the key
 * to declare when the target names no such line.
 *   - check inside and outside maxAge around a known change, and with the default maxAge (240 h);
 *   - retrieve-date equals the known change time (within lines.simSwap.toleranceMinutes);
 *   - a never-swapped line reports its activation and is not swapped;
 *   - a number never associated with a SIM: latestSimChange null, not swapped;
 *   - a line whose history is limited to the monitored period: latestSimChange null (+ monitoredPeriod in 2.x);
 *   - maxAge beyond the monitored period: 400 OUT_OF_RANGE (2.x), the period itself is accepted;
 *   - maxAge violating the schema: 400 INVALID_ARGUMENT.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { apiScenario } from "../support/official.ts";
import { scenario } from "../support/scenario.ts";
import {
  API, DEFAULT_MAX_AGE, changeTime, check, declared, expectSameInstant, maxAllowedAge, monitoredHours, retrieveDate, simSwapInfoOf,
  simSwapOfRelease, swappedLine, swappedLines, swappedOf, toleranceMs,
} from "./sim-swap-release.ts";

const SS = simSwapOfRelease();
const def = (operationId: string) => apiScenario(API, SS.version, operationId);
const ID = "sim_swap_known_lines";

describe(`sim-swap ${SS.version} lines of known state (api)`, () => {
  scenario(
    def("checkSimSwap")(`${ID}_01_inside_max_age`, "A line swapped N hours ago is swapped for maxAge just above N",
      "swapped is true when the latest SIM change happened within maxAge hours"),
    async (t: ScenarioContext) => {
      const line = await swappedLine(t, "less than the largest accepted maxAge ago", (age) => Math.ceil(age) + 1 <= maxAllowedAge(t));
      const maxAge = Math.ceil(line.age) + 1;
      expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber, maxAge })), `swapped ${line.age.toFixed(2)} h ago, maxAge ${maxAge}`).toBe(true);
    },
  );

  scenario(
    def("checkSimSwap")(`${ID}_02_outside_max_age`, "A line swapped N hours ago is not swapped for maxAge just below N",
      "swapped is false when the latest SIM change is older than maxAge hours (maxAge is not ignored)"),
    async (t: ScenarioContext) => {
      const line = await swappedLine(t, "2 hours or more", (age) => age >= 2);
      const maxAge = Math.min(Math.floor(line.age) - 1, maxAllowedAge(t));
      expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber, maxAge })), `swapped ${line.age.toFixed(2)} h ago, maxAge ${maxAge}`).toBe(false);
    },
  );

  scenario(
    def("checkSimSwap")(`${ID}_03_default_max_age`, "Without maxAge, a change within 240 hours counts and an older one does not",
      `maxAge defaults to ${DEFAULT_MAX_AGE} hours`),
    async (t: ScenarioContext) => {
      const lines = await swappedLines(t);
      const recent = lines.find((l) => l.age < DEFAULT_MAX_AGE - 1);
      const old = lines.find((l) => l.age > DEFAULT_MAX_AGE + 1);
      t.require(recent || old, "no declared swapped line is clearly inside or outside 240 hours at this point of the run");
      if (recent) expect(swappedOf(await check(t, { phoneNumber: recent.phoneNumber })), `swapped ${recent.age.toFixed(1)} h ago, default maxAge`).toBe(true);
      if (old) expect(swappedOf(await check(t, { phoneNumber: old.phoneNumber })), `swapped ${old.age.toFixed(1)} h ago, default maxAge`).toBe(false);
    },
  );

  scenario(
    def("retrieveSimSwapDate")(`${ID}_04_date_of_known_change`, "retrieve-date reports the known change time of each swapped line",
      "latestSimChange is the time of the latest SIM change (within lines.simSwap.toleranceMinutes)"),
    async (t: ScenarioContext) => {
      const limit = monitoredHours(t);
      const lines = (await swappedLines(t)).filter((l) => limit === undefined || l.age < limit);
      t.require(lines.length > 0, "no declared swapped line inside the monitored period");
      for (const line of lines) {
        const info = simSwapInfoOf(await retrieveDate(t, { phoneNumber: line.phoneNumber }));
        expectSameInstant(info.latestSimChange, line.at, toleranceMs(t), `line swapped ${line.age.toFixed(1)} h ago`);
      }
    },
  );

  scenario(
    def("retrieveSimSwapDate")(`${ID}_05_never_swapped_activation`, "A never-swapped line reports its activation and is not swapped",
      "latestSimChange of a line never swapped is its activation; check below that age is false"),
    async (t: ScenarioContext) => {
      const line = declared(t, "neverSwapped");
      const activatedAt = changeTime(t, line.activatedHoursAgo);
      const info = simSwapInfoOf(await retrieveDate(t, { phoneNumber: line.phoneNumber }));
      expectSameInstant(info.latestSimChange, activatedAt, toleranceMs(t), "activation");
      const maxAge = Math.min(maxAllowedAge(t), Math.max(1, Math.floor(line.activatedHoursAgo) - 1));
      expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber, maxAge })), `maxAge ${maxAge}`).toBe(false);
      expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber })), "default maxAge").toBe(false);
    },
  );

  scenario(
    def("retrieveSimSwapDate")(`${ID}_06_never_associated`, "A number never associated with a SIM: latestSimChange null, not swapped",
      "latestSimChange is null for a number that never had a SIM; swapped is false"),
    async (t: ScenarioContext) => {
      const { phoneNumber } = declared(t, "neverAssociated");
      expect(simSwapInfoOf(await retrieveDate(t, { phoneNumber })).latestSimChange, "latestSimChange").toBeNull();
      expect(swappedOf(await check(t, { phoneNumber, maxAge: maxAllowedAge(t) })), "swapped").toBe(false);
    },
  );

  scenario(
    def("retrieveSimSwapDate")(`${ID}_07_history_limited`, "A change older than the monitored period is not disclosed",
      SS.monitoredPeriod ? "latestSimChange null and monitoredPeriod (when given) the operator's period in days" : "latestSimChange null"),
    async (t: ScenarioContext) => {
      const { phoneNumber } = declared(t, "historyLimited");
      const info = simSwapInfoOf(await retrieveDate(t, { phoneNumber }));
      expect(info.latestSimChange, "latestSimChange").toBeNull();
      const days = declared(t, "monitoredPeriodDays");
      if (SS.monitoredPeriod && info.monitoredPeriod !== undefined) expect(info.monitoredPeriod, "monitoredPeriod (days)").toBe(days);
    },
  );

  scenario(
    def("checkSimSwap")(`${ID}_08_out_of_range`, "maxAge beyond the monitored period: 400 OUT_OF_RANGE; the period itself is accepted",
      "A maxAge above the monitored period (local regulation) answers 400 OUT_OF_RANGE, not INVALID_ARGUMENT"),
    async (t: ScenarioContext) => {
      t.require(SS.monitoredPeriod, `SIM Swap ${SS.version} documents no OUT_OF_RANGE`);
      const limit = monitoredHours(t);
      t.require(limit !== undefined && limit < 2400, "the target declares no monitored period below 100 days (lines.simSwap.monitoredPeriodDays)");
      const { phoneNumber } = declared(t, "neverSwapped");
      expect(swappedOf(await check(t, { phoneNumber, maxAge: limit })), `maxAge ${limit} (the monitored period)`).toBe(false);
      t.expectError(await check(t, { phoneNumber, maxAge: limit + 1 }), 400, "OUT_OF_RANGE");
    },
  );

  // a value outside the schema's range may be OUT_OF_RANGE (as the official 400.2 expects for 100000)
  for (const [n, value, why, codes] of [
    ["a", 0, "below the minimum 1", ["INVALID_ARGUMENT", "OUT_OF_RANGE"]],
    ["b", "24", "a string", ["INVALID_ARGUMENT"]],
    ["c", 1.5, "not an integer", ["INVALID_ARGUMENT"]],
  ] as const) {
    scenario(
      def("checkSimSwap")(`${ID}_09${n}_max_age_schema`, `maxAge ${why}: 400 ${codes.join(" or ")}`, "A maxAge that violates the schema answers 400 INVALID_ARGUMENT (a value out of range may be OUT_OF_RANGE)"),
      async (t: ScenarioContext) => {
        const { phoneNumber } = declared(t, "neverSwapped");
        t.expectError(await check(t, { phoneNumber, maxAge: value }), 400, [...codes]);
      },
    );
  }
});
