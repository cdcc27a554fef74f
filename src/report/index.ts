/**
 * The reporters of a run, as the runners see them: build them for an output directory, then
 * subscribe them to the run's event stream (src/results/events.ts). Files are written before the console summary runs, so
 * the console can say which files exist.
 */
import type { Reporter } from "../results/results.ts";
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

/** The run's event stream and its delivery to reporters live in the results layer. */
export { ReporterError, RunEventStream, dispatchEvent } from "../results/events.ts";
