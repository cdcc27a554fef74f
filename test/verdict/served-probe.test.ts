/**
 * "An API the target does not serve" (issue 11): one probe per API tells it apart cheaply, and never
 * misfires on a conformant target: the mock on a port, the same behind a transparent proxy, every API
 * of the default selection. A gateway's non-CAMARA 404, or our mock serving another release, is named.
 */
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadReleaseSpecs, resolveApis } from "../../src/apis/registry.ts";
import { startBuiltInMock } from "../../src/mock/built-in.ts";
import { DEFAULT_RELEASE } from "../../src/openapi/releases.ts";
import { runConformance } from "../../src/run-conformance.ts";
import type { BuiltInMock } from "../../src/target/prepare-target.ts";
import { targetFromHarness } from "../../src/target/harness-target.ts";
import { checkServed, unservedApis } from "../../src/target/served-probe.ts";
import type { TargetContext } from "../../src/target/target.ts";
import { forwardingProxy } from "./forwarding-proxy.ts";
import type { TinyServer } from "./misbehaving-server.ts";
import { writeMockTargetConfig } from "../support/target-config.ts";

describe("which APIs of the selection the target serves", () => {
  let mock: BuiltInMock;
  let older: BuiltInMock;
  const closers: TinyServer[] = [];
  const apis = resolveApis(undefined, DEFAULT_RELEASE);
  const targetAt = (url: string, data = mock.testData): TargetContext =>
    targetFromHarness(url, data, { release: DEFAULT_RELEASE, seed: 1, timeoutMs: 5000, apis, builtInMock: false, sink: undefined });

  beforeAll(async () => {
    [mock, older] = await Promise.all([startBuiltInMock({ release: DEFAULT_RELEASE }), startBuiltInMock({ release: "fall24" })]);
  }, 120_000);
  afterAll(async () => {
    for (const c of closers) await c.close();
    await mock.close();
    await older.close();
  });

  it("the mock on a port serves every API of the default selection: nothing reported", async () => {
    const specs = await loadReleaseSpecs(DEFAULT_RELEASE);
    expect(apis.length).toBeGreaterThan(10);
    expect([...(await unservedApis(targetAt(mock.url), specs, 5000)).keys()]).toEqual([]);
  });

  it("the same mock behind a transparent proxy: nothing reported", async () => {
    const proxy = await forwardingProxy(mock.url);
    closers.push(proxy);
    const specs = await loadReleaseSpecs(DEFAULT_RELEASE);
    expect([...(await unservedApis(targetAt(proxy.url), specs, 5000)).keys()]).toEqual([]);
  });

  it("a gateway that routes no qos-profiles (404 with its own page): that API only, one line saying what was tried", async () => {
    const gateway = await forwardingProxy(mock.url, {
      answer: (req) => (req.url?.startsWith("/qos-profiles/") ? { status: 404, type: "text/html", body: "<h1>Not Found</h1>" } : undefined),
    });
    closers.push(gateway);
    const specs = await loadReleaseSpecs(DEFAULT_RELEASE);
    const unserved = await unservedApis(targetAt(gateway.url), specs, 5000);
    expect([...unserved.keys()]).toEqual(["qos-profiles"]);
    const version = specs.find((s) => s.api === "qos-profiles")!.version;
    expect(unserved.get("qos-profiles")).toMatch(
      new RegExp(`^qos-profiles ${version.replace(/\./g, "\\.")} is not served by ${gateway.url}: POST /qos-profiles/v\\d+/retrieve-qos-profiles \\(no token\\) answered 404 with a non-CAMARA body \\(<h1>Not Found</h1>\\); its scenarios were not run`),
    );
  });

  it("an API whose own root (apiRoots) cannot be reached: that API only, one line; the others are probed and run", async () => {
    const specs = await loadReleaseSpecs(DEFAULT_RELEASE);
    // the default root: a gateway that routes no qos-profiles, so the probe of the reachable root shows
    const gateway = await forwardingProxy(mock.url, {
      answer: (req) => (req.url?.startsWith("/qos-profiles/") ? { status: 404, type: "text/plain", body: "no route" } : undefined),
    });
    closers.push(gateway);
    const dead = "http://127.0.0.1:9";
    const target = { ...targetAt(gateway.url), apiRoots: { "sim-swap": dead } };
    const check = await checkServed(target, specs, ["qos-profiles", "sim-swap", "quality-on-demand"]);
    expect([...check.unreachable]).toEqual(["sim-swap"]);
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatch(/^cannot reach GET http:\/\/127\.0\.0\.1:9\/sim-swap\/v\d+\//);
    expect([...check.unserved.keys()]).toEqual(["qos-profiles"]);
  });

  it("the default root cannot be reached: every API under it, one line; an API elsewhere still runs", async () => {
    const specs = await loadReleaseSpecs(DEFAULT_RELEASE);
    const target = { ...targetAt("http://127.0.0.1:9"), apiRoots: { "qos-profiles": mock.url } };
    const check = await checkServed(target, specs, ["qos-profiles", "sim-swap", "quality-on-demand"]);
    expect([...check.unreachable].sort()).toEqual(["quality-on-demand", "sim-swap"]);
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatch(/^cannot reach GET http:\/\/127\.0\.0\.1:9\//);
    expect([...check.unserved.keys()]).toEqual([]);
  });

  it("conformance with a config whose sim-swap root cannot be reached: qos-profiles still runs and passes, sim-swap is the one harness error (exit 2)", async () => {
    const config = writeMockTargetConfig(mock.url, { "sim-swap": "http://127.0.0.1:9" });
    try {
      const report = await runConformance({ config: config.file, apis: ["qos-profiles", "sim-swap"], console: new PassThrough(), timeoutMs: 5000 });
      expect(report.exitCode).toBe(2);
      expect(report.harnessErrors).toHaveLength(1);
      expect(report.harnessErrors[0]).toMatch(/^cannot reach GET http:\/\/127\.0\.0\.1:9\/sim-swap\//);
      const ran = report.results.filter((r) => r.status !== "skip");
      expect(ran.some((r) => r.status === "pass" && r.api === "qos-profiles")).toBe(true);
      expect(report.results.filter((r) => r.api === "sim-swap")).toEqual([]);
    } finally {
      config.remove();
    }
  }, 120_000);

  it("our mock of an older release: the APIs whose version (base path) differs are named, with the base paths it serves", async () => {
    const specs = await loadReleaseSpecs(DEFAULT_RELEASE);
    const unserved = await unservedApis(targetAt(older.url, older.testData), specs, 10_000);
    expect(unserved.size).toBeGreaterThan(0);
    expect(unserved.has("sim-swap")).toBe(true); // fall24 has sim-swap v0, the default selection v2
    for (const line of unserved.values()) expect(line).toMatch(/answered 404 with "No API is served at .*Served: /);
  });
});
