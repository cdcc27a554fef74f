/**
 * Test lines whose state the target's owner knows, so the semantic scenarios of Number Verification
 * and SIM Swap can run against a sandbox that has no control plane (issue 19). A target file
 * declares them under `lines:` (examples/operator-sandbox.target.yaml); the built-in mock's target
 * model derives them from its test data. A scenario whose line is not declared is skipped, naming
 * the key to declare.
 *
 * Ages ("swapped 3 hours ago") count back from the start of the run on the target's clock
 * (TargetContext.clockAtStart): a scenario adds the time the target's clock has moved since then.
 */
import type { TestData } from "../core/testdata.ts";

export interface SwappedLine {
  phoneNumber: string;
  /** the latest SIM change, hours before the run started */
  hoursAgo?: number;
  /** or its RFC 3339 date-time */
  at?: string;
}

export interface KnownLines {
  numberVerification?: {
    /** the number the network-authenticated 3-legged token identifies (minted, or auth.tokens.threeLegged) */
    verifies?: string;
    /** a valid number of another subscriber: verifying it with that token gives false */
    doesNotVerify?: string;
  };
  simSwap?: {
    /** lines whose SIM was swapped, with the time of the latest change */
    swapped?: SwappedLine[];
    /** a line never swapped: its latest SIM change is its activation, hours before the run started */
    neverSwapped?: { phoneNumber: string; activatedHoursAgo: number };
    /** a number never associated with a SIM card (retrieve-date: latestSimChange null) */
    neverAssociated?: { phoneNumber: string };
    /** a line whose latest change is older than the monitored period (latestSimChange null + monitoredPeriod) */
    historyLimited?: { phoneNumber: string };
    /** a line for which SIM Swap is not offered (422 SERVICE_NOT_APPLICABLE) */
    notApplicable?: { phoneNumber: string };
    /** how many days back the operator may look (maxAge above days * 24 is 400 OUT_OF_RANGE) */
    monitoredPeriodDays?: number;
    /** accepted difference between a reported and a known change time, minutes (default 15) */
    toleranceMinutes?: number;
  };
}

export const DEFAULT_TOLERANCE_MINUTES = 15;

const phone = { type: "string", pattern: "^\\+[1-9][0-9]{4,14}$" };
const line = (extra: Record<string, unknown> = {}, required: string[] = []) => ({
  type: "object",
  required: ["phoneNumber", ...required],
  additionalProperties: false,
  properties: { phoneNumber: phone, ...extra },
});

/** JSON schema of the target file's `lines:` section. */
export const KNOWN_LINES_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    numberVerification: {
      type: "object",
      additionalProperties: false,
      properties: { verifies: phone, doesNotVerify: phone },
    },
    simSwap: {
      type: "object",
      additionalProperties: false,
      properties: {
        swapped: {
          type: "array",
          items: { ...line({ hoursAgo: { type: "number", minimum: 0 }, at: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$" } }), oneOf: [{ required: ["hoursAgo"] }, { required: ["at"] }] },
        },
        neverSwapped: line({ activatedHoursAgo: { type: "number", minimum: 0 } }, ["activatedHoursAgo"]),
        neverAssociated: line(),
        historyLimited: line(),
        notApplicable: line(),
        monitoredPeriodDays: { type: "number", exclusiveMinimum: 0 },
        toleranceMinutes: { type: "number", exclusiveMinimum: 0 },
      },
    },
  },
};

const HOURS_PER_DAY = 24;

type Change = NonNullable<TestData["subscribers"][number]["simChanges"]>[number];
const hoursOf = (c: Change): number | undefined => c.hoursAgo ?? (c.daysAgo !== undefined ? c.daysAgo * HOURS_PER_DAY : undefined);

/** The mock's known lines, from its test data (NV: the runner's plain pair; SIM Swap: the simChanges lines). */
export function linesFromTestData(data: TestData, nv: { verifies?: string; doesNotVerify?: string }): KnownLines {
  const notApplicable = data.subscribers.find((s) => s.traits?.includes("sim-swap-not-applicable"));
  const usable = data.subscribers.filter((s) => !s.traits?.includes("sim-swap-not-applicable"));
  const limited = usable.filter((s) => s.traits?.includes("sim-history-limited"));
  const open = usable.filter((s) => !s.traits?.includes("sim-history-limited") && s.simChanges !== undefined);
  const swapped: SwappedLine[] = [];
  for (const s of open.filter((x) => x.simChanges!.length >= 2)) {
    const latest = s.simChanges!.map((c) => (c.at ? { at: c.at } : { hoursAgo: hoursOf(c) })).sort(byRecency)[0];
    swapped.push({ phoneNumber: s.phoneNumber, ...latest });
  }
  const single = open.find((s) => s.simChanges!.length === 1 && hoursOf(s.simChanges![0]) !== undefined);
  const never = open.find((s) => s.simChanges!.length === 0);
  const days = data.operator.simSwapMonitoredDays;
  const hidden = limited.find((s) => (s.simChanges ?? []).every((c) => (hoursOf(c) ?? 0) > days * HOURS_PER_DAY));
  return {
    numberVerification: nv,
    simSwap: {
      swapped,
      neverSwapped: single && { phoneNumber: single.phoneNumber, activatedHoursAgo: hoursOf(single.simChanges![0])! },
      neverAssociated: never && { phoneNumber: never.phoneNumber },
      historyLimited: hidden && { phoneNumber: hidden.phoneNumber },
      notApplicable: notApplicable && { phoneNumber: notApplicable.phoneNumber },
      monitoredPeriodDays: days,
    },
  };
}

function byRecency(a: { hoursAgo?: number; at?: string }, b: { hoursAgo?: number; at?: string }): number {
  // relative entries first, most recent first; absolute dates compare among themselves
  if (a.hoursAgo !== undefined && b.hoursAgo !== undefined) return a.hoursAgo - b.hoursAgo;
  if (a.at && b.at) return Date.parse(b.at) - Date.parse(a.at);
  return a.hoursAgo !== undefined ? -1 : 1;
}
