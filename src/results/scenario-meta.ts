/**
 * What a conformance scenario records about itself while it runs (suites/support/scenario.ts) and the
 * runner reads back when it ends (src/conformance/vitest-bridge.ts): its identity, the exchanges and
 * CAMARA codes it exercised, and how it ended when it ended badly.
 */
import type { Exchange, ScenarioResult } from "./results.ts";

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
  /** the id of the registered check that failed (src/results/check-registry.ts), if one did */
  check?: string;
}
