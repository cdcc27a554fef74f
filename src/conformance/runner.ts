/**
 * A conformance run: build the target (built-in mock, harness-derived, or config file), check it can
 * be reached, run the suites with vitest, and turn each scenario into events for the reporters.
 * An API the target does not serve is one harness error and its suites are not run; a run in which
 * no scenario ran is a harness error naming the filters (src/results/empty-selection.ts).
 * Exit code: 0 conformant, 1 not conformant, 2 harness or configuration error.
 */
import { mkdirSync } from "node:fs";
import { loadReleaseSpecs } from "../apis/registry.ts";
import { DEFAULT_RELEASE } from "../openapi/releases.ts";
import { ConfigError } from "../target/config.ts";
import { type PreparedTarget, type StartBuiltInMock, prepareTarget } from "../target/prepare-target.ts";
import { RunEventStream } from "../results/events.ts";
import { type Reporter, type RunReport, type ScenarioResult, buildReport, countResults } from "../results/results.ts";
import { type RunnerSink, describeRunnerSink, openSinkOf } from "../target/runner-sink.ts";
import { checkServed } from "../target/served-probe.ts";
import { emptySelection, type SelectionFilter } from "../results/empty-selection.ts";
import type { TargetContext } from "../target/target.ts";
import { VitestBridge } from "./vitest-bridge.ts";
import { runSuites } from "./suite-runner.ts";

export interface RunOptions {
  baseUrl?: string;
  configFile?: string;
  apis: string[];
  /** created for the reporters' files; none when no reporter writes files */
  reportDir?: string;
  grep?: string;
  bail?: boolean;
  seed?: number;
  release?: string;
  timeoutMs?: number;
  reporters: Reporter[];
  /** where the specs are (default: the project's specs/); reaches the suites through the TargetContext */
  specsDir?: string;
  /** starts the built-in mock (src/mock/built-in.ts) when neither baseUrl nor configFile is given */
  startMock?: StartBuiltInMock;
  /** the options that chose the scenarios, as the user gave them (named when no scenario ran); default: --grep */
  selection?: SelectionFilter[];
  /** workspace and control token of a shared harness mock (src/target/harness-access.ts) */
  workspace?: string;
  controlToken?: string;
  /** the notification sink: a public address forwarded to the runner, its local port, http instead of https */
  sinkUrl?: string;
  sinkPort?: number;
  httpSink?: boolean;
  /** where the sink's certificate is kept (default: the user's cache folder) */
  sinkCertificateDir?: string;
  /** told one line about the sink when the target is not the built-in mock (the CLI prints it) */
  onSink?: (line: string) => void;
}

export async function runConformance(options: RunOptions): Promise<RunReport> {
  const startedAt = new Date();
  const results: ScenarioResult[] = [];
  const harnessErrors: string[] = [];
  const release = options.release ?? DEFAULT_RELEASE;
  const events = new RunEventStream(options.reporters);
  let sink: RunnerSink | undefined;
  let prepared: PreparedTarget | undefined;
  const describeTarget = (): RunReport["target"] => ({
    baseUrl: prepared?.target.apiRoot ?? options.baseUrl ?? "(built-in mock)",
    builtInMock: !options.baseUrl && !options.configFile,
    release,
    config: options.configFile,
  });

  try {
    sink = await openSinkOf(options);
    if (options.baseUrl || options.configFile) options.onSink?.(describeRunnerSink(sink));
    prepared = await prepareTarget({
      baseUrl: options.baseUrl,
      configFile: options.configFile,
      release,
      apis: options.apis,
      seed: options.seed ?? 20261123,
      timeoutMs: options.timeoutMs,
      grep: options.grep,
      sink: { sink: sink.sink, public: sink.public, certificatePem: sink.certificate.cert },
      specsDir: options.specsDir,
      startMock: options.startMock,
      workspace: options.workspace,
      controlToken: options.controlToken,
    });
    const target = prepared.target;
    await events.emit({ type: "run-start", target: describeTarget(), startedAt: startedAt.toISOString(), apis: options.apis });

    const specs = await loadReleaseSpecs(release, options.specsDir);
    // an API whose root cannot be reached, or that the target does not serve: one error, its
    // scenarios not run (the others still are)
    const { problems, unreachable, unserved } = await checkServed(target, specs, options.apis);
    harnessErrors.push(...problems, ...unserved.values());
    const apis = options.apis.filter((a) => !unreachable.has(a) && !unserved.has(a));
    if (apis.length > 0) await runTargetSuites({ ...target, apis }, { ...options, apis }, events, results, harnessErrors);
    if (harnessErrors.length === 0) {
      const empty = emptySelection(results, options.selection ?? [{ flag: "--grep", value: options.grep }]);
      if (empty) harnessErrors.push(empty);
    }
  } catch (error) {
    harnessErrors.push(error instanceof ConfigError ? error.message : `${(error as Error).message}`);
  } finally {
    await sink?.close();
    await prepared?.close();
  }

  await events.flush();
  harnessErrors.push(...events.failures);
  const report = buildReport({ target: describeTarget(), startedAt, harnessErrors, results });
  if (options.reportDir) mkdirSync(options.reportDir, { recursive: true });
  await events.emit({ type: "run-end", report });
  return report;
}

async function runTargetSuites(target: TargetContext, options: RunOptions, events: RunEventStream, results: ScenarioResult[], harnessErrors: string[]) {
  const bridge = new VitestBridge(
    {
      scenario: (result) => {
        results.push(result);
        events.publish({ type: "scenario-end", result, counts: countResults(results) });
      },
      harnessError: (m) => harnessErrors.push(m),
    },
    target.deviations,
  );
  // suites/<api>/ hold the API-specific scenarios; each one written for another version of its API
  // than the release's skips itself with that reason (suites/support/scenario.ts)
  await runSuites({
    folders: ["generic", ...options.apis],
    target,
    grep: options.grep,
    bail: options.bail,
    testTimeoutMs: target.timeoutMs * 4 + 30_000,
    reporter: bridge,
  });
}
