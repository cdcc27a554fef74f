/**
 * Semantic faults (semantic-faults.ts) against the real mock: each run of `conformance --api <its
 * API>` must exit 1 and name a failing scenario of the API-specific layer that catches it. Apart
 * from faulty-targets.test.ts so that each file keeps its own time budget.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { type CliRun, limited, runCli } from "./run-cli.ts";
import { runnerSinkCa } from "./runner-sink-ca.ts";
import { SEMANTIC_FAULTS } from "./semantic-faults.ts";

const served: { app: MockApp; server: RunningServer }[] = [];
let runs: CliRun[] = [];

beforeAll(async () => {
  for (const fault of SEMANTIC_FAULTS) {
    const app = await createMock({ allowInsecureSinks: true, sinkCa: await runnerSinkCa(), notificationRetryDelaysMs: [] });
    const faulty = { ...app, handle: fault.wrap(app, (req) => app.handle(req)) };
    served.push({ app, server: await listen(faulty, { port: 0 }) });
  }
  runs = await limited(
    2,
    SEMANTIC_FAULTS.map((fault, i) => () => runCli(["conformance", "--base-url", served[i].server.url, "--api", fault.api], 240_000)),
  );
}, 900_000);

afterAll(async () => {
  for (const s of served) {
    await s.server.close();
    s.app.close();
  }
});

describe("semantically faulty targets are reported as non-conformant", () => {
  it("at least three faults per API", () => {
    const perApi = new Map<string, number>();
    for (const f of SEMANTIC_FAULTS) perApi.set(f.api, (perApi.get(f.api) ?? 0) + 1);
    expect([...perApi.keys()].sort()).toEqual(["nv", "sim-swap", "ssub"]);
    for (const [api, n] of perApi) expect(n, api).toBeGreaterThanOrEqual(3);
  });

  it.each(SEMANTIC_FAULTS.map((f, i) => ({ name: f.name, i })))("$name", ({ i }) => {
    const run = runs[i];
    const failing = (run.report?.results ?? []).filter((r) => r.status === "fail").map((r) => r.id);
    expect(run.code, `${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(1);
    expect(run.report?.harnessErrors).toEqual([]);
    expect(failing.some((id) => SEMANTIC_FAULTS[i].expectFailing.test(id)), `failing: ${failing.join(", ")}`).toBe(true);
    expect(run.stdout).toMatch(/NOT CONFORMANT/);
  });
});
