/**
 * results.json: exactly the RunReport, for machines (dashboards, diffs between runs).
 * Field reference: docs/results-json.md (schemaVersion 1).
 */
import { join } from "node:path";
import type { RunReport } from "../results/results.ts";
import { fileReporter, type FileReporter } from "./file-reporter.ts";

export const JSON_FILE = "results.json";

export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function createJsonReporter(dir: string): FileReporter {
  return fileReporter(join(dir, JSON_FILE), renderJson);
}
