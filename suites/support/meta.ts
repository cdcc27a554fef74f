/** What a scenario attaches to its vitest task, read back by the runner's reporter bridge. */
import type { Exchange, ScenarioResult } from "../../src/results/results.ts";
import type { TargetContext } from "../../src/target/target.ts";

export interface ScenarioMeta {
  id: string;
  title: string;
  api: string;
  version: string;
  operationId: string;
  rule: string;
  layer: ScenarioResult["layer"];
  source?: { file: string; line: number };
  errorCodes: string[];
  exchanges: Exchange[];
  /** set when the scenario ended badly: fail = non-conformance, error = the harness could not judge */
  outcome?: "fail" | "error";
  reason?: string;
  expected?: string;
  received?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    target: TargetContext;
  }
  export interface TaskMeta {
    scenario?: ScenarioMeta;
  }
}
