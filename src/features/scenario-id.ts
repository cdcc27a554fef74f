/**
 * Scenario ids (GUIDE principle 10): the first tag that looks like a CAMARA scenario id (it has an
 * underscore and a digit, e.g. `quality_on_demand_createSession_400.1_schema_not_compliant`), else
 * `<file>:<line>`. An Examples row adds `.<first value of the row>`. An id already used earlier in the
 * run (the official files reuse some) gets `[<file name>]` appended, and the scenario says so.
 */
import { basename } from "node:path";
import type { FeatureScenario } from "./model.ts";

export function looksLikeId(tag: string): boolean {
  return /^[A-Za-z][\w.\-{}]*$/.test(tag) && tag.includes("_") && /\d/.test(tag);
}

function rowSuffix(values: Record<string, string>): string {
  const first = Object.values(values)[0] ?? "";
  return first.replace(/^\$\.?/, "").replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "") || "row";
}

export function baseId(file: string, scenario: FeatureScenario): string {
  const tag = scenario.tags.find(looksLikeId);
  const id = tag ?? `${file}:${scenario.line}`;
  return scenario.example ? `${id}.${rowSuffix(scenario.example.values)}` : id;
}

/** Hands out unique ids; remembers where each was first used. */
export class IdRegistry {
  private readonly used = new Map<string, string>();

  /** The id to report and, when it had to change, a note saying why. */
  claim(id: string, file: string, line: number, template: boolean): { id: string; note?: string } {
    const first = this.used.get(id);
    if (first === undefined) {
      this.used.set(id, `${file}:${line}`);
      return { id };
    }
    let unique = `${id}[${basename(file, ".feature")}]`;
    for (let n = 2; this.used.has(unique); n++) unique = `${id}[${basename(file, ".feature")}#${n}]`;
    this.used.set(unique, `${file}:${line}`);
    const note = template
      ? `this template instance has the id of ${first}; reported as ${unique}`
      : `defect of the test definition: the tag id is already used by ${first}; reported as ${unique}`;
    return { id: unique, note };
  }
}
