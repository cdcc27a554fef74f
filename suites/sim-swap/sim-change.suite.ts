/**
 * SIM Swap 2.1.0 semantics the official definitions leave out (layer "api"), for targets that can
 * record a SIM change on demand (our mock's control plane): a change recorded now flips `swapped`
 * for a small maxAge, retrieve-date reports it, and it ages out when the clock moves past maxAge.
 * The line is left swapped afterwards only in the target's test history; nothing is created.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { scenario } from "../support/scenario.ts";

const common = { api: "sim-swap", version: "2.1.0", layer: "api" as const };

async function recordSimChange(t: ScenarioContext, phoneNumber: string): Promise<void> {
  t.require(t.target.simChangeUrl, "the target offers no way to record a SIM change on demand");
  const res = await fetch(`${t.target.simChangeUrl}/${encodeURIComponent(phoneNumber)}/sim-change`, {
    method: "POST",
    signal: AbortSignal.timeout(t.target.timeoutMs),
  });
  if (res.status !== 201) throw new Error(`recording a SIM change answered ${res.status}`);
}

async function check(t: ScenarioContext, phoneNumber: string, maxAge: number) {
  const headers = await t.headers({ scopes: ["sim-swap:check"] });
  const res = await t.fetch(t.url("sim-swap", "/sim-swap/v2", "/check"), { method: "POST", headers, body: JSON.stringify({ phoneNumber, maxAge }) });
  expect(res.status, "checkSimSwap status").toBe(200);
  return ((await res.json()) as { swapped: boolean }).swapped;
}

describe("sim-swap 2.1.0 SIM change on demand (api)", () => {
  scenario(
    {
      ...common,
      operationId: "checkSimSwap",
      id: "sim_swap_checkSimSwap_sim_change_01_flips_swapped",
      title: "A SIM change recorded now makes swapped true for maxAge 1, and false again after more than an hour",
      rule: "SIM Swap 2.1.0: swapped is true when the latest SIM change happened within maxAge hours",
    },
    async (t: ScenarioContext) => {
      const line = t.subscriber("plain2");
      await recordSimChange(t, line.phoneNumber);
      expect(await check(t, line.phoneNumber, 1), "swapped within the last hour").toBe(true);
      expect(await check(t, line.phoneNumber, 240), "swapped within the last 240 hours").toBe(true);
      await t.advanceClock(2 * 3600);
      expect(await check(t, line.phoneNumber, 1), "not swapped within the last hour once two hours passed").toBe(false);
      expect(await check(t, line.phoneNumber, 3), "still swapped within the last 3 hours").toBe(true);
    },
  );

  scenario(
    {
      ...common,
      operationId: "retrieveSimSwapDate",
      id: "sim_swap_retrieveSimSwapDate_sim_change_02_reports_latest",
      title: "retrieve-date reports the SIM change just recorded",
      rule: "SIM Swap 2.1.0: latestSimChange is the time of the latest SIM change",
    },
    async (t: ScenarioContext) => {
      const line = t.subscriber("plain2");
      const before = Date.now();
      await recordSimChange(t, line.phoneNumber);
      const headers = await t.headers({ scopes: ["sim-swap:retrieve-date"] });
      const res = await t.fetch(t.url("sim-swap", "/sim-swap/v2", "/retrieve-date"), {
        method: "POST",
        headers,
        body: JSON.stringify({ phoneNumber: line.phoneNumber }),
      });
      expect(res.status).toBe(200);
      const { latestSimChange } = (await res.json()) as { latestSimChange: string | null };
      expect(latestSimChange, "a date is reported").not.toBeNull();
      // the target's clock may run ahead of ours (virtual time): the change is not older than this run
      expect(Date.parse(latestSimChange!), "the change is recent").toBeGreaterThanOrEqual(before - 60_000);
    },
  );
});
