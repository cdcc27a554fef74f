/**
 * The runner tells conformance from non-conformance from a broken target: against the mock with one
 * fault injected it reports NOT CONFORMANT (exit code 1) and names a failing scenario (in-process,
 * fault-runs.ts); as a real CLI child process, one faulty target exits 1 and prints the verdict, and a
 * dead, an HTML-answering and a hanging target exit 2 with one clear line and a (partial) report.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { COMMON_RULE_APIS, FAULTS } from "./faults.ts";
import { describeFaults, failingIds, serveFaulty } from "./fault-runs.ts";
import { runCli } from "./run-cli.ts";

it("there are at least 12 different faults", () => {
  expect(new Set(FAULTS.map((f) => f.name)).size).toBeGreaterThanOrEqual(12);
});

// the faults of the common rules (Commonalities, the spec-derived and identification layers); the
// API-specific ones run in api-faulty-targets.test.ts, side by side with this file
describeFaults(
  "faulty targets are reported as non-conformant",
  FAULTS.filter((f) => COMMON_RULE_APIS.includes(f.api)),
);

describe("the CLI as a child process", () => {
  it("exits 1 and prints NOT CONFORMANT for a faulty target, with results.json written", async () => {
    const fault = FAULTS[0];
    const served = await serveFaulty(fault);
    try {
      const run = await runCli(["conformance", "--base-url", served.url, "--api", fault.api]);
      expect(run.code, `${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(1);
      expect(run.report?.exitCode).toBe(1);
      expect(run.report?.harnessErrors).toEqual([]);
      expect(failingIds(run.report).some((id) => fault.expectFailing.test(id)), failingIds(run.report).join(", ")).toBe(true);
      expect(run.stdout).toMatch(/NOT CONFORMANT/);
    } finally {
      await served.close();
    }
  }, 120_000);
});

describe("broken targets are harness errors (exit 2) with a partial report", () => {
  const extra: Server[] = [];
  afterAll(() => extra.forEach((s) => s.closeAllConnections?.() ?? s.close()));

  async function start(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const s = createServer(handler);
    extra.push(s);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  it.each([
    { what: "a dead target", setup: async () => "http://127.0.0.1:9", message: /cannot reach|ECONNREFUSED/ },
    {
      what: "a target answering HTML",
      setup: () => start((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><h1>Welcome</h1>")),
      message: /HTML page/,
    },
    { what: "a hanging target", setup: () => start(() => {}), message: /did not answer within 1 s/ },
  ])("$what", async ({ setup, message }) => {
    const url = await setup();
    const run = await runCli(["conformance", "--base-url", url, "--api", "qos", "--timeout", "1"]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // one clear line, no stack trace
    expect(run.report?.exitCode).toBe(2);
    expect(run.report?.harnessErrors.join("\n")).toMatch(message);
  }, 60_000);
});
