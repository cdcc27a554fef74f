/**
 * `camara-harness features` reaches a shared harness mock the way `conformance` does: --workspace
 * sends every request into that workspace, --control-token opens the mock's protected control plane
 * (never printed), and the sink options are checked with the same one-line errors.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { featuresCommand } from "../../src/cli/features-command.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { CONTROL_TOKEN_HEADER } from "../../src/core/harness-wire.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { createSharedMock, type SharedMock } from "../../src/mock/workspaces.ts";
import type { RunReport } from "../../src/results/results.ts";
import { REFERENCE_DIR, referenceAvailable } from "../reference-dir.ts";
import { freePort } from "../support/processes.ts";
import { writeMockTargetConfig } from "../support/target-config.ts";

const CONTROL = "features-control-token";
let shared: SharedMock;
let server: RunningServer;

beforeAll(async () => {
  shared = await createSharedMock({ notificationRetryDelaysMs: [], controlToken: CONTROL });
  server = await listen(shared, { port: 0 });
});
afterAll(async () => {
  await server?.close();
  await shared?.close();
});

/** Runs the command with its console captured; resolves to the exit code, what it printed and its results.json. */
async function features(args: string[]): Promise<{ code: number; printed: string; report: RunReport }> {
  const dir = mkdtempSync(join(tmpdir(), "features-access-"));
  const out: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((s: unknown) => void out.push(String(s)));
  const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    const code = (await featuresCommand.run([...args, "--report-dir", dir])) ?? 0;
    return { code, printed: out.join("\n"), report: JSON.parse(readFileSync(join(dir, "results.json"), "utf8")) as RunReport };
  } finally {
    log.mockRestore();
    write.mockRestore();
  }
}

const workspaces = async (): Promise<string[]> => {
  const res = await fetch(`${server.url}/_harness/workspaces`, { headers: { [CONTROL_TOKEN_HEADER]: CONTROL } });
  return ((await res.json()) as { workspaces: { name: string }[] }).workspaces.map((w) => w.name);
};

describe("features with apiRoots", () => {
  it.runIf(referenceAvailable())("a root that cannot be reached skips only its own API's scenarios (exit 2, one line); the others run", async () => {
    const config = writeMockTargetConfig(server.url, { "sim-swap": "http://127.0.0.1:9" });
    const run = await features([join(REFERENCE_DIR, "SimSwap"), join(REFERENCE_DIR, "NumberVerification"), "--config", config.file, "--timeout", "5"]).finally(config.remove);
    expect(run.code).toBe(2);
    expect(run.report.harnessErrors).toHaveLength(1);
    expect(run.report.harnessErrors[0]).toMatch(/^cannot reach GET http:\/\/127\.0\.0\.1:9\/sim-swap\//);
    const simSwap = run.report.results.filter((r) => r.api === "sim-swap");
    expect(simSwap.length).toBeGreaterThan(0);
    for (const r of simSwap) expect(r.status === "skip" && /sim-swap cannot be reached/.test(r.reason ?? ""), JSON.stringify(r).slice(0, 300)).toBe(true);
    expect(run.report.results.some((r) => r.api === "number-verification" && r.status === "pass")).toBe(true);
  }, 120_000);
});

describe("features against a shared, protected mock", () => {
  it.runIf(referenceAvailable())("--workspace and --control-token: the run happens in that workspace and passes", async () => {
    expect(await workspaces()).not.toContain("features-a");
    const run = await features([join(REFERENCE_DIR, "NumberVerification"), "--base-url", server.url, "--workspace", "features-a", "--control-token", CONTROL]);
    expect(run.code, run.report.harnessErrors.join("\n")).toBe(0);
    expect(run.report.counts.pass).toBeGreaterThan(0);
    expect(await workspaces()).toContain("features-a");
    expect(run.printed).not.toContain(CONTROL);
    expect(JSON.stringify(run.report)).not.toContain(CONTROL);
  }, 120_000);

  it.runIf(referenceAvailable())("without the control token the mock's test data cannot be read: exit 2, nothing run", async () => {
    const run = await features([join(REFERENCE_DIR, "NumberVerification"), "--base-url", server.url, "--workspace", "features-b"]);
    expect(run.code).toBe(2);
    expect(run.report.harnessErrors.join("\n")).toMatch(/protects its control plane \(401 on \/_harness\/testdata\): give its token with --control-token/);
    expect(run.report.results).toEqual([]);
  }, 60_000);

  it.runIf(referenceAvailable())("an unreachable --config target is one clear line (exit 2), not an error per scenario", async () => {
    const config = join(mkdtempSync(join(tmpdir(), "features-dead-")), "target.yaml");
    writeFileSync(config, `apiRoot: http://127.0.0.1:${await freePort()}\n`);
    const run = await features([join(REFERENCE_DIR, "NumberVerification"), "--config", config]);
    expect(run.code).toBe(2);
    expect(run.report.harnessErrors).toHaveLength(1);
    expect(run.report.harnessErrors[0]).toMatch(/^cannot reach GET http:\/\/127\.0\.0\.1:\d+\/number-verification\/v\d+\/: /);
    expect(run.report.results.every((r) => r.status === "skip")).toBe(true);
  }, 60_000);

  it.each([
    [["--sink-url", "http://example.com"], /--sink-url must be an https URL/],
    [["--sink-port", "70000"], /--sink-port must be 1\.\.65535/],
    [["--sink-url", "https://example.com", "--http-sink"], /exclude each other/],
    [["--workspace", "Bad_Name"], /--workspace must match/],
  ])("%j is a usage error", async (extra, message) => {
    const attempt = featuresCommand.run(["test", ...extra]);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(message);
  });
});
