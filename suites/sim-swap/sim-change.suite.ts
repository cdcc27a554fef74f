/**
 * SIM Swap semantics the official definitions leave out (layer "api", version of the target's
 * release), for targets that can record a SIM change on demand (our mock's control plane): a change
 * recorded now flips `swapped` for a small maxAge and for the default maxAge, retrieve-date reports
 * exactly its instant (the control plane's answer, within 1 s), and it ages out when the clock moves
 * past maxAge. The line is left swapped afterwards only in the target's test history; nothing is
 * created.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { apiScenario } from "../support/official.ts";
import { scenario } from "../support/scenario.ts";
import { API, check, expectSameInstant, recordSimChange, retrieveDate, simSwapInfoOf, simSwapOfRelease, swappedOf } from "./sim-swap-release.ts";

const SS = simSwapOfRelease();
const def = (operationId: string) => apiScenario(API, SS.version, operationId);
/** the control plane reports the instant it recorded; the API must report the same one */
const RECORDED_TOLERANCE_MS = 1000;

describe(`sim-swap ${SS.version} SIM change on demand (api)`, () => {
  scenario(
    def("checkSimSwap")("sim_swap_checkSimSwap_sim_change_01_flips_swapped",
      "A SIM change recorded now makes swapped true for maxAge 1, and false again after more than an hour",
      "swapped is true when the latest SIM change happened within maxAge hours"),
    async (t: ScenarioContext) => {
      const { phoneNumber } = t.subscriber("plain2");
      await recordSimChange(t, phoneNumber);
      expect(swappedOf(await check(t, { phoneNumber, maxAge: 1 })), "swapped within the last hour").toBe(true);
      expect(swappedOf(await check(t, { phoneNumber, maxAge: 240 })), "swapped within the last 240 hours").toBe(true);
      await t.advanceClock(2 * 3600);
      expect(swappedOf(await check(t, { phoneNumber, maxAge: 1 })), "not swapped within the last hour once two hours passed").toBe(false);
      expect(swappedOf(await check(t, { phoneNumber, maxAge: 3 })), "still swapped within the last 3 hours").toBe(true);
    },
  );

  scenario(
    def("retrieveSimSwapDate")("sim_swap_retrieveSimSwapDate_sim_change_02_reports_latest",
      "retrieve-date reports the SIM change just recorded, at its instant",
      `latestSimChange is the instant of the latest SIM change (the control plane's, within ${RECORDED_TOLERANCE_MS / 1000} s)`),
    async (t: ScenarioContext) => {
      const { phoneNumber } = t.subscriber("plain2");
      const at = await recordSimChange(t, phoneNumber);
      const info = simSwapInfoOf(await retrieveDate(t, { phoneNumber }));
      expectSameInstant(info.latestSimChange, at, RECORDED_TOLERANCE_MS, "the change just recorded");
    },
  );

  scenario(
    def("checkSimSwap")("sim_swap_checkSimSwap_sim_change_03_default_max_age",
      "Without maxAge, a SIM change recorded now counts (default 240 hours)",
      "maxAge defaults to 240 hours: a change recorded now is within it"),
    async (t: ScenarioContext) => {
      const { phoneNumber } = t.subscriber("plain2");
      await recordSimChange(t, phoneNumber);
      expect(swappedOf(await check(t, { phoneNumber })), "swapped with the default maxAge").toBe(true);
    },
  );
});
