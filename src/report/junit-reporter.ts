/**
 * junit.xml for CI servers (GitLab, Jenkins, GitHub test-report actions). One <testsuite> per API
 * version, one <testcase> per scenario. Following principle 7, a non-conformance is a <failure>
 * and a harness problem is an <error>, so a CI dashboard shows them apart. JUnit has no
 * "accepted deviation", so a deviation is <skipped> (it must not fail the build) with a
 * <system-out> saying that it did fail; a definition defect (the official test definition contradicts its
 * spec) is <skipped> with the contradiction as its reason.
 */
import { join } from "node:path";
import type { RunReport, ScenarioResult } from "../results/results.ts";
import { exchangeText } from "./exchange-text.ts";
import { fileReporter, type FileReporter } from "./file-reporter.ts";
import { reasonOf } from "./summary.ts";
import { xmlAttr as a, xmlText as t } from "./xml-escape.ts";

export const JUNIT_FILE = "junit.xml";

const secs = (ms: number): string => (ms / 1000).toFixed(3);

function lastExchange(r: ScenarioResult): string {
  const x = r.exchanges.at(-1);
  return x ? `\n\nLast exchange:\n${exchangeText(x)}` : "\n\n(no request was sent)";
}

function details(r: ScenarioResult): string {
  const lines = [`Rule: ${r.rule}`];
  if (r.source) lines.push(`Source: ${r.source.file}:${r.source.line}`);
  if (r.expected !== undefined) lines.push(`Expected: ${r.expected}`);
  if (r.received !== undefined) lines.push(`Received: ${r.received}`);
  return lines.join("\n");
}

function outcome(r: ScenarioResult): string {
  switch (r.status) {
    case "pass":
      return "";
    case "fail":
      return `      <failure type="NonConformance" message="${a(reasonOf(r) ?? r.rule)}">${t(details(r) + lastExchange(r))}</failure>\n`;
    case "error":
      return `      <error type="HarnessError" message="${a(r.reason ?? "scenario crashed")}">${t(details(r) + lastExchange(r))}</error>\n`;
    case "skip":
      return `      <skipped message="${a(r.reason ?? "no reason given")}"/>\n`;
    case "deviation":
      return (
        `      <skipped message="${a(`accepted deviation: ${r.reason ?? "no reason given"}`)}"/>\n` +
        `      <system-out>${t(`This scenario FAILED; it is reported as skipped only because the target configuration accepts it as a deviation.\n${details(r)}${lastExchange(r)}`)}</system-out>\n`
      );
    case "definition-defect":
      return (
        `      <skipped message="${a(`definition defect: ${r.reason ?? "no reason given"}`)}"/>\n` +
        `      <system-out>${t(`This scenario RAN; the official test definition contradicts its own spec, so no target can pass it. Not counted as a failure (--strict-definitions would).\n${details(r)}${lastExchange(r)}`)}</system-out>\n`
      );
  }
}

function testcase(r: ScenarioResult): string {
  const open = `    <testcase classname="${a(`${r.api}.${r.operationId}`)}" name="${a(`${r.id} ${r.title}`)}" time="${secs(r.durationMs)}"`;
  const body = outcome(r);
  return body ? `${open}>\n${body}    </testcase>\n` : `${open}/>\n`;
}

function suite(name: string, results: ScenarioResult[], report: RunReport): string {
  const n = (s: ScenarioResult["status"]) => results.filter((r) => r.status === s).length;
  const time = results.reduce((sum, r) => sum + r.durationMs, 0);
  return (
    `  <testsuite name="${a(name)}" tests="${results.length}" failures="${n("fail")}" errors="${n("error")}" ` +
    `skipped="${n("skip") + n("deviation") + n("definition-defect")}" time="${secs(time)}" timestamp="${a(report.startedAt)}">\n` +
    `    <properties>\n` +
    `      <property name="target" value="${a(report.target.baseUrl)}"/>\n` +
    `      <property name="release" value="${a(report.target.release)}"/>\n` +
    `    </properties>\n` +
    results.map(testcase).join("") +
    `  </testsuite>\n`
  );
}

/** The run's own problems (unreachable target, bad config) as one extra errored testcase. */
function harnessSuite(report: RunReport): string {
  if (report.harnessErrors.length === 0) return "";
  const first = report.harnessErrors[0];
  const more = report.harnessErrors.length > 1 ? ` (+${report.harnessErrors.length - 1} more)` : "";
  return (
    `  <testsuite name="camara-harness run" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="${a(report.startedAt)}">\n` +
    `    <testcase classname="camara-harness" name="harness errors of the run" time="0.000">\n` +
    `      <error type="HarnessError" message="${a(first + more)}">${t(report.harnessErrors.join("\n"))}</error>\n` +
    `    </testcase>\n` +
    `  </testsuite>\n`
  );
}

export function renderJUnit(report: RunReport): string {
  const groups = new Map<string, ScenarioResult[]>();
  for (const r of report.results) {
    const name = `${r.api} ${r.version}`;
    const group = groups.get(name);
    if (group) group.push(r);
    else groups.set(name, [r]);
  }
  const c = report.counts;
  const harness = report.harnessErrors.length > 0 ? 1 : 0;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${a(`camara-harness ${report.target.release} @ ${report.target.baseUrl}`)}" ` +
    `tests="${c.total + harness}" failures="${c.fail}" errors="${c.error + harness}" skipped="${c.skip + c.deviation + c["definition-defect"]}" ` +
    `time="${secs(report.durationMs)}" timestamp="${a(report.startedAt)}">\n` +
    [...groups].map(([name, results]) => suite(name, results, report)).join("") +
    harnessSuite(report) +
    `</testsuites>\n`
  );
}

export function createJUnitReporter(dir: string): FileReporter {
  return fileReporter(join(dir, JUNIT_FILE), renderJUnit);
}
