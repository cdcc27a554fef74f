/**
 * Releases side by side: the mock of each release passes that release's conformance run, and one
 * release's run against another release's mock fails on the identification scenarios where both
 * serve the API on one base path (QoD: Spring25 422 IDENTIFIER_MISMATCH vs Fall25 no check), so the
 * checks really tell the releases apart; where the base paths differ (SIM Swap /v1 in Fall24, /v2 in
 * Fall25) the run finds the API not served. (Fall24's rules, 403 INVALID_TOKEN_CONTEXT, are checked by
 * its own run below: its identification scenarios run and pass on its mock.) The runs are
 * in-process (src/run-conformance.ts, the runner the CLI uses). `conformance --release` as a child
 * process is exercised by ci-integrations.test.ts (an unknown release exits 2); for a known release
 * the CLI hands the value to this same runner.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runnerSinkCa } from "./runner-sink-ca.ts";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { runConformance } from "../../src/run-conformance.ts";
import { failingIds } from "./fault-runs.ts";

const mocks = new Map<string, { app: MockApp; server: RunningServer }>();

beforeAll(async () => {
  for (const release of ["fall25", "spring25", "fall24"]) {
    const app = await createMock({ release, allowInsecureSinks: true, sinkCa: await runnerSinkCa(), notificationRetryDelaysMs: [] });
    mocks.set(release, { app, server: await listen(app, { port: 0 }) });
  }
}, 60_000);

afterAll(async () => {
  for (const { app, server } of mocks.values()) {
    await server.close();
    await app.close();
  }
});

describe("each release's mock passes its own run", () => {
  it.each(["spring25", "fall24", "pre-meta"])(
    "%s (built-in mock)",
    async (release) => {
      const report = await runConformance({ release });
      const problems = report.results.filter((r) => r.status === "fail" || r.status === "error").map((r) => `${r.id}: ${r.reason}`);
      expect(report.exitCode, [...report.harnessErrors, ...problems].join("\n")).toBe(0);
      expect(report.target.release).toBe(release);
      expect(report.target.builtInMock).toBe(true);
      expect(report.counts.pass).toBeGreaterThan(20);
      // pre-meta QoD has no identification rules of Commonalities to check
      if (release !== "pre-meta") expect(report.results.filter((r) => r.id.includes("_identification_")).length).toBeGreaterThan(5);
    },
    300_000,
  );
});

describe("one release's run against another release's mock fails on identification (or, on another base path, finds the API not served)", () => {
  const cases = [
    { suite: "fall24", mock: "fall25", api: "simswap" },
    { suite: "fall25", mock: "fall24", api: "simswap" },
    { suite: "spring25", mock: "fall25", api: "qod" },
    { suite: "fall25", mock: "spring25", api: "qod" },
  ];

  it.each(cases)(
    "$suite run against the $mock mock ($api)",
    async ({ suite, mock, api }) => {
      const report = await runConformance({ release: suite, baseUrl: mocks.get(mock)!.server.url, apis: [api] });
      if (api === "simswap") {
        // SIM Swap 1.0.0 (/sim-swap/v1) and 2.1.0 (/sim-swap/v2) live on different base paths: the other
        // release's mock does not serve the API at all, which is one harness error (exit 2), not dozens of failures
        expect(report.exitCode, report.harnessErrors.join("\n")).toBe(2);
        expect(report.harnessErrors).toHaveLength(1);
        expect(report.harnessErrors[0]).toMatch(/^sim-swap \S+ is not served by http:\/\/127\.0\.0\.1:\d+: .* answered 404 with "No API is served at /);
        expect(report.results).toEqual([]);
        return;
      }
      expect(report.exitCode, report.harnessErrors.join("\n")).toBe(1);
      expect(failingIds(report).some((id) => id.includes("_identification_")), failingIds(report).join(", ")).toBe(true);
    },
    180_000,
  );

  it("the same suites pass against the matching mock (the failure is the release, not the harness)", async () => {
    const report = await runConformance({ release: "spring25", baseUrl: mocks.get("spring25")!.server.url, apis: ["qod"] });
    expect(report.exitCode, failingIds(report).join(", ") + report.harnessErrors.join("\n")).toBe(0);
  }, 180_000);
});
