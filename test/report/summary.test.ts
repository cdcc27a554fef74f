/** Aggregations shared by the HTML and console reports. */
import { describe, expect, it } from "vitest";
import { formatDuration } from "../../src/report/duration.ts";
import { byApi, byOperation, countBy, errorCodeCoverage, reasonOf, verdictOf } from "../../src/report/summary.ts";
import { FIXTURE_RESULTS } from "./report-fixture.ts";

describe("summary", () => {
  it.each([
    { exitCode: 0 as const, want: "CONFORMANT" },
    { exitCode: 1 as const, want: "NOT CONFORMANT" },
    { exitCode: 2 as const, want: "HARNESS ERROR" },
  ])("verdict of exit code $exitCode is $want", ({ exitCode, want }) => {
    expect(verdictOf(exitCode)).toBe(want);
  });

  it("counts per API and per operation in run order", () => {
    expect(countBy(FIXTURE_RESULTS, byApi).map((r) => [r.key, r.counts.pass, r.counts.fail, r.counts.error, r.counts.skip, r.counts.deviation, r.counts.total])).toEqual([
      ["quality-on-demand", 2, 1, 1, 1, 1, 6],
      ["sim-swap", 2, 1, 0, 1, 0, 4],
    ]);
    expect(countBy(FIXTURE_RESULTS, byOperation).map((r) => [r.key, r.counts.total])).toEqual([
      ["quality-on-demand createSession", 3],
      ["quality-on-demand getSession", 1],
      ["quality-on-demand deleteSession", 1],
      ["quality-on-demand extendSessionDuration", 1],
      ["sim-swap checkSimSwap", 2],
      ["sim-swap retrieveSimSwapDate", 1],
      ["sim-swap *", 1],
    ]);
  });

  it("tallies CAMARA error codes: scenarios that exercised each, and how many passed", () => {
    expect(errorCodeCoverage(FIXTURE_RESULTS)).toEqual([
      { code: "400 INVALID_ARGUMENT", scenarios: 1, passed: 0 },
      { code: "400 OUT_OF_RANGE", scenarios: 1, passed: 0 },
      { code: "401 UNAUTHENTICATED", scenarios: 3, passed: 2 },
      { code: "422 QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE", scenarios: 1, passed: 0 },
    ]);
  });

  it.each(FIXTURE_RESULTS.map((r) => ({ id: r.id, status: r.status, r })))("reason of $id ($status)", ({ r }) => {
    const want = r.reason ?? (r.status === "fail" ? `expected ${r.expected}, received ${r.received}` : undefined);
    expect(reasonOf(r)).toBe(want);
  });

  it.each([
    { ms: 0, want: "0 ms" },
    { ms: 999.4, want: "999 ms" },
    { ms: 3210, want: "3.2 s" },
    { ms: 65_250, want: "1 min 05 s" },
    { ms: 3_600_000, want: "60 min 00 s" },
  ])("formatDuration($ms) = $want", ({ ms, want }) => {
    expect(formatDuration(ms)).toBe(want);
  });
});
