/**
 * Per feature file: how many scenarios ran, passed, were skipped (grouped by reason), failed, were
 * definition defects (the official file contradicts its spec: counted apart, not failures unless
 * --strict-definitions made them failures) or broke, and how many steps the library bound
 * and could not bind (with file and line).
 */
import { isContradiction } from "../results/outcome.ts";
import type { ScenarioResult } from "../results/results.ts";
import type { PlannedFile } from "./plan.ts";

export interface FileSummary {
  file: string;
  scenarios: number;
  passed: number;
  skipped: number;
  failed: number;
  /** scenarios whose official definition contradicts its spec (status definition-defect; under
   * --strict-definitions they are failures and also counted in `failed`) */
  contradictions: number;
  errors: number;
  deviations: number;
  /** steps bound to the library (over every scenario, run or not); undefined for uninstantiated templates */
  boundSteps: number;
  /** step occurrences no definition binds (a Background step counts once per scenario) */
  undefinedOccurrences: number;
  /** where they are: one entry per file line */
  undefinedSteps: { text: string; line: number }[];
  /** whether the steps could be bound at all (false: a template with no operation to apply to) */
  bindingAssessed: boolean;
  skipReasons: { reason: string; count: number }[];
  failures: { id: string; reason: string; contradiction: boolean }[];
  parseError?: string;
}

export { isContradiction } from "../results/outcome.ts";

export function summariseFile(pf: PlannedFile, results: ScenarioResult[]): FileSummary {
  const reasons = new Map<string, number>();
  for (const r of results) if (r.status === "skip") reasons.set(r.reason ?? "no reason", (reasons.get(r.reason ?? "no reason") ?? 0) + 1);
  const undefinedSteps = new Map<string, { text: string; line: number }>();
  let bound = 0;
  let unbound = 0;
  for (const p of pf.scenarios) {
    if (!p.bound) continue;
    for (const s of p.steps) if (s.binding) bound++;
    unbound += p.undefinedSteps.length;
    for (const s of p.undefinedSteps) undefinedSteps.set(`${s.line}:${s.text}`, { text: s.text, line: s.line });
  }
  const count = (status: ScenarioResult["status"]) => results.filter((r) => r.status === status).length;
  return {
    file: pf.file,
    scenarios: results.length,
    passed: count("pass"),
    skipped: count("skip"),
    failed: count("fail"),
    contradictions: results.filter(isContradiction).length,
    errors: count("error"),
    deviations: count("deviation"),
    boundSteps: bound,
    undefinedOccurrences: unbound,
    undefinedSteps: [...undefinedSteps.values()].sort((a, b) => a.line - b.line),
    bindingAssessed: pf.scenarios.some((p) => p.bound) || pf.scenarios.length === 0,
    skipReasons: [...reasons].map(([reason, c]) => ({ reason, count: c })).sort((a, b) => b.count - a.count),
    failures: results
      .filter((r) => r.status === "fail" || r.status === "error" || r.status === "definition-defect")
      .map((r) => ({ id: r.id, reason: r.reason ?? "", contradiction: isContradiction(r) })),
    parseError: pf.parseError,
  };
}
