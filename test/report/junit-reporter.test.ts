/** junit.xml: well-formed, one suite per API version, statuses mapped to JUnit elements, escaped. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createJUnitReporter, renderJUnit } from "../../src/report/junit-reporter.ts";
import { xmlAttr, xmlText } from "../../src/report/xml-escape.ts";
import { eventsOf, fixtureReport, FIXTURE_RESULTS, HOSTILE_TITLE } from "./report-fixture.ts";
import { findAll, parseXml, type XmlElement } from "./tiny-xml.ts";

const dir = mkdtempSync(join(tmpdir(), "camara-junit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the test's XML parser is strict enough to trust", () => {
  it.each([
    { xml: `<a b="1"><c/>t &amp; &#60;</a>`, ok: true },
    { xml: `<a>x < y</a>`, ok: false },
    { xml: `<a>fish & chips</a>`, ok: false },
    { xml: `<a b="<"/>`, ok: false },
    { xml: `<a b=1/>`, ok: false },
    { xml: `<a><b></a></b>`, ok: false },
    { xml: `<a/><b/>`, ok: false },
    { xml: `<a>\u0001</a>`, ok: false },
    { xml: `<a>&#1;</a>`, ok: false },
    { xml: `<a>&nbsp;</a>`, ok: false },
    { xml: `<a b="1" b="2"/>`, ok: false },
  ])("$xml -> ok=$ok", ({ xml, ok }) => {
    if (ok) expect(() => parseXml(xml)).not.toThrow();
    else expect(() => parseXml(xml)).toThrow();
  });
});

describe("xml escaping", () => {
  it.each([
    { input: `a<b>&c`, text: "a&lt;b&gt;&amp;c", attr: "a&lt;b&gt;&amp;c" },
    { input: `say "hi" 'there'`, text: `say "hi" 'there'`, attr: "say &quot;hi&quot; &apos;there&apos;" },
    { input: "bell\u0007 nul\u0000 esc\u001b", text: "bell\\u0007 nul\\u0000 esc\\u001B", attr: "bell\\u0007 nul\\u0000 esc\\u001B" },
    { input: "tab\tline\nret\r", text: "tab\tline\nret\r", attr: "tab&#9;line&#10;ret&#13;" },
    { input: "]]>", text: "]]&gt;", attr: "]]&gt;" },
    { input: "lone \uD800 surrogate, pair \uD83D\uDE00", text: "lone \\uD800 surrogate, pair \uD83D\uDE00", attr: "lone \\uD800 surrogate, pair \uD83D\uDE00" },
  ])("$input", ({ input, text, attr }) => {
    expect(xmlText(input)).toBe(text);
    expect(xmlAttr(input)).toBe(attr);
    // both survive a strict parser and read back as the input (forbidden characters made visible)
    const back = text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    const el = parseXml(`<x a="${xmlAttr(input)}">${xmlText(input)}</x>`);
    expect(el.attrs.a).toBe(back);
    expect(el.text).toBe(back);
  });
});

describe("junit.xml of the fixture run", () => {
  const report = fixtureReport();
  const root = parseXml(renderJUnit(report));
  const suites = findAll(root, "testsuite");
  const cases = findAll(root, "testcase");
  const caseNamed = (id: string): XmlElement => cases.find((c) => c.attrs.name.startsWith(`${id} `))!;

  it("is well-formed with the expected element counts", () => {
    expect(root.name).toBe("testsuites");
    expect({
      testsuite: suites.length,
      testcase: cases.length,
      failure: findAll(root, "failure").length,
      error: findAll(root, "error").length,
      skipped: findAll(root, "skipped").length,
      "system-out": findAll(root, "system-out").length,
    }).toEqual({ testsuite: 3, testcase: 11, failure: 2, error: 2, skipped: 3, "system-out": 1 });
    expect(root.attrs).toMatchObject({ tests: "11", failures: "2", errors: "2", skipped: "3", time: "65.250" });
  });

  it("has one suite per API version with its own counts", () => {
    expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.errors, s.attrs.skipped])).toEqual([
      ["quality-on-demand 1.1.0", "6", "1", "1", "2"],
      ["sim-swap 2.1.0", "4", "1", "0", "1"],
      ["camara-harness run", "1", "0", "1", "0"],
    ]);
  });

  it.each(FIXTURE_RESULTS.map((r) => ({ id: r.id, r })))("$id: classname, name, time and outcome element", ({ r }) => {
    const c = caseNamed(r.id);
    expect(c.attrs.classname).toBe(`${r.api}.${r.operationId}`);
    expect(c.attrs.name).toBe(`${r.id} ${r.title}`);
    expect(c.attrs.time).toBe((r.durationMs / 1000).toFixed(3));
    const outcome = c.children.filter((e) => e.name !== "system-out").map((e) => [e.name, e.attrs.type ?? "", e.attrs.message ?? ""]);
    const expected = {
      pass: [],
      fail: [["failure", "NonConformance", `expected ${r.expected}, received ${r.received}`]],
      error: [["error", "HarnessError", r.reason]],
      skip: [["skipped", "", r.reason]],
      deviation: [["skipped", "", `accepted deviation: ${r.reason}`]],
      "definition-defect": [["skipped", "", `definition defect: ${r.reason}`]],
    }[r.status];
    if (r.status === "fail" && r.received?.includes("\u0001")) {
      // control characters cannot be carried by XML 1.0: they come back visible
      expect(outcome[0][2]).toContain("\\u0001 control \\u001B[31m");
    } else {
      expect(outcome).toEqual(expected);
    }
  });

  it("puts expected, received and the last exchange in a failure", () => {
    const failure = findAll(caseNamed("quality_on_demand_createSession_422.1_unsupported_profile"), "failure")[0];
    expect(failure.text).toContain("Expected: 422 QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE");
    expect(failure.text).toContain("Received: 422 QUALITY_ON_DEMAND.UNSUPPORTED with <script> & friends");
    expect(failure.text).toContain("< 422");
    expect(failure.text).toContain(`<script>document.title='pwned'</script> & <img src=x onerror=alert(1)>`);
    expect(failure.text).toContain(`authorization: Bearer $TOKEN`);
  });

  it("says in system-out that a deviation failed", () => {
    const out = findAll(caseNamed("qod.extendSessionDuration.max"), "system-out")[0];
    expect(out.text).toMatch(/^This scenario FAILED/);
    expect(out.text).toContain("Expected: 400 OUT_OF_RANGE");
  });

  it("keeps quotes and markup of a hostile title intact through escaping", () => {
    expect(cases.some((c) => c.attrs.name.endsWith(HOSTILE_TITLE))).toBe(true);
  });

  it("reports the run's harness errors as one errored testcase", () => {
    const c = cases.find((x) => x.attrs.classname === "camara-harness")!;
    const error = findAll(c, "error")[0];
    expect(error.attrs.type).toBe("HarnessError");
    expect(error.attrs.message).toBe(`${report.harnessErrors[0]} (+1 more)`);
    expect(error.text.split("\n")).toEqual(report.harnessErrors);
  });

  it("has no harness testcase when the run had no harness errors", () => {
    const clean = parseXml(renderJUnit(fixtureReport({ harnessErrors: [] })));
    expect(findAll(clean, "testsuite")).toHaveLength(2);
    expect(clean.attrs.errors).toBe("1");
  });

  it("is written to <dir>/junit.xml on run-end only", async () => {
    const reporter = createJUnitReporter(dir);
    const events = eventsOf(report);
    for (const e of events.slice(0, -1)) await reporter.onEvent(e);
    expect(reporter.written).toBe(false);
    await reporter.onEvent(events[events.length - 1]);
    expect(reporter.path).toBe(join(dir, "junit.xml"));
    expect(reporter.written).toBe(true);
    expect(readFileSync(reporter.path, "utf8")).toBe(renderJUnit(report));
  });
});
