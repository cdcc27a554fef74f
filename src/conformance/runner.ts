/**
 * A conformance run: build the target (built-in mock, harness-derived, or config file), check it can
 * be reached, run the suites with vitest, and turn each scenario into events for the reporters.
 * Exit code: 0 conformant, 1 not conformant, 2 harness or configuration error.
 */
import { mkdirSync } from "node:fs";
import { startVitest } from "vitest/node";
import { createMock } from "../mock/app.ts";
import { listen, type RunningServer } from "../mock/server.ts";
import type { TestData } from "../mock/testdata.ts";
import { PROJECT_ROOT } from "../spec/catalogue.ts";
import { loadReleaseSpecs } from "../spec/operations.ts";
import { ConfigError, loadTargetConfig } from "./config.ts";
import { targetFromHarness } from "./harness-target.ts";
import { preflight } from "./preflight.ts";
import {
  type Reporter,
  type RunEvent,
  type RunReport,
  type ScenarioResult,
  countResults,
  exitCodeOf,
} from "./results.ts";
import { startSinkServer } from "./sink-server.ts";
import { apiRootFor, type TargetContext } from "./target.ts";
import { VitestBridge } from "./vitest-bridge.ts";

export interface RunOptions {
  baseUrl?: string;
  configFile?: string;
  apis: string[];
  reportDir: string;
  grep?: string;
  bail?: boolean;
  seed?: number;
  release?: string;
  timeoutMs?: number;
  reporters: Reporter[];
}

const VERSION = "0.1.0";

async function emit(reporters: Reporter[], event: RunEvent): Promise<void> {
  for (const r of reporters) await r.onEvent(event);
}

async function fetchHarnessData(baseUrl: string, timeoutMs: number): Promise<TestData | undefined> {
  try {
    const res = await fetch(`${baseUrl.replace(/\/+$/, "")}/_harness/testdata`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) return undefined;
    return (await res.json()) as TestData;
  } catch {
    return undefined;
  }
}

export async function runConformance(options: RunOptions): Promise<RunReport> {
  const startedAt = new Date();
  const results: ScenarioResult[] = [];
  const harnessErrors: string[] = [];
  const seed = options.seed ?? 20261123;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let mock: RunningServer | undefined;
  let closeMock: (() => void) | undefined;
  const sink = await startSinkServer();
  let target: TargetContext | undefined;
  const builtIn = !options.baseUrl && !options.configFile;

  const base = {
    release: options.release ?? "fall25",
    seed,
    timeoutMs,
    apis: options.apis,
    grep: options.grep,
    sink: { url: sink.url, readUrl: sink.url },
  };
  const describeTarget = (): RunReport["target"] => ({
    baseUrl: target?.apiRoot ?? options.baseUrl ?? "(built-in mock)",
    builtInMock: builtIn,
    release: base.release,
    config: options.configFile,
  });

  try {
    if (builtIn) {
      const app = await createMock({ release: base.release, allowInsecureSinks: true, notificationRetryDelaysMs: [] });
      closeMock = () => app.close();
      mock = await listen(app, { port: 0 });
      target = targetFromHarness(mock.url, app.testdata(), { ...base, builtInMock: true });
    } else if (options.configFile) {
      const fromFile = loadTargetConfig(options.configFile);
      if (options.baseUrl) fromFile.apiRoot = options.baseUrl.replace(/\/+$/, "");
      const isLocal = /^http:\/\/(127\.|localhost|\[::1\])/.test(fromFile.apiRoot);
      target = {
        ...fromFile,
        ...base,
        release: options.release ?? fromFile.release,
        timeoutMs: options.timeoutMs ?? fromFile.timeoutMs,
        builtInMock: false,
        // the runner's loopback sink is reachable only by a target on this machine
        sink: fromFile.sink ?? (isLocal ? base.sink : undefined),
      };
    } else {
      const problems = await preflight([options.baseUrl!], timeoutMs);
      if (problems.length > 0) throw new ConfigError(problems[0]);
      const data = await fetchHarnessData(options.baseUrl!, timeoutMs);
      if (!data) {
        throw new ConfigError(
          `${options.baseUrl} exposes no /_harness/testdata, so the runner cannot know its test data: give --config target.yaml (see examples/)`,
        );
      }
      const isLocal = /^http:\/\/(127\.|localhost|\[::1\])/.test(options.baseUrl!);
      target = targetFromHarness(options.baseUrl!, data, { ...base, builtInMock: false, sink: isLocal ? base.sink : undefined });
    }

    await emit(options.reporters, { type: "run-start", target: describeTarget(), startedAt: startedAt.toISOString(), apis: options.apis });

    const basePaths = new Map((await loadReleaseSpecs(base.release)).map((s) => [s.api, s.basePath]));
    const probes = options.apis.map((api) => `${apiRootFor(target!, api)}${basePaths.get(api) ?? ""}/`);
    const problems = await preflight(probes, Math.min(timeoutMs, 10_000));
    if (problems.length > 0) {
      harnessErrors.push(...problems);
    } else {
      await runSuites(target, options, results, harnessErrors);
    }
  } catch (error) {
    harnessErrors.push(error instanceof ConfigError ? error.message : `${(error as Error).message}`);
  } finally {
    await sink.close();
    if (mock) await mock.close();
    closeMock?.();
  }

  const counts = countResults(results);
  const finishedAt = new Date();
  const report: RunReport = {
    schemaVersion: 1,
    tool: { name: "camara-harness", version: VERSION },
    target: describeTarget(),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    exitCode: exitCodeOf(counts, harnessErrors),
    harnessErrors,
    counts,
    results,
  };
  mkdirSync(options.reportDir, { recursive: true });
  await emit(options.reporters, { type: "run-end", report });
  return report;
}

async function runSuites(target: TargetContext, options: RunOptions, results: ScenarioResult[], harnessErrors: string[]) {
  // suites/<api>/ hold the API-specific scenarios; each one written for another version of its API
  // than the release's skips itself with that reason (suites/support/scenario.ts)
  const apiSuites = options.apis.map((api) => `suites/${api}/**/*.suite.ts`);
  const include = ["suites/generic/**/*.suite.ts", ...apiSuites];
  const bridge = new VitestBridge(
    {
      scenario: (result) => {
        results.push(result);
        void emit(options.reporters, { type: "scenario-end", result, counts: countResults(results) });
      },
      harnessError: (m) => harnessErrors.push(m),
    },
    target.deviations,
  );
  const previousExitCode = process.exitCode;
  const vitest = await startVitest(
    "test",
    [],
    {
      root: PROJECT_ROOT,
      config: false,
      watch: false,
      include,
      reporters: [bridge],
      testNamePattern: options.grep ? new RegExp(options.grep.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : undefined,
      bail: options.bail ? 1 : 0,
      fileParallelism: false,
      isolate: false,
      pool: "threads",
      testTimeout: target.timeoutMs * 4 + 30_000,
      provide: { target },
      passWithNoTests: true,
    } as never,
  );
  await vitest.close();
  // vitest sets a failing exit code of its own; ours is decided from the results
  process.exitCode = previousExitCode;
}
