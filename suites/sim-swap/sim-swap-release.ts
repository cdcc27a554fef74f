/**
 * SIM Swap as the target's release has it (2.1.0 Fall25, 2.0.0 Spring25, 1.0.0 Fall24), and what its
 * scenarios share: the two calls, the lines of known state (`lines.simSwap` of the target, derived
 * from the mock's test data) with the age of their latest change now, and the SIM change the mock's
 * control plane records on demand.
 *
 * Ages: a declared line's change happened `hoursAgo` before the run started on the target's clock;
 * by now the target's clock has moved on (other scenarios may have advanced a virtual clock), so a
 * line's age is `hoursAgo` plus the time elapsed on the target's clock. Reported change times are
 * compared within `lines.simSwap.toleranceMinutes` (default 15 minutes).
 */
import { expect, inject } from "vitest";
import { BASE_PATH as BASE_PATH_1_0_0 } from "../../generated/sim-swap/1.0.0/client.ts";
import { BASE_PATH as BASE_PATH_2_0_0 } from "../../generated/sim-swap/2.0.0/client.ts";
import { BASE_PATH as BASE_PATH_2_1_0 } from "../../generated/sim-swap/2.1.0/client.ts";
import { releaseApis } from "../../src/apis/registry.ts";
import { DEFAULT_TOLERANCE_MINUTES, type KnownLines, type SwappedLine } from "../../src/target/known-lines.ts";
import type { ApiAnswer, ScenarioContext } from "../support/context.ts";
import { rawRequest } from "../support/raw.ts";

export const API = "sim-swap";
export const CHECK_SCOPE = "sim-swap:check";
export const DATE_SCOPE = "sim-swap:retrieve-date";
/** CreateCheckSimSwap.maxAge default, hours */
export const DEFAULT_MAX_AGE = 240;
/** CreateCheckSimSwap.maxAge maximum by schema, hours */
export const SCHEMA_MAX_AGE = 2400;
const HOUR_MS = 3_600_000;

export interface SimSwapVersion {
  version: string;
  basePath: string;
  /** 2.x: maxAge beyond the monitored period is 400 OUT_OF_RANGE and retrieve-date may add monitoredPeriod */
  monitoredPeriod: boolean;
}

const VERSIONS: Record<string, Omit<SimSwapVersion, "version">> = {
  "2.1.0": { basePath: BASE_PATH_2_1_0, monitoredPeriod: true },
  "2.0.0": { basePath: BASE_PATH_2_0_0, monitoredPeriod: true },
  "1.0.0": { basePath: BASE_PATH_1_0_0, monitoredPeriod: false },
};

export function simSwapOfRelease(release: string = inject("target").release): SimSwapVersion {
  const version = releaseApis(release)[API];
  return version && VERSIONS[version] ? { version, ...VERSIONS[version] } : { version: "2.1.0", ...VERSIONS["2.1.0"] };
}

type SimLines = NonNullable<KnownLines["simSwap"]>;

export function simLines(t: ScenarioContext): SimLines {
  return t.target.lines?.simSwap ?? {};
}

/** A declared line, or a skip naming the key to declare. */
export function declared<K extends keyof SimLines>(t: ScenarioContext, key: K): NonNullable<SimLines[K]> {
  const value = simLines(t)[key];
  t.require(value !== undefined, `the target declares no such line (lines.simSwap.${String(key)})`);
  return value as NonNullable<SimLines[K]>;
}

export function toleranceMs(t: ScenarioContext): number {
  return (simLines(t).toleranceMinutes ?? DEFAULT_TOLERANCE_MINUTES) * 60_000;
}

/** The target's now (its virtual clock where it exposes one, else ours). */
export async function targetNow(t: ScenarioContext): Promise<number> {
  if (t.target.clockUrl) {
    const res = await fetch(t.target.clockUrl, { signal: AbortSignal.timeout(t.target.timeoutMs) });
    const now = Date.parse(((await res.json()) as { now?: string }).now ?? "");
    if (res.ok && Number.isFinite(now)) return now;
  }
  return Date.now();
}

/** When a declared change happened, ms on the target's clock. */
export function changeTime(t: ScenarioContext, hoursAgo: number | undefined, at?: string): number {
  if (at !== undefined) return Date.parse(at);
  return (t.target.clockAtStart ?? Date.now()) - (hoursAgo ?? 0) * HOUR_MS;
}

