/**
 * `camara-harness features`: runs official CAMARA Gherkin test definitions against a target,
 * in-process and sequentially, and reports each scenario like the conformance runner does (the
 * same RunEvents, so the same HTML, JUnit and JSON reports), under its official tag id with the
 * feature file and line. Returns the report and a per-file summary (scenarios, passed, skipped with
 * reasons, failed, bound and undefined steps).
 * Exit code: 0 conformant, 1 not conformant (a failure or an undefined step), 2 harness error.
 */
import { mkdirSync } from "node:fs";
import { ConfigError } from "../target/config.ts";
import { applyDeviation } from "../results/deviations.ts";
import { toVerdict, type Verdict } from "../results/outcome.ts";
import { type Reporter, type RunEvent, type RunReport, type ScenarioResult, buildReport, countResults } from "../results/results.ts";
import { describeRunnerSink, openSinkOf, type RunnerSink } from "../target/runner-sink.ts";
import { TokenSource } from "../target/tokens.ts";
import { RunEventStream } from "../results/events.ts";
import { emptySelection } from "../results/empty-selection.ts";
import { loadReleaseSpecs } from "../apis/registry.ts";
import { type StartBuiltInMock, prepareTarget } from "../target/prepare-target.ts";
import { checkServed } from "../target/served-probe.ts";
import { executeScenario } from "./execute.ts";
import { emptyFixtures, fixturesFromTestData } from "./fixtures.ts";
import { type PlannedFile, type PlannedScenario, planFile } from "./plan.ts";
import { IdRegistry } from "./scenario-id.ts";
import { SpecIndex } from "./spec-index.ts";
import { createStepLibrary } from "./steps/index.ts";
import { summariseFile, type FileSummary } from "./summary.ts";
import { World, type FeatureRuntime } from "./world.ts";


export interface FeatureInput {
  /** absolute path of a .feature file */
  path: string;
  /** path shown in reports */
  display: string;
}

export interface FeaturesOptions {
  files: FeatureInput[];
  baseUrl?: string;
  configFile?: string;
  release: string;
  /** APIs the target implements */
  apis: string[];
  /** --api as the user gave it (named when it selects nothing) */
  apiFilter?: string;
  /** the files and folders as the user gave them (named when they select nothing) */
  filesLabel?: string;
  tags?: string;
  reportDir: string;
  reporters: Reporter[];
  seed?: number;
  timeoutMs?: number;
  /** starts the built-in mock (src/mock/built-in.ts) when neither baseUrl nor configFile is given */
  startMock?: StartBuiltInMock;
  /** report definition defects (contradictions of the official files) as failures */
  strictDefinitions?: boolean;
  /** workspace and control token of a shared harness mock (src/target/harness-access.ts) */
  workspace?: string;
  controlToken?: string;
  /** the notification sink: a public address forwarded to the runner, its local port, http instead of https */
  sinkUrl?: string;
  sinkPort?: number;
  httpSink?: boolean;
  /** told one line about the sink when the target is not the built-in mock (the CLI prints it) */
  onSink?: (line: string) => void;
}

export interface FeaturesRun {
  report: RunReport;
  files: FileSummary[];
}

function undefinedReason(p: PlannedScenario): string {
  const first = p.undefinedSteps[0];
  const more = p.undefinedSteps.length > 1 ? ` (+${p.undefinedSteps.length - 1} more)` : "";
  return `undefined step: ${first.text} (${p.file.file}:${first.line})${more}`;
}

function resultOf(p: PlannedScenario, verdict: Verdict, world?: World): ScenarioResult {
  const title = p.scenario.example ? `${p.scenario.title} (${Object.values(p.scenario.example.values).join(", ")})` : p.scenario.title;
  const notes = p.notes.length > 0 ? p.notes.join("; ") : undefined;
  let reason = verdict.reason;
  // a skip says only why; notes belong to scenarios that ran
  if (notes && verdict.status !== "skip") reason = reason ? `${reason}; ${notes}` : verdict.status === "pass" ? `note: ${notes}` : notes;
  return {
    id: p.id,
    title,
    api: p.api ?? "unknown",
    version: p.version ?? "",
    operationId: world?.response?.op.operationId ?? p.operationHint ?? "*",
    rule: `CAMARA test definition: ${p.file.name}`,
    layer: "official",
    source: { file: p.file.file, line: p.scenario.example?.line ?? p.scenario.line },
    status: verdict.status,
    reason,
    expected: verdict.expected,
    received: verdict.received,
    errorCodes: world?.errorCodes ?? [],
    exchanges: world?.exchanges ?? [],
    durationMs: 0,
  };
}

