/**
 * SIM Swap 2.1.0 checkSimSwap, every scenario of the official Fall25 test definitions
 * (sim-swap-checkSimSwap.feature) under its official id, on the target's lines of known state
 * (lines.simSwap; for our mock, its test data). Outlines become one scenario per Examples row.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { scenario } from "../support/scenario.ts";
import { feature, sharedScenarios } from "./official.ts";
import { CHECK_SCOPE, DEFAULT_MAX_AGE, check, declared, maxAllowedAge, monitoredHours, swappedLine, swappedOf } from "./sim-swap-release.ts";

const def = feature("checkSimSwap", "sim-swap-checkSimSwap.feature");
const P = "check_sim_swap";
const ROWS = [260, 120, 24, 12];

describe("sim-swap 2.1.0 checkSimSwap (official)", () => {
  scenario(def(`${P}_1_generic_success_scenario`, 20, "Common validations for any sucess scenario",
    "A valid request answers 200 application/json CheckSimSwapInfo with the x-correlator echoed"), async (t: ScenarioContext) => {
    const answer = await check(t, { phoneNumber: t.subscriber("plain").phoneNumber, maxAge: DEFAULT_MAX_AGE });
    expect(typeof swappedOf(answer), "swapped").toBe("boolean");
    expect(answer.response.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json\b/);
  });

  scenario(def(`${P}_2_valid_sim_swap_no_max_age`, 31, "Check that the response shows that the SIM has been swapped using default value for maxAge",
    "A line swapped in the last 240 hours is swapped with the default maxAge"), async (t: ScenarioContext) => {
    const line = await swappedLine(t, "in the last 240 hours", (age) => age < DEFAULT_MAX_AGE);
    expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber })), "swapped").toBe(true);
  });

  for (const hours of ROWS) {
    scenario(def(`${P}_3_valid_sim_swap_max_age`, 39, "Check that the response shows that the SIM has been swapped - maxAge is provided in the request",
      `A line swapped in the last ${hours} hours is swapped for maxAge >= ${hours}`, String(hours)), async (t: ScenarioContext) => {
      t.require(hours <= maxAllowedAge(t), `maxAge ${hours} is beyond the target's monitored period`);
      const line = await swappedLine(t, `in the last ${hours} hours`, (age) => age < hours);
      expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber, maxAge: hours })), "swapped").toBe(true);
    });
  }

  scenario(def(`${P}_4_more_than_240_hours`, 55, "Check that the response shows that the SIM has not been swapped when the last swap was more than 240 hours ago",
    "A line last swapped more than 240 hours ago is not swapped with the default maxAge"), async (t: ScenarioContext) => {
    const line = await swappedLine(t, "more than 240 hours", (age) => age > DEFAULT_MAX_AGE);
    expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber })), "swapped").toBe(false);
  });

  scenario(def(`${P}_5_out_of_max_age`, 63, "Check that the response shows that the SIM has not been swapped when the last swap was before the maxAge field",
    "maxAge = hours since the last swap minus 1 gives false"), async (t: ScenarioContext) => {
    const line = await swappedLine(t, "2 hours or more (within the monitored period)", (age) => age >= 2 && Math.floor(age) - 1 <= maxAllowedAge(t));
    expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber, maxAge: Math.floor(line.age) - 1 })), "swapped").toBe(false);
  });

  scenario(def(`${P}_6_no_sim_swap_no_max_age`, 72, "Check that the response shows that the SIM has not been swapped - maxAge is not provided in the request parameter",
    "A never-swapped line activated more than 240 hours ago is not swapped with the default maxAge"), async (t: ScenarioContext) => {
    const line = declared(t, "neverSwapped");
    t.require(line.activatedHoursAgo > DEFAULT_MAX_AGE, "the declared never-swapped line was activated less than 240 hours ago");
    expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber })), "swapped").toBe(false);
  });

  for (const hours of ROWS) {
    scenario(def(`${P}_7_no_sim_swap_with_max_age`, 81, "Check that the response shows that the SIM has not been swapped - maxAge is provided in the request parameter",
      `A never-swapped line activated more than ${hours} hours ago is not swapped for maxAge < ${hours}`, String(hours)), async (t: ScenarioContext) => {
      const line = declared(t, "neverSwapped");
      t.require(line.activatedHoursAgo > hours, `the declared never-swapped line was activated less than ${hours} hours ago`);
      const maxAge = Math.min(hours - 1, maxAllowedAge(t));
      expect(swappedOf(await check(t, { phoneNumber: line.phoneNumber, maxAge })), `swapped (maxAge ${maxAge})`).toBe(false);
    });
  }

  scenario(def(`${P}_400.1_invalid_max_age`, 133, "Check that the response shows an error when the max age is invalid",
    "A maxAge that does not comply with the schema (a string) answers 400 INVALID_ARGUMENT"), async (t: ScenarioContext) => {
    t.expectError(await check(t, { phoneNumber: t.subscriber("plain").phoneNumber, maxAge: "twelve" }), 400, "INVALID_ARGUMENT");
  });

  scenario(def(`${P}_400.2_invalid_max_age_value`, 142, "Check that the response shows an error when the max age is above the limit",
    "maxAge 100000 answers 400 OUT_OF_RANGE"), async (t: ScenarioContext) => {
    t.expectError(await check(t, { phoneNumber: t.subscriber("plain").phoneNumber, maxAge: 100000 }), 400, "OUT_OF_RANGE");
  });

  scenario(def(`${P}_400.3_max_age_out_of_monitored_period`, 151, "Check that the response shows an error when the max age is above the supported monitored period of the API Provider",
    "A valid maxAge above the operator's monitored period answers 400 OUT_OF_RANGE"), async (t: ScenarioContext) => {
    const limit = monitoredHours(t);
    t.require(limit !== undefined && limit < 2400, "the target declares no monitored period below 100 days (lines.simSwap.monitoredPeriodDays)");
    t.expectError(await check(t, { phoneNumber: t.subscriber("plain").phoneNumber, maxAge: limit + 1 }), 400, "OUT_OF_RANGE");
  });

  sharedScenarios(def, P, check, CHECK_SCOPE, { unauthenticated: [100, 110, 121], c02: [163, 173, 183, 193, 204] });
});
