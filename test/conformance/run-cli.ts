/** Runs `camara-harness conformance` as a user would (a child process) and reads its results.json. */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunReport } from "../../src/results/results.ts";
import { PROJECT_ROOT } from "../../src/core/paths.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  reportDir: string;
  report?: RunReport;
}

export function runCli(args: string[], timeoutMs = 120_000): Promise<CliRun> {
  const reportDir = mkdtempSync(join(tmpdir(), "camara-run-"));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(PROJECT_ROOT, "src/cli.ts"), ...args, "--report-dir", reportDir],
      { cwd: PROJECT_ROOT, timeout: timeoutMs, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const file = join(reportDir, "results.json");
        const report = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as RunReport) : undefined;
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr, reportDir, report });
      },
    );
  });
}

/** Runs tasks with at most `limit` at a time (the machine has 2 cores; each run is a process). */
export async function limited<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
