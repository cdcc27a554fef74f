/**
 * SIM Swap 2.1.0 answers over a line's SIM history and the virtual clock (no HTTP types here).
 *   check:         swapped = some SIM change within the last maxAge hours (default 240). maxAge is
 *                  1..2400 by schema; above the operator's monitored period (simSwapMonitoredDays)
 *                  it is 400 OUT_OF_RANGE with a message naming the limit (spec, CreateCheckSimSwap;
 *                  official test check_sim_swap_400.3).
 *   retrieve-date: the latest SIM change, which is the activation when the SIM was never swapped;
 *                  null for a number that never had a SIM (test retrieve_sim_swap_date_4); null plus
 *                  monitoredPeriod when the line's history may only be disclosed within the monitored
 *                  period and nothing is that recent (trait sim-history-limited, test _5).
 * A line with trait sim-swap-not-applicable gets 422 SERVICE_NOT_APPLICABLE (tests C02.05).
 */
import type { Clock } from "../../core/clock.ts";
import { ApiError } from "../../core/errors.ts";
import type { OperatorSettings, Subscriber } from "../../core/testdata.ts";
import type { SimHistory } from "../shared/sim-history.ts";

/** CreateCheckSimSwap.maxAge default, hours. */
export const DEFAULT_MAX_AGE_HOURS = 240;
const HOUR_MS = 3_600_000;

export interface SimSwapDeps {
  history: SimHistory;
  clock: Clock;
  operator: () => OperatorSettings;
}

export interface SimSwapDate {
  latestSimChange: string | null;
  monitoredPeriod?: number;
}

export function checkApplicable(subscriber: Subscriber): void {
  if (subscriber.traits?.includes("sim-swap-not-applicable")) {
    throw new ApiError("SERVICE_NOT_APPLICABLE", "SIM Swap information is not offered for this phone number.");
  }
}

/** 400 OUT_OF_RANGE when maxAge looks further back than the operator may (before identification). */
export function checkMaxAge(maxAge: number, operator: OperatorSettings): void {
  const limit = operator.simSwapMonitoredDays * 24;
  if (maxAge > limit) {
    throw new ApiError(
      "OUT_OF_RANGE",
      `maxAge ${maxAge} exceeds the monitored period allowed by local regulations (${operator.simSwapMonitoredDays} days = ${limit} hours).`,
    );
  }
}

export async function isSwapped(deps: SimSwapDeps, subscriber: Subscriber, maxAge: number): Promise<boolean> {
  checkApplicable(subscriber);
  const since = deps.clock.now() - maxAge * HOUR_MS;
  const changes = await deps.history.changes(subscriber.id);
  return changes.some((at) => at >= since);
}

export async function latestSimChange(deps: SimSwapDeps, subscriber: Subscriber): Promise<SimSwapDate> {
  checkApplicable(subscriber);
  const changes = await deps.history.changes(subscriber.id);
  const latest = changes.at(-1);
  if (latest === undefined) return { latestSimChange: null };
  if (subscriber.traits?.includes("sim-history-limited")) {
    const days = deps.operator().simSwapMonitoredDays;
    if (latest < deps.clock.now() - days * 24 * HOUR_MS) return { latestSimChange: null, monitoredPeriod: days };
  }
  return { latestSimChange: new Date(latest).toISOString() };
}
