/**
 * Builds the target of a run, for the conformance runner and the features runner alike: the built-in
 * mock of the chosen release (started by the function the caller hands in, src/mock/built-in.ts), a
 * target that describes itself at /_harness/testdata (our mock elsewhere), or a target configuration
 * file. Problems are ConfigErrors: one line, exit 2.
 */
import type { TestData } from "../core/testdata.ts";
import { ConfigError, loadTargetConfig } from "./config.ts";
import { targetFromHarness } from "./harness-target.ts";
import { accessOf, type HarnessAccess, installHarnessAccess } from "./harness-access.ts";
import { readHarnessTestData } from "./harness-testdata.ts";
import { preflight } from "./preflight.ts";
import type { TargetContext, TargetSink } from "./target.ts";

export interface BuiltInMockOptions {
  release: string;
  /** where the specs are (default: the project's specs/) */
  specsDir?: string;
  /** PEM of the runner's sink certificate, for the mock to trust when delivering notifications */
  sinkCa?: string;
}

/** A running built-in mock: where it listens, its test data and its virtual now. */
export interface BuiltInMock {
  url: string;
  testData: TestData;
  now: number;
  close(): Promise<void>;
}

export type StartBuiltInMock = (options: BuiltInMockOptions) => Promise<BuiltInMock>;

export interface TargetOptions {
  baseUrl?: string;
  configFile?: string;
  release: string;
  apis: string[];
  seed: number;
  timeoutMs?: number;
  grep?: string;
  /** the runner's notification sink (runner-sink.ts) */
  sink: {
    sink: TargetSink;
    /** a public address (--sink-url): offered to any target; else only to targets on this machine */
    public?: boolean;
    /** the certificate the built-in mock is told to trust */
    certificatePem?: string;
  };
  /** where the specs are (default: the project's specs/): a spec there without a module is still tested */
  specsDir?: string;
  /** starts the built-in mock, when neither baseUrl nor configFile is given */
  startMock?: StartBuiltInMock;
  /** the workspace on a shared harness mock (overrides the target file's) */
  workspace?: string;
  /** the control token of a protected harness mock (overrides the target file's) */
  controlToken?: string;
}

export interface PreparedTarget {
  target: TargetContext;
  builtInMock: boolean;
  /** the target's own test data, when it publishes it (our mock) */
  testData?: TestData;
  /** the target's virtual now, ms, when it publishes test data (relative SIM history is dated from it) */
  testDataNow?: number;
  close(): Promise<void>;
}

const isLocal = (url: string) => /^https?:\/\/(127\.|localhost(:|\/|$)|\[::1\])/.test(url);

/** The runner's sink for a target at `apiRoot`: a public one always, a loopback one only on this machine. */
function sinkFor(apiRoot: string, options: TargetOptions): TargetSink | undefined {
  return options.sink.public || isLocal(apiRoot) ? options.sink.sink : undefined;
}

async function fetchJson<T>(url: string, timeoutMs: number): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) return undefined;
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

/** The target's clock (virtual where exposed). */
async function clockOf(target: TargetContext): Promise<number> {
  const body = target.clockUrl ? await fetchJson<{ now?: string }>(target.clockUrl, target.timeoutMs) : undefined;
  const t = Date.parse(body?.now ?? "");
  return Number.isFinite(t) ? t : Date.now();
}

/** The target, with this thread's fetch sending its workspace and control token (harness-access.ts) until close. */
export async function prepareTarget(options: TargetOptions): Promise<PreparedTarget> {
  // while the target is prepared, its test data and clock are read through the root it was given
  const uninstall: (() => void)[] = [];
  const install = (access: HarnessAccess) => uninstall.push(installHarnessAccess(access));
  let prepared: PreparedTarget;
  try {
    prepared = await prepareWithAccess(options, install);
  } catch (error) {
    uninstall.forEach((u) => u());
    throw error;
  }
  install(accessOf(prepared.target));
  const close = prepared.close;
  return {
    ...prepared,
    close: async () => {
      uninstall.forEach((u) => u());
      await close();
    },
  };
}

async function prepareWithAccess(options: TargetOptions, install: (access: HarnessAccess) => void): Promise<PreparedTarget> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const access = { workspace: options.workspace, controlToken: options.controlToken };
  const base = {
    release: options.release,
    seed: options.seed,
    timeoutMs,
    apis: options.apis,
    grep: options.grep,
    specsDir: options.specsDir,
    ...(access.workspace !== undefined ? { workspace: access.workspace } : {}),
    ...(access.controlToken !== undefined ? { controlToken: access.controlToken } : {}),
  };
  if (!options.baseUrl && !options.configFile) {
    if (!options.startMock) throw new ConfigError("no target: give --base-url or --config");
    const mock = await options.startMock({ release: options.release, specsDir: options.specsDir, sinkCa: options.sink.certificatePem });
    install(accessOf({ apiRoot: mock.url, apiRoots: {}, ...access }));
    return {
      target: { ...targetFromHarness(mock.url, mock.testData, { ...base, builtInMock: true, sink: options.sink.sink }), clockAtStart: mock.now },
      builtInMock: true,
      testData: mock.testData,
      testDataNow: mock.now,
      close: mock.close,
    };
  }
  if (options.configFile) {
    const fromFile = loadTargetConfig(options.configFile);
    if (options.baseUrl) fromFile.apiRoot = options.baseUrl.replace(/\/+$/, "");
    const target: TargetContext = {
      ...fromFile,
      ...base,
      timeoutMs: options.timeoutMs ?? fromFile.timeoutMs,
      builtInMock: false,
      // a public --sink-url wins; then a readable sink of the user's own from the file; then the runner's
      sink: (options.sink.public ? options.sink.sink : fromFile.sink) ?? sinkFor(fromFile.apiRoot, options),
      clockAtStart: Date.now(),
    };
    return { target, builtInMock: false, close: async () => {} };
  }
  const baseUrl = options.baseUrl!.replace(/\/+$/, "");
  // the test data and the clock are read from the run's workspace, with the control token
  install(accessOf({ apiRoot: baseUrl, apiRoots: {}, ...access }));
  const problems = await preflight([baseUrl], timeoutMs);
  if (problems.length > 0) throw new ConfigError(problems[0]);
  const answer = await readHarnessTestData(baseUrl, timeoutMs);
  if ("problem" in answer) throw new ConfigError(answer.problem);
  if ("absent" in answer) {
    throw new ConfigError(
      `${baseUrl} exposes no /_harness/testdata (${answer.absent}), so the runner cannot know its test data: give --config target.yaml (see examples/)`,
    );
  }
  const data = answer.data;
  const target = targetFromHarness(baseUrl, data, { ...base, builtInMock: false, sink: sinkFor(baseUrl, options) });
  target.clockAtStart = await clockOf(target);
  return { target, builtInMock: false, testData: data, testDataNow: target.clockAtStart, close: async () => {} };
}
