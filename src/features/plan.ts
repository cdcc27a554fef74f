/**
 * From files to runnable scenarios: parse each file, instantiate Commonalities templates, decide
 * whether the file applies to the target (its API is in the target's release and implemented by the
 * target), give each scenario its id, filter by tag expression, and bind every step to the library.
 * Binding happens before anything runs, so undefined steps are known (and counted) even for
 * scenarios that end up skipped.
 */
import { parse as parseTagExpression } from "@cucumber/tag-expressions";
import type { BoundStep } from "./execute.ts";
import { FeatureParseError, readFeature } from "./gherkin.ts";
import type { FeatureFile, FeatureScenario, FeatureStep } from "./model.ts";
import { IdRegistry, baseId } from "./scenario-id.ts";
import { parseResource, type SpecIndex } from "./spec-index.ts";
import type { StepRegistry } from "./steps/index.ts";
import { instantiateTemplate, templateKind, undocumentedExpectation, unknownBodyProperty } from "./templates.ts";

export interface PlannedScenario {
  file: FeatureFile;
  scenario: FeatureScenario;
  id: string;
  api?: string;
  version?: string;
  operationHint?: string;
  steps: BoundStep[];
  undefinedSteps: FeatureStep[];
  /** not run, with this reason (file or template not applicable) */
  skip?: string;
  /** said in the result whatever happens (duplicate id, version differences) */
  notes: string[];
  /** false for template scenarios that could not be instantiated (their steps hold placeholders) */
  bound: boolean;
}

export interface PlannedFile {
  file: string;
  name?: string;
  scenarios: PlannedScenario[];
  parseError?: string;
  /** why the whole file does not apply, when it does not */
  skipReason?: string;
}

export interface PlanOptions {
  specs: SpecIndex;
  /** APIs the target implements (selected for the run) */
  apis: string[];
  release: string;
  registry: StepRegistry;
  tags?: string;
}

function bindSteps(registry: StepRegistry, steps: FeatureStep[]): { bound: BoundStep[]; undefinedSteps: FeatureStep[] } {
  const bound = steps.map((step) => ({ step, binding: registry.bind(step.text) }));
  return { bound, undefinedSteps: bound.filter((b) => !b.binding).map((b) => b.step) };
}

function fileApi(file: FeatureFile, specs: SpecIndex): string | undefined {
  for (const s of file.scenarios) {
    for (const st of s.steps) {
      const m = /^the resource "([^"]+)"/i.exec(st.text.trim());
      if (!m) continue;
      const api = parseResource(m[1])?.api;
      return api && !specs.api(api) ? (specs.apiServing(api) ?? api) : api;
    }
  }
  return undefined;
}

function applicability(api: string | undefined, options: PlanOptions): string | undefined {
  if (!api) return "the file names no resource of an API (no `the resource \"...\"` step)";
  if (!options.specs.api(api)) return `${api} is not part of release ${options.release} in this harness (no spec of it)`;
  if (!options.apis.includes(api)) {
    return `the target does not implement ${api} (not among the APIs of this run: ${options.apis.join(", ")}; add it with --api if the target serves it)`;
  }
  return undefined;
}

function versionNote(file: FeatureFile, api: string | undefined, options: PlanOptions): string | undefined {
  const written = /\bv(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(file.name)?.[1];
  const served = api ? options.specs.api(api)?.version : undefined;
  if (!written || !served || written === served) return undefined;
  return `the file is written for ${api} ${written}; release ${options.release} has ${api} ${served}`;
}

/** The operation a scenario sends: `the request "<id>" is sent`, or the HTTP method on its resource. */
function scenarioOperation(s: FeatureScenario, api: string, specs: SpecIndex) {
  let path = "";
  for (const st of s.steps) {
    const t = st.text.trim();
    const res = /^the resource "([^"]+)"/i.exec(t);
    if (res) path = parseResource(res[1])?.path ?? "";
    const id = /^the request "([^"]+)" is sent$/i.exec(t)?.[1];
    if (id) return specs.operation(api, id);
    const method = /^the HTTP "([A-Z]+)" request is sent/i.exec(t)?.[1];
    if (method) return specs.operationsAt(api, path).find((o) => o.method === method.toUpperCase());
  }
  return undefined;
}

export function planFile(path: string, display: string, options: PlanOptions, ids: IdRegistry): PlannedFile {
  let file: FeatureFile;
  try {
    file = readFeature(path, display);
  } catch (error) {
    if (error instanceof FeatureParseError) return { file: display, scenarios: [], parseError: error.message };
    return { file: display, scenarios: [], parseError: `${display}: ${(error as Error).message}` };
  }
  const matchesTags = (tags: string[]) => !options.tags || parseTagExpression(options.tags).evaluate(tags.map((t) => `@${t}`));
  const out: PlannedScenario[] = [];
  const kind = templateKind(file);
  if (kind) {
    const instances = instantiateTemplate(file, kind, options.specs, options.apis);
    if (instances.length === 0) {
      const reason = `Commonalities template (${kind}): no operation of the APIs of this run (${options.apis.join(", ")}) has the input it tests`;
      for (const s of file.scenarios.filter((x) => matchesTags(x.tags))) {
        out.push({ file, scenario: s, id: baseId(display, s), steps: [], undefinedSteps: [], skip: reason, notes: [], bound: false });
      }
      return { file: display, name: file.name, scenarios: out, skipReason: reason };
    }
    for (const inst of instances) {
      if (!matchesTags(inst.scenario.tags)) continue;
      const { bound, undefinedSteps } = bindSteps(options.registry, inst.scenario.steps);
      const claimed = ids.claim(baseId(display, inst.scenario), display, inst.scenario.example?.line ?? inst.scenario.line, true);
      out.push({
        file,
        scenario: inst.scenario,
        id: claimed.id,
        api: inst.op.api,
        version: inst.op.version,
        operationHint: inst.op.operationId,
        steps: bound,
        undefinedSteps,
        skip: inst.notApplicable && `not applicable: ${inst.notApplicable}`,
        notes: [`template instance for ${inst.op.operationId} (implicit Background)`, ...(claimed.note ? [claimed.note] : [])],
        bound: true,
      });
    }
    return { file: display, name: file.name, scenarios: out };
  }
  const api = fileApi(file, options.specs);
  const skipReason = applicability(api, options);
  const version = versionNote(file, api, options);
  const hint = /Operation (\w+)/.exec(file.name)?.[1];
  for (const s of file.scenarios) {
    if (!matchesTags(s.tags)) continue;
    const { bound, undefinedSteps } = bindSteps(options.registry, s.steps);
    const claimed = ids.claim(baseId(display, s), display, s.example?.line ?? s.line, false);
    // a file written for another version of the API: what that version does not document does not apply
    const op = version && api && !skipReason ? scenarioOperation(s, api, options.specs) : undefined;
    const undocumented = op && (undocumentedExpectation(op, s) ?? unknownBodyProperty(op, s));
    out.push({
      file,
      scenario: s,
      id: claimed.id,
      api,
      version: api ? options.specs.api(api)?.version : undefined,
      operationHint: hint,
      steps: bound,
      undefinedSteps,
      skip: skipReason ?? (undocumented ? `not applicable to this release: ${undocumented} (${version})` : undefined),
      notes: [...(claimed.note ? [claimed.note] : []), ...(version ? [version] : [])],
      bound: true,
    });
  }
  return { file: display, name: file.name, scenarios: out, skipReason };
}
