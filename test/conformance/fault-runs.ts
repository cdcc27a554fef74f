/**
 * Conformance runs against faulty targets, in-process: the runner of the package's entry
 * (src/run-conformance.ts, the same runner and reporters the CLI uses) against the real mock with
 * exactly one behaviour changed, served on a real port. A child process per fault would prove only
 * what the CLI adds (argument parsing, the process exit code, stdout): that stays proven by the real
 * CLI runs of faulty-targets.test.ts and built-in-run.test.ts. Each fault gets a fresh mock (no fault
 * sees another's state) and the runs of one file go one after another (vitest runs files side by side),
 * so they share the runner's kept vitest instance (src/conformance/suite-runner.ts).
 *
 * The runs use a 3 s timeout (`--timeout 3`) instead of 10 s: many faults are a notification or a
 * websocket frame that never comes, and each such scenario waits the whole timeout before it fails.
 * The mock answers in milliseconds, so the shorter timeout changes no verdict, only the wait.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runnerSinkCa } from "./runner-sink-ca.ts";
import { createMock } from "../../src/mock/app.ts";
import { listen } from "../../src/mock/server.ts";
import { runConformance } from "../../src/run-conformance.ts";
import type { RunReport } from "../../src/results/results.ts";
import type { Fault } from "./faults.ts";

const FAULT_RUN_TIMEOUT_MS = 3000;

export interface FaultRun {
  report: RunReport;
  /** what the console reporter printed (the CLI's stdout) */
  output: string;
}

/** The real mock with one fault (or none) on a real port: what a fault run or a CLI run is pointed at. */
export async function serveFaulty(fault?: Pick<Fault, "wrap" | "wrapUpgrade">): Promise<{ url: string; close(): Promise<void> }> {
  const app = await createMock({ allowInsecureSinks: true, sinkCa: await runnerSinkCa(), notificationRetryDelaysMs: [] });
  const handle = fault ? fault.wrap(app, (req) => app.handle(req)) : app.handle;
  const upgrade = fault?.wrapUpgrade ? fault.wrapUpgrade(app, (req) => app.upgrade(req)) : app.upgrade;
  const server = await listen({ ...app, handle, upgrade }, { port: 0 });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await app.close();
    },
  };
}

/** One `conformance --base-url <faulty mock> --api <fault.api>` run. */
export async function runFault(fault: Fault): Promise<FaultRun> {
  const served = await serveFaulty(fault);
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  try {
    const report = await runConformance({ baseUrl: served.url, apis: [fault.api], console: stream, timeoutMs: FAULT_RUN_TIMEOUT_MS });
    return { report, output: chunks.join("") };
  } finally {
    await served.close();
  }
}

export const failingIds = (report: RunReport | undefined) => (report?.results ?? []).filter((r) => r.status === "fail").map((r) => r.id);

/**
 * One test per fault, each running its own fault (so vitest's durations name the slow ones): the run
 * must end NOT CONFORMANT (exit code 1), without harness error, and name a failing scenario of the
 * expected kind.
 */
export function describeFaults(title: string, faults: Fault[]): void {
  describe(title, () => {
    it.each(faults.map((f) => ({ name: f.name, fault: f })))(
      "$name",
      async ({ fault }) => {
        const { report, output } = await runFault(fault);
        const failing = failingIds(report);
        expect(report.exitCode, `${report.harnessErrors.join("\n")}\n${output.slice(-2000)}`).toBe(1);
        expect(report.harnessErrors).toEqual([]);
        expect(failing.some((id) => fault.expectFailing.test(id)), `failing: ${failing.join(", ")}`).toBe(true);
        expect(output).toMatch(/NOT CONFORMANT/);
      },
      180_000,
    );
  });
}
