/**
 * SIM Swap 2.1.0 retrieveSimSwapDate, every scenario of the official Fall25 test definitions
 * (sim-swap-retrieveSimSwapDate.feature) under its official id, on the target's lines of known
 * state. Where the definitions only ask for "a valid timestamp", the time is also compared with the
 * known one (lines.simSwap.toleranceMinutes).
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { scenario } from "../support/scenario.ts";
import { feature, sharedScenarios } from "./official.ts";
import { DATE_SCOPE, changeTime, declared, expectSameInstant, monitoredHours, retrieveDate, simSwapInfoOf, swappedLine, toleranceMs } from "./sim-swap-release.ts";

const def = feature("retrieveSimSwapDate", "sim-swap-retrieveSimSwapDate.feature");
const P = "retrieve_sim_swap_date";

describe("sim-swap 2.1.0 retrieveSimSwapDate (official)", () => {
  scenario(def(`${P}_1_generic_success_scenario`, 20, "Common validations for any success scenario",
    "A valid request answers 200 application/json SimSwapInfo with the x-correlator echoed"), async (t: ScenarioContext) => {
    const answer = await retrieveDate(t, { phoneNumber: t.subscriber("plain").phoneNumber });
    expect("latestSimChange" in simSwapInfoOf(answer), "latestSimChange present").toBe(true);
    expect(answer.response.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json\b/);
  });

  scenario(def(`${P}_2_valid_sim_swap`, 31, "Retrieve SIM swap date for a valid SIM swap",
    "latestSimChange of a swapped line is a valid timestamp: the known change time"), async (t: ScenarioContext) => {
    const limit = monitoredHours(t);
    const line = await swappedLine(t, "inside the monitored period", (age) => limit === undefined || age < limit);
    expectSameInstant(simSwapInfoOf(await retrieveDate(t, { phoneNumber: line.phoneNumber })).latestSimChange, line.at, toleranceMs(t), "swapped line");
  });

  scenario(def(`${P}_3_no_sim_swap_returns_activation_date`, 40, "Response contains the sim's activation date when it hasn't been swapped",
    "latestSimChange of a never-swapped line is its activation time"), async (t: ScenarioContext) => {
    const line = declared(t, "neverSwapped");
    const info = simSwapInfoOf(await retrieveDate(t, { phoneNumber: line.phoneNumber }));
    expectSameInstant(info.latestSimChange, changeTime(t, line.activatedHoursAgo), toleranceMs(t), "activation");
  });

  scenario(def(`${P}_4_sim_never_associated`, 49, "Retrieves SIM swap date for a phone number that has never been associated with a sim card",
    "latestSimChange is null for a number never associated with a SIM"), async (t: ScenarioContext) => {
    const { phoneNumber } = declared(t, "neverAssociated");
    expect(simSwapInfoOf(await retrieveDate(t, { phoneNumber })).latestSimChange, "latestSimChange").toBeNull();
  });

  scenario(def(`${P}_5_no_sim_swap_or_activation_date_due_to_legal_constrain`, 58, "Retrieves SIM swap date for a valid SIM swap",
    "latestSimChange null, and monitoredPeriod (optional) the operator's period in days, for a change before the limited history window"),
  async (t: ScenarioContext) => {
    const { phoneNumber } = declared(t, "historyLimited");
    const info = simSwapInfoOf(await retrieveDate(t, { phoneNumber }));
    expect(info.latestSimChange, "latestSimChange").toBeNull();
    if (info.monitoredPeriod !== undefined) expect(info.monitoredPeriod, "monitoredPeriod (days)").toBe(declared(t, "monitoredPeriodDays"));
  });

  sharedScenarios(def, P, retrieveDate, DATE_SCOPE, { unauthenticated: [69, 79, 90], c02: [102, 112, 122, 132, 143] });
});
