/** results.json: exactly the RunReport, round-trips, and every field is documented. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createJsonReporter, renderJson } from "../../src/report/json-reporter.ts";
import { eventsOf, fixtureReport } from "./report-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "camara-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Field paths of a JSON value, arrays as `[]`; header maps are leaves (their keys are data). */
function fieldPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => fieldPaths(v, `${prefix}[]`));
  if (value === null || typeof value !== "object" || prefix.endsWith("headers")) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return [path, ...fieldPaths(v, path)];
  });
}

describe("results.json", () => {
  const report = fixtureReport();

  it("is written on run-end and parses back to the same RunReport", async () => {
    const reporter = createJsonReporter(dir);
    for (const e of eventsOf(report)) await reporter.onEvent(e);
    expect(reporter.path).toBe(join(dir, "results.json"));
    const text = readFileSync(reporter.path, "utf8");
    expect(JSON.parse(text)).toEqual(report);
    expect(text).toBe(renderJson(report));
    expect(text.split("\n")[1]).toBe('  "schemaVersion": 1,');
  });

  it("keeps hostile bodies byte for byte (they are strings, not parsed JSON)", () => {
    const back = JSON.parse(renderJson(report)) as typeof report;
    expect(back.results[1].exchanges[0].response?.body).toBe(report.results[1].exchanges[0].response?.body);
    expect(back.results[1].exchanges[0].response?.body).toContain("12345678901234567890");
  });

  it("documents every field it contains in docs/results-json.md", () => {
    const doc = readFileSync(new URL("../../docs/results-json.md", import.meta.url), "utf8");
    const documented = new Set([...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));
    const paths = [...new Set(fieldPaths(JSON.parse(renderJson(report))))];
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p) => !documented.has(p))).toEqual([]);
    // and the doc lists nothing the format does not have
    expect([...documented].filter((p) => !paths.includes(p))).toEqual([]);
  });
});
