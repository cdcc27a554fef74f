/**
 * runConformance for programs (the package's `import { runConformance } from "camara-harness"`):
 * the CLI's defaults (built-in mock, every API of the release), no files and no console output
 * unless asked for. Resolves to the RunReport, the object written as results.json
 * (docs/results-json.md); it rejects only on invalid options, never because the target fails.
 * The runner (vitest and vite) is loaded on the first call, so importing the package stays light;
 * later calls reuse it (src/conformance/suite-runner.ts).
 */
import { resolveApis, unknownRelease } from "./apis/registry.ts";
import { runRelease } from "./target/config.ts";
import type { Reporter, RunReport } from "./results/results.ts";

export interface ConformanceOptions {
  /** API root of the target, e.g. "http://127.0.0.1:4010"; default: the built-in mock, in-process */
  baseUrl?: string;
  /** target configuration file (YAML) for a target other than this mock (examples/operator-sandbox.target.yaml) */
  config?: string;
  /** APIs to test, by name or short alias ("qod"); default: every API of the release */
  apis?: string[];
  /** CAMARA release(s), comma-separated: spring26, fall25, spring25, fall24, pre-meta; default "latest" (the newest version of every API) */
  release?: string;
  /** run only the scenarios whose title contains this text */
  grep?: string;
  /** stop at the first failure */
  bail?: boolean;
  /** seed of the generated test values */
  seed?: number;
  /** how long the runner waits for the target, ms (default 10 000): an answer, a notification, a websocket frame */
  timeoutMs?: number;
  /** write results.json, junit.xml and index.html into this folder */
  reportDir?: string;
  /** print progress lines and the summary on this stream (plain lines unless it is a TTY) */
  console?: NodeJS.WritableStream;
  /** more subscribers of the run's events */
  reporters?: Reporter[];
  /** the workspace of a shared harness mock to use (header x-harness-workspace on every request) */
  workspace?: string;
  /** the control token of a protected harness mock (sent on /_harness requests; never reported) */
  controlToken?: string;
  /** a public https address the target delivers notifications to, forwarded to the runner's sink */
  sinkUrl?: string;
  /** the runner's local sink port (default: any free one), e.g. for a tunnel */
  sinkPort?: number;
  /** offer an http:// sink (for a target started with --allow-insecure-sinks) instead of https */
  httpSink?: boolean;
}

export async function runConformance(options: ConformanceOptions = {}): Promise<RunReport> {
  const release = runRelease(options.release, options.config);
  const problem = unknownRelease(release); // names the known releases and selections
  if (problem) throw new Error(problem);
  const apis = resolveApis(options.apis?.join(","), release);
  const { createConsoleReporter, createReporters } = await import("./report/index.ts");
  const reporters: Reporter[] = options.reportDir
    ? createReporters({ dir: options.reportDir, console: options.console ?? false })
    : options.console
      ? [createConsoleReporter({ stream: options.console })]
      : [];
  const { runConformance: run } = await import("./conformance/runner.ts");
  // the built-in mock is handed in from here: the runner knows targets only through src/target
  const { startBuiltInMock } = await import("./mock/built-in.ts");
  return run({
    baseUrl: options.baseUrl,
    configFile: options.config,
    apis,
    reportDir: options.reportDir,
    grep: options.grep,
    bail: options.bail,
    seed: options.seed,
    release,
    timeoutMs: options.timeoutMs,
    workspace: options.workspace,
    controlToken: options.controlToken,
    reporters: [...reporters, ...(options.reporters ?? [])],
    startMock: startBuiltInMock,
    sinkUrl: options.sinkUrl,
    sinkPort: options.sinkPort,
    httpSink: options.httpSink,
  });
}