export interface AgedLine {
  phoneNumber: string;
  /** the latest change, ms */
  at: number;
  /** its age now, hours */
  age: number;
}

/** The declared swapped lines with their age now, youngest first. */
export async function swappedLines(t: ScenarioContext): Promise<AgedLine[]> {
  const now = await targetNow(t);
  return declared(t, "swapped")
    .map((l: SwappedLine) => {
      const at = changeTime(t, l.hoursAgo, l.at);
      return { phoneNumber: l.phoneNumber, at, age: (now - at) / HOUR_MS };
    })
    .sort((a, b) => a.age - b.age);
}

/** The youngest declared swapped line whose age now satisfies `fits`, or a skip saying what was needed. */
export async function swappedLine(t: ScenarioContext, need: string, fits: (age: number) => boolean): Promise<AgedLine> {
  const line = (await swappedLines(t)).find((l) => fits(l.age));
  t.require(line, `no declared line (lines.simSwap.swapped) was swapped ${need} at this point of the run`);
  return line;
}

/** The monitored period in hours, when declared. */
export function monitoredHours(t: ScenarioContext): number | undefined {
  const days = simLines(t).monitoredPeriodDays;
  return days === undefined ? undefined : days * 24;
}

/** The largest maxAge the target must accept: the schema's, or the monitored period when declared. */
export function maxAllowedAge(t: ScenarioContext): number {
  return Math.min(SCHEMA_MAX_AGE, monitoredHours(t) ?? SCHEMA_MAX_AGE);
}

export async function check(t: ScenarioContext, body: unknown, token?: string | Record<string, string>): Promise<ApiAnswer> {
  const headers = typeof token === "object" ? token : await t.headers(token ?? (await t.token({ scopes: [CHECK_SCOPE] })));
  return rawRequest(t, { method: "POST", url: t.url(API, simSwapOfRelease(t.target.release).basePath, "/check"), headers, body });
}

export async function retrieveDate(t: ScenarioContext, body: unknown, token?: string | Record<string, string>): Promise<ApiAnswer> {
  const headers = typeof token === "object" ? token : await t.headers(token ?? (await t.token({ scopes: [DATE_SCOPE] })));
  return rawRequest(t, { method: "POST", url: t.url(API, simSwapOfRelease(t.target.release).basePath, "/retrieve-date"), headers, body });
}

/** Records a SIM change of the line now through the target's control plane; its instant (ms). */
export async function recordSimChange(t: ScenarioContext, phoneNumber: string): Promise<number> {
  t.require(t.target.simChangeUrl, "the target offers no way to record a SIM change on demand");
  const res = await fetch(`${t.target.simChangeUrl}/${encodeURIComponent(phoneNumber)}/sim-change`, {
    method: "POST",
    signal: AbortSignal.timeout(t.target.timeoutMs),
  });
  if (res.status !== 201) throw new Error(`recording a SIM change answered ${res.status}`);
  const at = Date.parse(((await res.json()) as { at?: string }).at ?? "");
  if (!Number.isFinite(at)) throw new Error("recording a SIM change answered no instant (at)");
  return at;
}

/** `swapped` of a 200 answer (the status is asserted first). */
export function swappedOf(answer: ApiAnswer): unknown {
  expect(answer.response.status, `checkSimSwap status (body ${JSON.stringify(answer.data)?.slice(0, 200)})`).toBe(200);
  return (answer.data as { swapped?: unknown }).swapped;
}

/** The body of a 200 retrieve-date answer (the status is asserted first). */
export function simSwapInfoOf(answer: ApiAnswer): { latestSimChange?: string | null; monitoredPeriod?: number } {
  expect(answer.response.status, `retrieveSimSwapDate status (body ${JSON.stringify(answer.data)?.slice(0, 200)})`).toBe(200);
  return answer.data as { latestSimChange?: string | null; monitoredPeriod?: number };
}

/** Asserts that a reported change time is the known one within `toleranceMs`. */
export function expectSameInstant(reported: string | null | undefined, known: number, tolerance: number, what: string): void {
  expect(typeof reported, `${what}: latestSimChange is a date-time`).toBe("string");
  const diff = Date.parse(reported!) - known;
  expect(Math.abs(diff) <= tolerance, `${what}: latestSimChange ${reported} is ${new Date(known).toISOString()} within ${tolerance / 1000} s (off by ${Math.round(diff / 1000)} s)`).toBe(true);
}