async function runScenario(runtime: FeatureRuntime, p: PlannedScenario, strictDefinitions: boolean): Promise<ScenarioResult> {
  if (p.skip) return resultOf(p, { status: "skip", reason: p.skip });
  if (p.undefinedSteps.length > 0) return resultOf(p, { status: "fail", reason: undefinedReason(p) });
  const started = performance.now();
  const world = new World(runtime, p.file, p.scenario);
  world.operationHint = p.operationHint;
  const outcome = applyDeviation(await executeScenario(world, p.id, p.steps), p.id, runtime.target.deviations);
  return { ...resultOf(p, toVerdict(outcome, { strictDefinitions }), world), durationMs: Math.round(performance.now() - started) };
}

export async function runFeatures(options: FeaturesOptions): Promise<FeaturesRun> {
  const startedAt = new Date();
  const results: ScenarioResult[] = [];
  const harnessErrors: string[] = [];
  const planned: PlannedFile[] = [];
  let sink: RunnerSink | undefined;
  const seed = options.seed ?? 20261123;
  let targetInfo: RunReport["target"] = {
    baseUrl: options.baseUrl ?? "(built-in mock)",
    builtInMock: !options.baseUrl && !options.configFile,
    release: options.release,
    config: options.configFile,
  };
  const events = new RunEventStream(options.reporters);
  const emit = (event: RunEvent) => events.emit(event);
  let close: (() => Promise<void>) | undefined;
  try {
    sink = await openSinkOf(options);
    if (options.baseUrl || options.configFile) options.onSink?.(describeRunnerSink(sink));
    const prepared = await prepareTarget({
      baseUrl: options.baseUrl,
      configFile: options.configFile,
      release: options.release,
      apis: options.apis,
      seed,
      timeoutMs: options.timeoutMs,
      sink: { sink: sink.sink, public: sink.public, certificatePem: sink.certificate.cert },
      startMock: options.startMock,
      workspace: options.workspace,
      controlToken: options.controlToken,
    });
    close = prepared.close;
    targetInfo = { ...targetInfo, baseUrl: prepared.target.apiRoot, builtInMock: prepared.builtInMock };
    const releaseSpecs = await loadReleaseSpecs(options.release);
    const specs = new SpecIndex(releaseSpecs);
    // the test data the official scenarios ask for (SIM-swap states...): only a target that publishes it can give it
    const fixtures = prepared.testData
      ? fixturesFromTestData(prepared.target, prepared.testData, prepared.testDataNow ?? Date.now())
      : emptyFixtures(prepared.target);
    const runtime: FeatureRuntime = { target: prepared.target, fixtures, specs, tokens: new TokenSource(prepared.target), seed };
    const registry = createStepLibrary();
    const ids = new IdRegistry();
    for (const f of options.files) {
      planned.push(planFile(f.path, f.display, { specs, apis: options.apis, release: options.release, registry, tags: options.tags }, ids));
    }
    for (const pf of planned) if (pf.parseError) harnessErrors.push(pf.parseError);
    // an API the files test that the target does not serve (or that cannot be reached): one harness
    // error, its scenarios not run
    const used = [...new Set(planned.flatMap((pf) => pf.scenarios.filter((p) => !p.skip && p.api).map((p) => p.api!)))];
    const { problems, unreachable, unserved } = await checkServed(prepared.target, releaseSpecs, used);
    harnessErrors.push(...problems, ...unserved.values());
    for (const p of planned.flatMap((pf) => pf.scenarios)) {
      if (!p.api || p.skip) continue;
      if (unreachable.has(p.api)) p.skip = `${p.api} cannot be reached (see the harness errors)`;
      else if (unserved.has(p.api)) p.skip = `${p.api} is not served by the target (see the harness errors)`;
    }
    await emit({ type: "run-start", target: targetInfo, startedAt: startedAt.toISOString(), apis: options.apis });
    for (const pf of planned) {
      for (const p of pf.scenarios) {
        const result = await runScenario(runtime, p, options.strictDefinitions === true);
        results.push(result);
        await emit({ type: "scenario-end", result, counts: countResults(results) });
      }
    }
  } catch (error) {
    harnessErrors.push(error instanceof ConfigError ? error.message : (error as Error).message);
  } finally {
    await sink?.close();
    await close?.();
  }
  if (harnessErrors.length === 0) {
    const files = options.filesLabel ?? (options.files.length === 1 ? options.files[0].display : `${options.files.length} files`);
    const empty = emptySelection(results, [{ flag: "", value: files }, { flag: "--tags", value: options.tags }, { flag: "--api", value: options.apiFilter }]);
    if (empty) harnessErrors.push(empty);
  }
  const report = buildReport({ target: targetInfo, startedAt, harnessErrors, results });
  mkdirSync(options.reportDir, { recursive: true });
  await emit({ type: "run-end", report });
  const byFile = new Map<string, ScenarioResult[]>();
  for (const r of results) byFile.set(r.source!.file, [...(byFile.get(r.source!.file) ?? []), r]);
  return { report, files: planned.map((pf) => summariseFile(pf, byFile.get(pf.file) ?? [])) };
}
