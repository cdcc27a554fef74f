/**
 * Live progress for a terminal or a CI log. Passes stay quiet; every other result gets one line
 * (`[n] FAIL id title (reason)`), each API gets a compact progress line every few scenarios and
 * when the run moves on to the next API, and the run ends with a table per API, the report files
 * and the verdict. Colour only on a TTY: CI logs show raw escape codes as noise.
 */
import { STATUSES, emptyCounts, shownStatuses, type Counts, type RunEvent, type Reporter, type ScenarioStatus } from "../results/results.ts";
import { formatDuration } from "./duration.ts";
import { countBy, byApi, reasonOf, verdictOf } from "./summary.ts";

export interface ConsoleReporterOptions {
  /** default process.stdout */
  stream?: NodeJS.WritableStream;
  /** report files to list at the end; read at run-end, so pass the file reporters themselves */
  files?: ReadonlyArray<{ readonly path: string; readonly written: boolean }>;
  /** print an API's progress line every N of its scenarios (default 25) */
  progressEvery?: number;
  /** colour status words; default: only when the stream is a TTY */
  color?: boolean;
}

const COLOR: Record<ScenarioStatus, number> = { pass: 32, fail: 31, error: 35, skip: 90, deviation: 33, "definition-defect": 36 };

/**
 * Target-controlled text (titles, reasons) on one line and without control characters, so a
 * hostile or broken target cannot rewrite the terminal with escape sequences.
 */
export function oneLine(s: string): string {
  return s.replace(/[\s\u0000-\u001F\u007F-\u009F]+/g, " ").trim();
}

export function progressLine(api: string, c: Counts): string {
  const parts = [`${c.total} done`, `${c.pass} pass`];
  for (const s of STATUSES) if (s !== "pass" && c[s] > 0) parts.push(`${c[s]} ${s}`);
  return `${api}: ${parts.join(", ")}`;
}

function table(rows: { key: string; counts: Counts }[], total: Counts): string[] {
  const shown = shownStatuses(total);
  const head = ["API", ...shown, "total"];
  const body = [...rows, { key: "all APIs", counts: total }].map((r) => [r.key, ...shown.map((s) => String(r.counts[s])), String(r.counts.total)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [fmt(head), rule, ...body.slice(0, -1).map(fmt), rule, fmt(body[body.length - 1])];
}

export function createConsoleReporter(options: ConsoleReporterOptions = {}): Reporter {
  const stream = options.stream ?? process.stdout;
  const color = options.color ?? (stream as { isTTY?: boolean }).isTTY === true;
  const every = Math.max(1, options.progressEvery ?? 25);
  const perApi = new Map<string, Counts>();
  const lastPrinted = new Map<string, number>();
  let currentApi: string | undefined;

  const write = (line: string) => void stream.write(`${line}\n`);
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);

  function printProgress(api: string): void {
    const c = perApi.get(api);
    if (!c || lastPrinted.get(api) === c.total) return;
    lastPrinted.set(api, c.total);
    write(progressLine(api, c));
  }

  return {
    onEvent(event: RunEvent) {
      switch (event.type) {
        case "run-start": {
          perApi.clear();
          lastPrinted.clear();
          currentApi = undefined;
          const t = event.target;
          write(`camara-harness: CAMARA ${oneLine(t.release)} conformance of ${oneLine(t.baseUrl)}${t.builtInMock ? " (built-in mock)" : ""}`);
          write(`APIs: ${event.apis.join(", ")}`);
          return;
        }
        case "scenario-end": {
          const r = event.result;
          if (currentApi !== undefined && currentApi !== r.api) printProgress(currentApi);
          currentApi = r.api;
          let c = perApi.get(r.api);
          if (!c) perApi.set(r.api, (c = emptyCounts()));
          c[r.status]++;
          c.total++;
          if (r.status !== "pass") {
            const reason = reasonOf(r);
            const status = paint(COLOR[r.status], r.status.toUpperCase());
            write(`[${event.counts.total}] ${status} ${oneLine(r.id)} ${oneLine(r.title)}${reason ? ` (${oneLine(reason)})` : ""}`);
          }
          if (c.total % every === 0) printProgress(r.api);
          return;
        }
        case "run-end": {
          const report = event.report;
          write("");
          // no scenario at all: the harness error says why; an empty table would only add noise
          if (report.counts.total > 0) for (const line of table(countBy(report.results, byApi), report.counts)) write(line);
          if (report.harnessErrors.length > 0) {
            write("");
            write(paint(COLOR.error, "Harness errors:"));
            for (const e of report.harnessErrors) write(`  - ${oneLine(e)}`);
          }
          const files = options.files ?? [];
          if (files.length > 0) {
            write("");
            write("Reports:");
            for (const f of files) write(f.written ? `  ${f.path}` : `  ${f.path} (NOT written)`);
          }
          write("");
          const verdict = verdictOf(report.exitCode);
          const code = report.exitCode === 0 ? COLOR.pass : report.exitCode === 1 ? COLOR.fail : COLOR.error;
          write(`Verdict: ${paint(code, verdict)} (exit code ${report.exitCode}) after ${formatDuration(report.durationMs)}`);
          return;
        }
      }
    },
  };
}
