/**
 * Test data the official scenarios ask for beyond what TargetContext describes: lines in a given
 * SIM-swap state, the lines a service is not offered to per API, the operator's SIM-swap monitored
 * period. Derived from the test data of a target that exposes it (our mock's /_harness/testdata);
 * for any other target these stay empty and the scenarios that need them are skipped with a reason.
 */
import type { TargetContext, TestSubscriber } from "../target/target.ts";
import type { TestData } from "../core/testdata.ts";

export interface SimLine extends TestSubscriber {
  /** hours between the last SIM change and the moment the target loaded its test data */
  lastSwapHoursAgo?: number;
  /** hours between the SIM activation (first SIM of the line) and loading */
  activatedHoursAgo?: number;
}

export interface FeatureFixtures {
  /** api-name -> a line the API's service is not offered to (422 SERVICE_NOT_APPLICABLE) */
  notApplicable: Record<string, TestSubscriber>;
  simSwap: {
    /** a line whose SIM changed recently (inside the default 240 h window) */
    recentSwap?: SimLine;
    /** a line whose last SIM change is older than 240 h but inside the monitored period */
    oldSwap?: SimLine;
    /** a line whose SIM was activated long ago and never changed since */
    neverSwapped?: SimLine;
    /** a number never associated with a SIM */
    noSim?: TestSubscriber;
    /** a line whose history may only be disclosed within the monitored period, last change before it */
    limitedHistory?: SimLine;
    /** days the operator may look back (local regulation), when limited */
    monitoredDays?: number;
  };
  /** QoS profiles offered only to some devices (the target's qosProfiles.restricted) */
  restrictedProfiles?: { names: string[]; device: TestSubscriber };
}

export function emptyFixtures(target: TargetContext): FeatureFixtures {
  const notApplicable: Record<string, TestSubscriber> = {};
  if (target.subscribers.notApplicable) {
    notApplicable["quality-on-demand"] = target.subscribers.notApplicable;
    notApplicable["qos-profiles"] = target.subscribers.notApplicable;
    notApplicable["qos-provisioning"] = target.subscribers.notApplicable;
  }
  if (target.consents?.notApplicable) notApplicable["consent-info"] = target.consents.notApplicable;
  const restricted = target.qosProfiles.restricted;
  return { notApplicable, simSwap: {}, restrictedProfiles: restricted && { names: restricted.names, device: restricted.subscriber } };
}

const HOUR = 1;
const DAY = 24;

function hoursAgoOf(change: { hoursAgo?: number; daysAgo?: number; at?: string }, loadedAt: number): number | undefined {
  if (change.hoursAgo !== undefined) return change.hoursAgo * HOUR;
  if (change.daysAgo !== undefined) return change.daysAgo * DAY;
  if (change.at) return (loadedAt - Date.parse(change.at)) / 3_600_000;
  return undefined;
}

/** Fixtures from a harness target's test data (`loadedAt`: the target's clock when it loaded them). */
export function fixturesFromTestData(target: TargetContext, data: TestData, loadedAt: number): FeatureFixtures {
  const fixtures = emptyFixtures(target);
  const line = (s: TestData["subscribers"][number]): SimLine => {
    const ages = (s.simChanges ?? [{ daysAgo: 365 }]).map((c) => hoursAgoOf(c, loadedAt)).filter((h): h is number => h !== undefined);
    const sorted = ages.sort((a, b) => a - b);
    return {
      phoneNumber: s.phoneNumber,
      device: { phoneNumber: s.phoneNumber, ...(s.device ?? {}) },
      lastSwapHoursAgo: sorted.length > 1 ? sorted[0] : undefined,
      activatedHoursAgo: sorted.length > 0 ? sorted[sorted.length - 1] : undefined,
    };
  };
  const monitoredDays = data.operator.simSwapMonitoredDays;
  const candidates = data.subscribers.filter(
    (s) => !s.traits?.some((t) => t === "sim-swap-not-applicable" || t === "sim-history-limited"),
  );
  const lines = candidates.map((s) => ({ s, l: line(s) }));
  const swapped = lines.filter((x) => x.l.lastSwapHoursAgo !== undefined && x.s.simChanges !== undefined);
  fixtures.simSwap = {
    recentSwap: swapped.filter((x) => x.l.lastSwapHoursAgo! < 12).sort((a, b) => a.l.lastSwapHoursAgo! - b.l.lastSwapHoursAgo!)[0]?.l,
    oldSwap: swapped.find((x) => x.l.lastSwapHoursAgo! > 240 && (!monitoredDays || x.l.lastSwapHoursAgo! < monitoredDays * 24 - 1))?.l,
    neverSwapped: lines.find((x) => x.s.simChanges?.length === 1 && x.l.activatedHoursAgo! > 300)?.l,
    noSim: lines.find((x) => x.s.simChanges?.length === 0)?.l,
    limitedHistory: data.subscribers
      .filter((s) => s.traits?.includes("sim-history-limited"))
      .map(line)
      .find((l) => monitoredDays !== undefined && (l.lastSwapHoursAgo ?? 0) > monitoredDays * 24),
    monitoredDays,
  };
  const simNotApplicable = data.subscribers.find((s) => s.traits?.includes("sim-swap-not-applicable"));
  if (simNotApplicable) {
    fixtures.notApplicable["sim-swap"] = { phoneNumber: simNotApplicable.phoneNumber, device: { phoneNumber: simNotApplicable.phoneNumber } };
  }
  return fixtures;
}
