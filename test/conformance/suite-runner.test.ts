/**
 * Conformance runs one after another in one process reuse the runner's vitest instance
 * (src/conformance/suite-runner.ts); runs side by side get one each. Neither may let one run's
 * target, filter or results reach another.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockApp } from "../../src/mock/app.ts";
import { serveFaulty } from "./fault-runs.ts";
import { runConformance } from "../../src/run-conformance.ts";
import type { MockRequest, MockResponse } from "../../src/core/http.ts";

/** QoS Profiles that answer 401 with the wrong code: the official 401 scenario must fail. */
const wrongUnauthenticatedCode = {
  wrap: (_app: MockApp, handle: (req: MockRequest) => Promise<MockResponse>) => async (req: MockRequest) => {
    const res = await handle(req);
    return res.status === 401 ? { ...res, body: JSON.stringify({ ...JSON.parse(res.body ?? "{}"), code: "UNAUTHORIZED" }) } : res;
  },
};

type Served = Awaited<ReturnType<typeof serveFaulty>>;

describe("conformance runs in one process", () => {
  let good: Served;
  let faulty: Served;
  beforeAll(async () => {
    [good, faulty] = await Promise.all([serveFaulty(), serveFaulty(wrongUnauthenticatedCode)]);
  });
  afterAll(async () => {
    await good?.close();
    await faulty?.close();
  });

  it("one after another: each run sees only its own target and filter", async () => {
    const filtered = await runConformance({ baseUrl: faulty.url, apis: ["qos"], grep: "401", httpSink: true });
    const whole = await runConformance({ baseUrl: good.url, apis: ["qos"], httpSink: true });
    const faultyAgain = await runConformance({ baseUrl: faulty.url, apis: ["qos"], httpSink: true });

    expect(filtered.exitCode).toBe(1);
    expect(filtered.results.length).toBeGreaterThan(0);
    expect(filtered.results.every((r) => /401/.test(r.id)), "only the scenarios matching --grep ran").toBe(true);

    // the filter and the faulty target of the run before are gone
    expect(whole.exitCode, whole.harnessErrors.join("\n")).toBe(0);
    expect(whole.results.length).toBeGreaterThan(filtered.results.length);
    expect(whole.results.every((r) => r.status !== "fail")).toBe(true);
    expect(whole.target.baseUrl).toContain(new URL(good.url).port);

    expect(faultyAgain.exitCode).toBe(1);
    expect(faultyAgain.results.length).toBe(whole.results.length);
    expect(faultyAgain.results.filter((r) => r.status === "fail").map((r) => r.id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/401/)]),
    );
  }, 120_000);

  it("side by side: both runs complete with their own verdicts", async () => {
    const [a, b] = await Promise.all([
      runConformance({ baseUrl: good.url, apis: ["qos"], httpSink: true }),
      runConformance({ baseUrl: faulty.url, apis: ["qos"], httpSink: true }),
    ]);
    expect(a.exitCode, a.harnessErrors.join("\n")).toBe(0);
    expect(b.exitCode).toBe(1);
    expect(a.results.length).toBe(b.results.length);
    expect(b.results.some((r) => r.status === "fail" && /401/.test(r.id))).toBe(true);
  }, 120_000);
});
