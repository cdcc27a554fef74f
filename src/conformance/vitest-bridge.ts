/**
 * Turns vitest's view of the suites into our result events: each test case carries a ScenarioMeta
 * (suites/support/meta.ts); its vitest state, the meta's outcome and the target's accepted
 * deviations decide the ScenarioStatus. Suite files that fail to load become harness errors.
 */
import { relative } from "node:path";
import type { Reporter as VitestReporter, TestCase, TestModule } from "vitest/node";
import { PROJECT_ROOT } from "../core/paths.ts";
import { applyDeviation } from "../results/deviations.ts";
import { type Outcome, toVerdict } from "../results/outcome.ts";
import { plainAssertion } from "../results/plain-assertion.ts";
import type { ScenarioResult } from "../results/results.ts";
import type { ScenarioMeta } from "../results/scenario-meta.ts";

export interface BridgeSink {
  scenario(result: ScenarioResult): void;
  harnessError(message: string): void;
}

export function toScenarioResult(testCase: TestCase, deviations: Record<string, string>): ScenarioResult {
  const meta = testCase.meta().scenario as ScenarioMeta | undefined;
  const result = testCase.result();
  const durationMs = Math.round(testCase.diagnostic()?.duration ?? 0);
  const base: ScenarioResult = {
    id: meta?.id ?? testCase.name,
    title: meta?.title ?? testCase.name,
    api: meta?.api ?? "unknown",
    version: meta?.version ?? "",
    operationId: meta?.operationId ?? "*",
    rule: meta?.rule ?? "",
    layer: meta?.layer ?? "api",
    source: meta?.source,
    status: "pass",
    errorCodes: meta?.errorCodes ?? [],
    exchanges: meta?.exchanges ?? [],
    durationMs,
  };
  const outcome = applyDeviation(outcomeOf(meta, result), base.id, deviations);
  return { ...base, ...toVerdict(outcome), ...(meta?.check ? { check: meta.check } : {}) };
}

/** The outcome of one test case: vitest's state plus what the scenario recorded about its end. */
function outcomeOf(meta: ScenarioMeta | undefined, result: ReturnType<TestCase["result"]>): Outcome {
  if (result.state === "skipped") return { kind: "skip", reason: result.note ?? "skipped without a reason (a bug of the suite)" };
  if (result.state === "passed") return { kind: "pass" };
  const message = meta?.reason ?? plainAssertion(result.errors?.[0]?.message ?? "failed");
  if (meta?.outcome !== "fail") return { kind: "error", reason: message };
  return { kind: "fail", reason: message, expected: meta.expected, received: meta.received };
}

export class VitestBridge implements VitestReporter {
  constructor(
    private readonly sink: BridgeSink,
    private readonly deviations: Record<string, string>,
  ) {}

  onTestCaseResult(testCase: TestCase): void {
    // a test filtered out by --grep never ran its body: it is not a scenario of this run
    if (!testCase.meta().scenario && testCase.result().state === "skipped") return;
    this.sink.scenario(toScenarioResult(testCase, this.deviations));
  }

  onTestModuleEnd(module: TestModule): void {
    for (const error of module.errors()) {
      this.sink.harnessError(`${relative(PROJECT_ROOT, module.moduleId)}: ${error.message.split("\n")[0]}`);
    }
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    for (const e of unhandledErrors) this.sink.harnessError(`unhandled error: ${(e.message ?? String(e)).split("\n")[0]}`);
  }
}
