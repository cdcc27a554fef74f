/**
 * index.html: the report for people. Rendering lives in html-template.ts and the html-* section
 * files; this file only wires it to the run-end event.
 */
import { join } from "node:path";
import { fileReporter, type FileReporter } from "./file-reporter.ts";
import { renderHtml } from "./html-template.ts";

export { renderHtml };
export const HTML_FILE = "index.html";

export function createHtmlReporter(dir: string): FileReporter {
  return fileReporter(join(dir, HTML_FILE), renderHtml);
}
