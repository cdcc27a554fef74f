/**
 * "A scenario that ran no request is not a pass" (GUIDE principle 8), for a whole run: a selection
 * (--grep, --tags, --api, files...) under which no scenario ran proves nothing about the target, so
 * it is a harness error (exit 2) told in one line that names the filters, never a green run.
 */
import type { ScenarioResult } from "./results.ts";

export interface SelectionFilter {
  /** the option as the user typed it, e.g. "--grep" */
  flag: string;
  value?: string;
}

function describe(filters: SelectionFilter[]): string {
  const used = filters.filter((f) => f.value !== undefined && f.value !== "");
  return used.length > 0 ? used.map((f) => `${f.flag} ${f.value}`.trim()).join(" ") : "the selection";
}

/** One line when no scenario ran (none selected, or every selected one skipped), else undefined. */
export function emptySelection(results: ScenarioResult[], filters: SelectionFilter[]): string | undefined {
  if (results.some((r) => r.status !== "skip")) return undefined;
  const by = describe(filters);
  if (results.length === 0) return `no scenario ran: ${by} selected no scenario (check the spelling, or list what exists without the filter)`;
  const reasons = new Map<string, number>();
  for (const r of results) reasons.set(r.reason ?? "no reason", (reasons.get(r.reason ?? "no reason") ?? 0) + 1);
  const [top, n] = [...reasons].sort((a, b) => b[1] - a[1])[0];
  const more = reasons.size > 1 ? `; ${reasons.size - 1} other reason${reasons.size > 2 ? "s" : ""} in the report` : "";
  return `no scenario ran: ${by} selected ${results.length} scenario${results.length > 1 ? "s" : ""}, all skipped (${n}: ${top}${more})`;
}
