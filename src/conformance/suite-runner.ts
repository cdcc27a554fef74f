/**
 * The vitest instance that runs the suites of a conformance run. Making one (a Vite server that then
 * transforms every suite and src module) costs more CPU than running the suites of one API, so a
 * process that runs conformance several times in a row (a program calling runConformance for each of
 * its targets, this project's own tests) keeps one idle instance and reuses it:
 *
 * - each run still gets a fresh worker thread (vitest stops the worker when the run ends), so no
 *   module state of one run reaches the next; only the transformed code is kept;
 * - a run that finds the kept instance busy (two runs side by side in one process) makes its own
 *   instance and closes it afterwards;
 * - the kept instance is closed after IDLE_MS without a run (its timer does not keep the process
 *   alive).
 */
import type { Reporter, TestCase, TestModule, Vitest } from "vitest/node";
import { CODE_EXTENSION, CODE_ROOT } from "../core/paths.ts";
import type { TargetContext } from "../target/target.ts";

export interface SuiteRun {
  /** the folders under suites/ whose *.suite files run (e.g. "generic", "quality-on-demand") */
  folders: string[];
  target: TargetContext;
  /** run only the scenarios whose title contains this text */
  grep?: string;
  bail?: boolean;
  testTimeoutMs: number;
  /** told each scenario's result, each suite file's end and the run's end */
  reporter: Pick<Reporter, "onTestCaseResult" | "onTestModuleEnd" | "onTestRunEnd">;
}

/** How long an idle kept instance waits for the next run before it is closed. */
const IDLE_MS = 30_000;

/** Forwards vitest's events to the reporter of the run in progress (one reporter list per instance). */
class RunReporter implements Reporter {
  current: SuiteRun["reporter"] | undefined;
  onTestCaseResult(testCase: TestCase): void {
    this.current?.onTestCaseResult?.(testCase);
  }
  onTestModuleEnd(module: TestModule): void {
    this.current?.onTestModuleEnd?.(module);
  }
  onTestRunEnd(...args: Parameters<NonNullable<Reporter["onTestRunEnd"]>>): void {
    this.current?.onTestRunEnd?.(...args);
  }
}

interface Instance {
  vitest: Vitest;
  reporter: RunReporter;
}

let kept: Instance | undefined;
let keptBusy = false;
let idleTimer: NodeJS.Timeout | undefined;

async function createInstance(): Promise<Instance> {
  const { createVitest } = await import("vitest/node");
  const reporter = new RunReporter();
  const vitest = await createVitest("test", {
    root: CODE_ROOT,
    config: false,
    // nothing written beside the suites (in an installed package, they sit in node_modules)
    cache: false,
    watch: false,
    // from the sources they are TypeScript that vitest transforms; from the build, compiled JavaScript in dist/
    include: [`suites/**/*.suite.${CODE_EXTENSION}`],
    reporters: [reporter],
    fileParallelism: false,
    isolate: false,
    pool: "threads",
    passWithNoTests: true,
  } as never);
  return { vitest, reporter };
}

/** Runs the suite files of `run.folders` against `run.target`; results reach `run.reporter`. */
export async function runSuites(run: SuiteRun): Promise<void> {
  clearTimeout(idleTimer);
  const reuse = !keptBusy;
  if (reuse) keptBusy = true;
  let instance: Instance | undefined;
  const previousExitCode = process.exitCode;
  try {
    instance = reuse ? (kept ??= await createInstance()) : await createInstance();
    await runOn(instance, run);
  } finally {
    if (instance) instance.reporter.current = undefined;
    // vitest sets a failing exit code of its own; ours is decided from the results
    process.exitCode = previousExitCode;
    if (!reuse) await instance?.vitest.close();
    else {
      keptBusy = false;
      if (kept) {
        idleTimer = setTimeout(() => void closeSuiteRunner(), IDLE_MS);
        idleTimer.unref();
      }
    }
  }
}

async function runOn({ vitest, reporter }: Instance, run: SuiteRun): Promise<void> {
  const specifications = (await vitest.globTestSpecifications()).filter((s) => run.folders.some((f) => s.moduleId.startsWith(`${CODE_ROOT}suites/${f}/`)));
  if (specifications.length === 0) return;
  vitest.provide("target" as never, run.target as never);
  // read by vitest when it serializes the config for the run's worker
  Object.assign(vitest.config, { testTimeout: run.testTimeoutMs, bail: run.bail ? 1 : 0 });
  if (run.grep) vitest.setGlobalTestNamePattern(new RegExp(run.grep.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  else vitest.resetGlobalTestNamePattern();
  reporter.current = run.reporter;
  await vitest.runTestSpecifications(specifications, false);
}

/** Closes the kept instance when it is idle. */
async function closeSuiteRunner(): Promise<void> {
  clearTimeout(idleTimer);
  if (!kept || keptBusy) return;
  const { vitest } = kept;
  kept = undefined;
  await vitest.close();
}
