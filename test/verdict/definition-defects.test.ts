/**
 * Definition defects are their own outcome (issue 11): a scenario of an official file that
 * contradicts its own spec ran, is reported and counted apart (results.json, console table, JUnit as
 * a skipped test with the reason), and does not fail the run; --strict-definitions makes it a failure.
 * A selection of files and tags that selects no scenario is a harness error (exit 2) naming --tags.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collectFeatureFiles } from "../../src/features/collect.ts";
import { runFeatures } from "../../src/features/runner.ts";
import { renderTable } from "../../src/features/table.ts";
import { startBuiltInMock } from "../../src/mock/built-in.ts";
import { renderJUnit } from "../../src/report/junit-reporter.ts";
import { REFERENCE_DIR, referenceAvailable } from "../reference-dir.ts";

const FILE = "QualityOnDemand/r3.2/quality-on-demand-deleteSession.feature";
const DEFECT = "quality_on_demand_deleteSession_01_delete_existing_qod_session";

const run = (tags: string, strictDefinitions?: boolean) =>
  runFeatures({
    files: collectFeatureFiles([join(REFERENCE_DIR, FILE)]),
    release: "fall25",
    apis: ["quality-on-demand", "qos-profiles"],
    tags,
    reportDir: mkdtempSync(join(tmpdir(), "defects-")),
    reporters: [],
    startMock: startBuiltInMock,
    strictDefinitions,
  });

describe.runIf(referenceAvailable())("definition defects of the official QoD r3.2 files", () => {
  it("are reported and counted apart, not as failures: the run is conformant", async () => {
    const { report, files } = await run(`@${DEFECT} or @quality_on_demand_deleteSession_404.1_not_found`);
    const defect = report.results.find((r) => r.id === DEFECT)!;
    expect(defect.status).toBe("definition-defect");
    expect(defect.reason).toBe("the test definition expects the header Content-Type: application/json on the 204 answer of deleteSession, which the spec defines without content");
    expect(defect.exchanges.length).toBeGreaterThan(0);
    expect(report.counts).toMatchObject({ pass: 1, fail: 0, "definition-defect": 1, total: 2 });
    expect(report.exitCode).toBe(0);
    expect(files[0]).toMatchObject({ failed: 0, contradictions: 1, passed: 1 });
    const table = renderTable(files);
    expect(table).toContain(`DEFINITION DEFECT ${DEFECT}: the test definition expects the header Content-Type`);
    expect(table).toContain("ran: 2 of 2 scenarios (100.0%; passed + failed + definition defects + errors), 0 skipped");
    // JUnit has no such outcome: a skipped test whose message is the contradiction, never a <failure>
    const junit = renderJUnit(report);
    expect(junit).toContain(`<skipped message="definition defect: the test definition expects the header Content-Type: application/json on the 204 answer`);
    expect(junit).not.toContain("<failure");
    expect(junit).toMatch(/<testsuites [^>]*failures="0" errors="0" skipped="1"/);
  }, 120_000);

  it("fail the run under --strict-definitions", async () => {
    const { report } = await run(`@${DEFECT}`, true);
    const defect = report.results.find((r) => r.id === DEFECT)!;
    expect(defect.status).toBe("fail");
    expect(defect.reason).toMatch(/^contradiction: the test definition expects the header Content-Type/);
    expect(report.counts).toMatchObject({ fail: 1, "definition-defect": 0 });
    expect(report.exitCode).toBe(1);
  }, 120_000);

  it("a tag expression that selects nothing: exit 2, one line naming the files and --tags", async () => {
    const { report } = await run("@no_such_scenario");
    expect(report.results).toEqual([]);
    expect(report.exitCode).toBe(2);
    expect(report.harnessErrors).toEqual([
      `no scenario ran: ${FILE} --tags @no_such_scenario selected no scenario (check the spelling, or list what exists without the filter)`,
    ]);
  }, 120_000);
});
