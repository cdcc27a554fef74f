/** What a scenario attaches to its vitest task (src/results/scenario-meta.ts), and what the runner provides to the suites. */
import type { ScenarioMeta } from "../../src/results/scenario-meta.ts";
import type { TargetContext } from "../../src/target/target.ts";

export type { ScenarioMeta } from "../../src/results/scenario-meta.ts";

declare module "vitest" {
  export interface ProvidedContext {
    target: TargetContext;
  }
  export interface TaskMeta {
    scenario?: ScenarioMeta;
  }
}
