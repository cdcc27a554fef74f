/**
 * The reporters of a conformance run, as the runner sees them: build them for an output directory,
 * then hand every RunEvent to dispatchEvent. Files are written before the console summary runs, so
 * the console can say which files exist.
 */
import type { Reporter, RunEvent } from "../results/results.ts";
import { createConsoleReporter } from "./console-reporter.ts";
import { createHtmlReporter } from "./html-reporter.ts";
import { createJsonReporter } from "./json-reporter.ts";
import { createJUnitReporter } from "./junit-reporter.ts";

export { createConsoleReporter, type ConsoleReporterOptions } from "./console-reporter.ts";
export { createHtmlReporter, renderHtml, HTML_FILE } from "./html-reporter.ts";
export { createJsonReporter, renderJson, JSON_FILE } from "./json-reporter.ts";
export { createJUnitReporter, renderJUnit, JUNIT_FILE } from "./junit-reporter.ts";
export type { FileReporter } from "./file-reporter.ts";
export { SecretLeakError, assertNoSecrets } from "./secret-guard.ts";
export { verdictOf, type Verdict } from "./summary.ts";

export interface ReportersOptions {
  /** output directory for results.json, junit.xml and index.html (created if missing) */
  dir: string;
  /** live progress stream; default process.stdout; false for none */
  console?: NodeJS.WritableStream | false;
}

export function createReporters(options: ReportersOptions): Reporter[] {
  const files = [createJsonReporter(options.dir), createJUnitReporter(options.dir), createHtmlReporter(options.dir)];
  const reporters: Reporter[] = [...files];
  if (options.console !== false) {
    reporters.push(createConsoleReporter({ stream: options.console ?? process.stdout, files }));
  }
  return reporters;
}

/** Thrown by dispatchEvent after every reporter has had the event, when some of them failed. */
export class ReporterError extends Error {
  override name = "ReporterError";
  constructor(readonly errors: unknown[]) {
    super(`${errors.length} reporter(s) failed: ${errors.map((e) => (e instanceof Error ? e.message : String(e))).join("; ")}`);
  }
}

/**
 * Hands the event to each reporter in order, awaiting each. One reporter failing (a full disk, the
 * secret guard refusing a file) does not silence the others: the console still prints its summary.
 * The failures are then thrown together, so the run can end with a harness error.
 */
export async function dispatchEvent(reporters: readonly Reporter[], event: RunEvent): Promise<void> {
  const errors: unknown[] = [];
  for (const reporter of reporters) {
    try {
      await reporter.onEvent(event);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length > 0) throw new ReporterError(errors);
}
