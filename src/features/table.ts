/**
 * The console table of a features run: one row per file (scenarios / passed / skipped / failed /
 * errors / undefined steps), then under each row the skip reasons (grouped, with counts) and every
 * failure, the contradictions of the official file marked as such; a total row with the bound and
 * undefined step counts. Plain text, no colours: it goes to CI logs as is.
 */
import type { FileSummary } from "./summary.ts";

const HEAD = ["file", "scenarios", "passed", "skipped", "failed", "errors", "undefined steps"];

function oneLine(s: string, max = 160): string {
  const t = s.replace(/[\r\n\t]+/g, " ").replace(/[\u0000-\u001f\u007f]/g, "");
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

export function renderTable(files: FileSummary[]): string {
  const rows = files.map((f) => [
    f.file,
    String(f.scenarios),
    String(f.passed),
    String(f.skipped),
    f.contradictions > 0 ? `${f.failed} (${f.contradictions} contradiction${f.contradictions > 1 ? "s" : ""})` : String(f.failed),
    String(f.errors),
    f.parseError ? "parse error" : f.bindingAssessed ? String(f.undefinedOccurrences) : "– (template not applied)",
  ]);
  const sum = (k: keyof FileSummary) => files.reduce((n, f) => n + (f[k] as number), 0);
  const undefinedTotal = sum("undefinedOccurrences");
  const bound = sum("boundSteps");
  const contradictions = sum("contradictions");
  const total = [
    "total",
    String(sum("scenarios")),
    String(sum("passed")),
    String(sum("skipped")),
    contradictions > 0 ? `${sum("failed")} (${contradictions} contradictions)` : String(sum("failed")),
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
    for (const x of f.failures) out.push(`    ${x.contradiction ? "CONTRADICTION OF THE OFFICIAL FILE" : "FAILED"} ${x.id}: ${oneLine(x.reason, 220)}`);
    for (const u of f.undefinedSteps) out.push(`    undefined step ${f.file}:${u.line}: ${oneLine(u.text)}`);
  }
  out.push(rule, fmt(total));
  const steps = bound + undefinedTotal;
  out.push(`steps: ${bound} bound, ${undefinedTotal} undefined${steps > 0 ? ` (${((100 * bound) / steps).toFixed(1)}% bound)` : ""}`);
  return out.join("\n");
}
