/**
 * Parser adapter: `@cucumber/gherkin` turns a `.feature` file into pickles (Background steps in
 * front, Scenario Outlines expanded per Examples row); this file turns those into our FeatureFile,
 * keeping the line of every step and scenario so a report row points back into the official file.
 */
import { readFileSync } from "node:fs";
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from "@cucumber/gherkin";
import { IdGenerator, type GherkinDocument, type Step } from "@cucumber/messages";
import type { FeatureFile, FeatureScenario, FeatureStep, StepType } from "./model.ts";

export class FeatureParseError extends Error {
  override name = "FeatureParseError";
}

const STEP_TYPES: Record<string, StepType> = { Context: "context", Action: "action", Outcome: "outcome" };

interface AstIndex {
  steps: Map<string, { step: Step; background: boolean }>;
  scenarios: Map<string, { line: number; title: string }>;
  rows: Map<string, { line: number; values: Record<string, string> }>;
}

function indexAst(doc: GherkinDocument): AstIndex {
  const index: AstIndex = { steps: new Map(), scenarios: new Map(), rows: new Map() };
  const visit = (children: readonly { background?: { steps: readonly Step[] }; scenario?: NonNullable<GherkinDocument["feature"]>["children"][number]["scenario"]; rule?: { children: readonly any[] } }[]) => {
    for (const child of children) {
      for (const step of child.background?.steps ?? []) index.steps.set(step.id, { step, background: true });
      const s = child.scenario;
      if (s) {
        index.scenarios.set(s.id, { line: s.location.line, title: s.name });
        for (const step of s.steps) index.steps.set(step.id, { step, background: false });
        for (const ex of s.examples) {
          const header = ex.tableHeader?.cells.map((c) => c.value) ?? [];
          for (const row of ex.tableBody) {
            const values = Object.fromEntries(row.cells.map((c, i) => [header[i] ?? String(i), c.value]));
            index.rows.set(row.id, { line: row.location.line, values });
          }
        }
      }
      if (child.rule) visit(child.rule.children);
    }
  };
  visit(doc.feature?.children ?? []);
  return index;
}

/** Parses feature text; `file` is the path shown in reports, `path` the absolute one. */
export function parseFeature(text: string, file: string, path = file): FeatureFile {
  const newId = IdGenerator.incrementing();
  let doc: GherkinDocument;
  try {
    doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(text);
  } catch (error) {
    throw new FeatureParseError(`${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!doc.feature) throw new FeatureParseError(`${file}: no Feature in the file`);
  const index = indexAst(doc);
  const featureTags = doc.feature.tags.map((t) => t.name.replace(/^@/, ""));
  const scenarios: FeatureScenario[] = compile(doc, file, newId).map((pickle) => {
    const scenario = index.scenarios.get(pickle.astNodeIds[0]);
    const row = pickle.astNodeIds[1] ? index.rows.get(pickle.astNodeIds[1]) : undefined;
    const steps: FeatureStep[] = pickle.steps.map((ps) => {
      const ast = index.steps.get(ps.astNodeIds[0]);
      return {
        keyword: ast?.step.keyword ?? "* ",
        type: STEP_TYPES[ps.type ?? ""] ?? "unknown",
        text: ps.text,
        line: ast?.step.location.line ?? 0,
        fromBackground: ast?.background ?? false,
        docString: ps.argument?.docString?.content,
        dataTable: ps.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value)),
      };
    });
    const tags = pickle.tags.map((t) => t.name.replace(/^@/, ""));
    return {
      title: pickle.name,
      line: scenario?.line ?? 0,
      tags: [...featureTags, ...tags.filter((t) => !featureTags.includes(t))],
      steps,
      example: row,
    };
  });
  return {
    file,
    path,
    name: doc.feature.name.trim(),
    description: doc.feature.description.trim(),
    tags: featureTags,
    scenarios,
  };
}

export function readFeature(path: string, file: string): FeatureFile {
  return parseFeature(readFileSync(path, "utf8"), file, path);
}
