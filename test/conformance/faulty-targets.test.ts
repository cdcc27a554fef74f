/**
 * The runner tells conformance from non-conformance from a broken target: against the mock with one
 * fault injected it exits 1 and names a failing scenario; against a dead, an HTML-answering and a
 * hanging target it exits 2 with one clear line and still writes a (partial) report.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { FAULTS } from "./faults.ts";
import { type CliRun, limited, runCli } from "./run-cli.ts";
import { runnerSinkCa } from "./runner-sink-ca.ts";

interface Served {
  app: MockApp;
  server: RunningServer;
}

async function serveFaulty(fault: (typeof FAULTS)[number]): Promise<Served> {
  const app = await createMock({ allowInsecureSinks: true, sinkCa: await runnerSinkCa(), notificationRetryDelaysMs: [] });
  const upgrade = fault.wrapUpgrade ? fault.wrapUpgrade(app, (req) => app.upgrade(req)) : app.upgrade;
  const faulty = { ...app, handle: fault.wrap(app, (req) => app.handle(req)), upgrade };
  return { app, server: await listen(faulty, { port: 0 }) };
}

const served: Served[] = [];
let runs: CliRun[] = [];

beforeAll(async () => {
  for (const fault of FAULTS) served.push(await serveFaulty(fault));
  runs = await limited(
    2,
    FAULTS.map((fault, i) => () => runCli(["conformance", "--base-url", served[i].server.url, "--api", fault.api], 300_000)),
  );
}, 1_200_000);

afterAll(async () => {
  for (const s of served) {
    await s.server.close();
    s.app.close();
  }
});

describe("faulty targets are reported as non-conformant", () => {
  it("there are at least 12 different faults", () => {
    expect(new Set(FAULTS.map((f) => f.name)).size).toBeGreaterThanOrEqual(12);
  });

  it.each(FAULTS.map((f, i) => ({ name: f.name, i })))("$name", ({ i }) => {
    const run = runs[i];
    const failing = (run.report?.results ?? []).filter((r) => r.status === "fail").map((r) => r.id);
    expect(run.code, `${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(1);
    expect(run.report?.harnessErrors).toEqual([]);
    expect(failing.some((id) => FAULTS[i].expectFailing.test(id)), `failing: ${failing.join(", ")}`).toBe(true);
    expect(run.stdout).toMatch(/NOT CONFORMANT/);
  });
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
  });
});
