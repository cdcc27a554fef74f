/**
 * A reporter that renders the whole RunReport into one file when the run ends. Reports are written
 * once, at the end, because every format needs the totals; the live view is the console reporter.
 */
import type { Reporter, RunReport } from "../results/results.ts";
import { writeReportFile } from "./write-report-file.ts";

export interface FileReporter extends Reporter {
  /** where the file goes */
  readonly path: string;
  /** true once the file has been written for this run (false if rendering or the secret guard refused) */
  readonly written: boolean;
}

export function fileReporter(path: string, render: (report: RunReport) => string): FileReporter {
  let written = false;
  return {
    path,
    get written() {
      return written;
    },
    async onEvent(event) {
      if (event.type === "run-start") written = false;
      if (event.type !== "run-end") return;
      written = false;
      await writeReportFile(path, render(event.report));
      written = true;
    },
  };
}
