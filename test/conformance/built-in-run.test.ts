/**
 * The README's main job: `conformance` with no target runs every suite against the built-in mock,
 * passes (no failure, no harness error, every skip with a reason) and writes the three reports.
 * The same mock, described by a config file instead of /_harness, also passes: `--config` works for
 * an implementation the runner knows nothing about.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseApis } from "../../src/apis/registry.ts";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { DEFAULT_RELEASE } from "../../src/openapi/releases.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { type CliRun, runCli } from "./run-cli.ts";
import { runnerSinkCa } from "./runner-sink-ca.ts";

describe("conformance against the built-in mock", () => {
  let run: CliRun;
  beforeAll(async () => {
    run = await runCli(["conformance"], 340_000);
  }, 360_000);

  it("is conformant, with reports written", () => {
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(0);
    for (const f of ["index.html", "junit.xml", "results.json"]) expect(existsSync(join(run.reportDir, f))).toBe(true);
    const results = run.report!.results;
    expect(results.filter((r) => r.status === "fail" || r.status === "error").map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    expect(results.filter((r) => r.status === "skip" && !r.reason)).toEqual([]);
    expect(results.filter((r) => r.status === "pass" && r.exchanges.length === 0)).toEqual([]);
    // every API of the default release, as the modules declare it
    expect(new Set(results.map((r) => r.api))).toEqual(new Set(Object.keys(releaseApis(DEFAULT_RELEASE))));
    expect(run.report!.target.release).toBe("latest");
  });

  it("prints live progress and a summary", () => {
    expect(run.stdout).toMatch(/quality-on-demand: \d+ done/);
    expect(run.stdout).toMatch(/Verdict: CONFORMANT/);
  });
});

describe("conformance with --config against an implementation without /_harness", () => {
  let app: MockApp;
  let server: RunningServer;
  let run: CliRun;
  beforeAll(async () => {
    app = await createMock({ allowInsecureSinks: true, sinkCa: await runnerSinkCa() });
    server = await listen(app, { port: 0 });
    const config = join(mkdtempSync(join(tmpdir(), "camara-cfg-")), "target.yaml");
    writeFileSync(
      config,
      [
        `apiRoot: ${server.url}`,
        "auth:",
        `  tokenUrl: ${server.url}/token`,
        `  bcAuthorizeUrl: ${server.url}/bc-authorize`,
        "  client: {clientId: demo-app, clientSecret: demo-app-secret}",
        "  secondClient: {clientId: other-app, clientSecret: other-app-secret}",
        "subscribers:",
        '  plain: {phoneNumber: "+34600000012", device: {phoneNumber: "+34600000012"}}',
        '  notApplicable: {phoneNumber: "+34600000003"}',
        '  unknown: {phoneNumber: "+34699999999"}',
        "unsupportedIdentifiers: [networkAccessIdentifier]",
        "qosProfiles: {active: QOS_E, activeMaxDurationSeconds: 86400, inactive: QOS_LAB, deprecated: QOS_LEGACY}",
      ].join("\n"),
    );
    run = await runCli(["conformance", "--config", config, "--api", "qod,qos"]);
  }, 180_000);
  afterAll(async () => {
    await server.close();
    await app.close();
  });

  it("passes, skipping with reasons what the config does not offer", () => {
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(0);
    const skips = run.report!.results.filter((r) => r.status === "skip");
    expect(skips.every((s) => (s.reason ?? "").length > 0)).toBe(true);
    // no clock in the config: time-dependent scenarios are skipped, not passed
    expect(run.report!.results.filter((r) => /clock/.test(r.reason ?? "")).every((r) => r.status === "skip")).toBe(true);
    expect(run.report!.counts.pass).toBeGreaterThan(30);
  });
});
