/**
 * Releases side by side: the mock of each release passes that release's conformance run, and one
 * release's run against another release's mock fails on the identification scenarios, so the checks
 * really tell the releases apart (Fall24 403 INVALID_TOKEN_CONTEXT vs Spring25 / Fall25 422
 * UNNECESSARY_IDENTIFIER; Spring25 422 IDENTIFIER_MISMATCH vs Fall25 no check).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { type CliRun, limited, runCli } from "./run-cli.ts";

const mocks = new Map<string, { app: MockApp; server: RunningServer }>();

beforeAll(async () => {
  for (const release of ["fall25", "spring25", "fall24"]) {
    const app = await createMock({ release, allowInsecureSinks: true, notificationRetryDelaysMs: [] });
    mocks.set(release, { app, server: await listen(app, { port: 0 }) });
  }
}, 60_000);

afterAll(async () => {
  for (const { app, server } of mocks.values()) {
    await server.close();
    app.close();
  }
});

const failingIds = (run: CliRun) => (run.report?.results ?? []).filter((r) => r.status === "fail").map((r) => r.id);

describe("each release's mock passes its own run", () => {
  const runs = new Map<string, CliRun>();
  beforeAll(async () => {
    const releases = ["spring25", "fall24", "pre-meta"];
    const results = await limited(2, releases.map((r) => () => runCli(["conformance", "--release", r])));
    releases.forEach((r, i) => runs.set(r, results[i]));
  }, 300_000);

  it.each(["spring25", "fall24", "pre-meta"])("%s (built-in mock)", (release) => {
    const run = runs.get(release)!;
    expect(run.code, run.stdout.slice(-2500) + run.stderr).toBe(0);
    expect(run.report!.target.release).toBe(release);
    expect(run.report!.counts.pass).toBeGreaterThan(20);
    // pre-meta QoD has no identification rules of Commonalities to check
    if (release !== "pre-meta") expect(run.report!.results.filter((r) => r.id.includes("_identification_")).length).toBeGreaterThan(5);
  });
});

describe("one release's run against another release's mock fails on identification (or, on another base path, finds the API not served)", () => {
  const cases = [
    { suite: "fall24", mock: "fall25", api: "simswap" },
    { suite: "fall25", mock: "fall24", api: "simswap" },
    { suite: "spring25", mock: "fall25", api: "qod" },
    { suite: "fall25", mock: "spring25", api: "qod" },
  ];
  const runs: CliRun[] = [];
  beforeAll(async () => {
    runs.push(
      ...(await limited(
        2,
        cases.map((c) => () => runCli(["conformance", "--release", c.suite, "--base-url", mocks.get(c.mock)!.server.url, "--api", c.api])),
      )),
    );
  }, 300_000);

  it.each(cases.map((c, i) => ({ ...c, i })))("$suite run against the $mock mock ($api)", ({ api, i }) => {
    const run = runs[i];
    if (api === "simswap") {
      // SIM Swap 1.0.0 (/sim-swap/v1) and 2.1.0 (/sim-swap/v2) live on different base paths: the other
      // release's mock does not serve the API at all, which is one harness error (exit 2), not dozens of failures
      expect(run.code, run.stdout.slice(-2500) + run.stderr).toBe(2);
      expect(run.report!.harnessErrors).toHaveLength(1);
      expect(run.report!.harnessErrors[0]).toMatch(/^sim-swap \S+ is not served by http:\/\/127\.0\.0\.1:\d+: .* answered 404 with "No API is served at /);
      expect(run.report!.results).toEqual([]);
      return;
    }
    expect(run.code, run.stdout.slice(-2500) + run.stderr).toBe(1);
    expect(failingIds(run).some((id) => id.includes("_identification_")), failingIds(run).join(", ")).toBe(true);
  });

  it("the same suites pass against the matching mock (the failure is the release, not the harness)", async () => {
    const run = await runCli(["conformance", "--release", "spring25", "--base-url", mocks.get("spring25")!.server.url, "--api", "qod"]);
    expect(run.code, run.stdout.slice(-2500)).toBe(0);
  }, 120_000);
});
