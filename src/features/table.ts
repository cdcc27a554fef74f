/**
 * The console table of a features run: one row per file (scenarios / passed / skipped / failed /
 * definition defects / errors / undefined steps), then under each row the skip reasons (grouped,
 * with counts), every failure and every definition defect (the official file contradicts its spec);
 * a total row, how many scenarios ran, and the bound and undefined step counts. Plain text, no
 * colours: it goes to CI logs as is.
 */
import type { FileSummary } from "./summary.ts";

const HEAD = ["file", "scenarios", "passed", "skipped", "failed", "definition defects", "errors", "undefined steps"];

function oneLine(s: string, max = 160): string {
  const t = s.replace(/[\r\n\t]+/g, " ").replace(/[\u0000-\u001f\u007f]/g, "");
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function failureLabel(x: FileSummary["failures"][number]): string {
  if (!x.contradiction) return "FAILED";
  return x.reason.startsWith("contradiction:") ? "FAILED (definition defect, --strict-definitions)" : "DEFINITION DEFECT";
}

export function renderTable(files: FileSummary[]): string {
  const rows = files.map((f) => [
    f.file,
    String(f.scenarios),
    String(f.passed),
    String(f.skipped),
    String(f.failed),
    String(f.contradictions),
    String(f.errors),
    f.parseError ? "parse error" : f.bindingAssessed ? String(f.undefinedOccurrences) : "– (template not applied)",
  ]);
  const sum = (k: keyof FileSummary) => files.reduce((n, f) => n + (f[k] as number), 0);
  const undefinedTotal = sum("undefinedOccurrences");
  const bound = sum("boundSteps");
  const total = [
    "total",
    String(sum("scenarios")),
    String(sum("passed")),
    String(sum("skipped")),
    String(sum("failed")),
    String(sum("contradictions")),
    String(sum("errors")),
    String(undefinedTotal),
  ];
  const widths = HEAD.map((h, i) => Math.max(h.length, ...[...rows, total].map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const out = [fmt(HEAD), rule];
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    out.push(fmt(rows[i]));
    if (f.parseError) out.push(`    parse error: ${oneLine(f.parseError)}`);
    for (const s of f.skipReasons) out.push(`    skipped ${s.count}: ${oneLine(s.reason)}`);
    for (const x of f.failures) out.push(`    ${failureLabel(x)} ${x.id}: ${oneLine(x.reason, 220)}`);
    for (const u of f.undefinedSteps) out.push(`    undefined step ${f.file}:${u.line}: ${oneLine(u.text)}`);
  }
  out.push(rule, fmt(total));
  // ran = every scenario not skipped: passed, failed, definition defects (they ran: only their verdict is withheld) and errors
  const scenarios = sum("scenarios");
  const ran = scenarios - sum("skipped");
  if (scenarios > 0) out.push(`ran: ${ran} of ${scenarios} scenarios (${((100 * ran) / scenarios).toFixed(1)}%; passed + failed + definition defects + errors), ${sum("skipped")} skipped`);
  const steps = bound + undefinedTotal;
  out.push(`steps: ${bound} bound, ${undefinedTotal} undefined${steps > 0 ? ` (${((100 * bound) / steps).toFixed(1)}% bound)` : ""}`);
  return out.join("\n");
}
