/**
 * Aggregations every human-facing report shows: counts per API and per operation, the CAMARA
 * error codes exercised, and the verdict. Computed from the results, so all reports agree.
 */
import { emptyCounts, type Counts, type RunReport, type ScenarioResult } from "../results/results.ts";

export type Verdict = "CONFORMANT" | "NOT CONFORMANT" | "HARNESS ERROR";

/** Mirrors exitCodeOf: 2 harness or configuration error, 1 a failure, 0 conformant. */
export function verdictOf(exitCode: RunReport["exitCode"]): Verdict {
  if (exitCode === 2) return "HARNESS ERROR";
  if (exitCode === 1) return "NOT CONFORMANT";
  return "CONFORMANT";
}

export interface CountsRow {
  key: string;
  counts: Counts;
}

/** Counts grouped by a key, in order of first appearance (the run order, which readers expect). */
export function countBy(results: ScenarioResult[], keyOf: (r: ScenarioResult) => string): CountsRow[] {
  const rows = new Map<string, Counts>();
  for (const r of results) {
    const key = keyOf(r);
    let c = rows.get(key);
    if (!c) rows.set(key, (c = emptyCounts()));
    c[r.status]++;
    c.total++;
  }
  return [...rows].map(([key, counts]) => ({ key, counts }));
}

export const byApi = (r: ScenarioResult): string => r.api;
export const byOperation = (r: ScenarioResult): string => `${r.api} ${r.operationId}`;

export interface ErrorCodeRow {
  /** e.g. "401 UNAUTHENTICATED" */
  code: string;
  scenarios: number;
  passed: number;
}

/** How many scenarios exercised each CAMARA error code, and how many of those passed; sorted by code. */
export function errorCodeCoverage(results: ScenarioResult[]): ErrorCodeRow[] {
  const rows = new Map<string, ErrorCodeRow>();
  for (const r of results) {
    // a scenario listing a code twice still exercised it once
    for (const code of new Set(r.errorCodes)) {
      let row = rows.get(code);
      if (!row) rows.set(code, (row = { code, scenarios: 0, passed: 0 }));
      row.scenarios++;
      if (r.status === "pass") row.passed++;
    }
  }
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code, "en", { numeric: true }));
}

/** The one-line explanation shown next to a non-pass status. */
export function reasonOf(r: ScenarioResult): string | undefined {
  if (r.reason) return r.reason;
  if (r.status === "fail" && (r.expected || r.received)) {
    return `expected ${r.expected ?? "?"}, received ${r.received ?? "?"}`;
  }
  return undefined;
}
