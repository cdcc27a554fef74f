/**
 * The step library's binding: each step definition owns a few anchored patterns; a step text is
 * normalised (runs of spaces collapsed, a final period dropped) and bound to the first definition
 * whose pattern matches, keyword-agnostic (Given/When/Then/And mean nothing to the binding). The
 * captured groups are the step's arguments. A definition that re-dispatches part of its text to
 * another step (`... matches the rule: <condition>`) binds that inner text too, so a rule nobody
 * implements is an undefined step when the file is read, not when it runs.
 */
import type { FeatureStep } from "../model.ts";
import type { World } from "../world.ts";

export type Concept = "setup" | "auth" | "data" | "body" | "send" | "response" | "event";

export interface StepDef {
  /** stable name, e.g. "response.status-code" */
  name: string;
  concept: Concept;
  patterns: RegExp[];
  run(world: World, args: string[], step: FeatureStep, inner?: Binding): Promise<void> | void;
  /** the text of another step this one delegates to (bound at binding time) */
  inner?(args: string[]): string;
}

export interface Binding {
  def: StepDef;
  args: string[];
  text: string;
  inner?: Binding;
}

export function normaliseStep(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/\.$/, "");
}

export class StepRegistry {
  constructor(readonly defs: readonly StepDef[]) {}

  /** The definition and arguments for a step text, or undefined when nothing implements it. */
  bind(text: string): Binding | undefined {
    const normal = normaliseStep(text);
    for (const def of this.defs) {
      for (const pattern of def.patterns) {
        const m = pattern.exec(normal);
        if (!m) continue;
        const args = m.slice(1).map((a) => a ?? "");
        if (!def.inner) return { def, args, text: normal };
        const inner = this.bind(def.inner(args));
        if (!inner) return undefined;
        return { def, args, text: normal, inner };
      }
    }
    return undefined;
  }

  /** Every definition matching the text (more than one means the library is ambiguous). */
  matching(text: string): StepDef[] {
    const normal = normaliseStep(text);
    return this.defs.filter((d) => d.patterns.some((p) => p.test(normal)));
  }
}
