/** Console progress: quiet passes, one line per problem, per-API progress, a summary table, the verdict. */
import { describe, expect, it } from "vitest";
import { createConsoleReporter, oneLine, progressLine } from "../../src/report/console-reporter.ts";
import { emptyCounts } from "../../src/results/results.ts";
import { captureStream } from "./capture-stream.ts";
import { eventsOf, fixtureReport } from "./report-fixture.ts";

async function run(options: Parameters<typeof createConsoleReporter>[0] & { isTTY?: boolean }, report = fixtureReport()) {
  const { stream, text } = captureStream({ isTTY: options.isTTY });
  const reporter = createConsoleReporter({ ...options, stream });
  for (const e of eventsOf(report)) await reporter.onEvent(e);
  // PassThrough delivers 'data' on the next tick
  await new Promise((resolve) => setImmediate(resolve));
  return text();
}

const files = [
  { path: "reports/results.json", written: true },
  { path: "reports/junit.xml", written: true },
  { path: "reports/index.html", written: false },
];

describe("console reporter", () => {
  it("prints the whole run readably for a CI log", async () => {
    expect((await run({ files })).split("\n")).toEqual([
      "camara-harness: CAMARA Spring25 conformance of https://api.operator.example/camara",
      "APIs: quality-on-demand, sim-swap",
      "[2] FAIL quality_on_demand_createSession_422.1_unsupported_profile Unsupported QoS profile is refused with 422 (expected 422 QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE, received 422 QUALITY_ON_DEMAND.UNSUPPORTED with <script> & friends)",
      "[3] ERROR qod.getSession.unreachable Read a session back (connection reset by the target (ECONNRESET))",
      "[4] SKIP qod.deleteSession.notifications Deleting a session notifies the sink (target config has no notification sink URL)",
      "[5] DEVIATION qod.extendSessionDuration.max Extending beyond the maximum duration is refused (operator ticket OPS-42: clamps instead of refusing)",
      "quality-on-demand: 6 done, 2 pass, 1 fail, 1 error, 1 skip, 1 deviation",
      `[8] FAIL sim_swap_retrieveSimSwapDate_400.1 retrieve date with <b>bold</b> & "quotes" 'single' (expected 400 INVALID_ARGUMENT, received 500 with control [31m chars)`,
      "[9] SKIP sim_swap_checkSimSwap_maxAge maxAge above 2400 is refused (not applicable: release 2.1.0 allows any maxAge)",
      "",
      "API                pass  fail  error  skip  deviation  total",
      "-----------------  ----  ----  -----  ----  ---------  -----",
      "quality-on-demand     2     1      1     1          1      6",
      "sim-swap              2     1      0     1          0      4",
      "-----------------  ----  ----  -----  ----  ---------  -----",
      "all APIs              4     2      1     2          1     10",
      "",
      "Harness errors:",
      "  - target returned HTML instead of JSON at /health: <html><body>Login</body></html>",
      '  - target config: unknown API "number-verification-x" & ignored',
      "",
      "Reports:",
      "  reports/results.json",
      "  reports/junit.xml",
      "  reports/index.html (NOT written)",
      "",
      "Verdict: HARNESS ERROR (exit code 2) after 1 min 05 s",
      "",
    ]);
  });

  it.each([
    { every: 2, want: ["quality-on-demand: 2 done, 1 pass, 1 fail", "quality-on-demand: 4 done, 1 pass, 1 fail, 1 error, 1 skip", "quality-on-demand: 6 done, 2 pass, 1 fail, 1 error, 1 skip, 1 deviation", "sim-swap: 2 done, 1 pass, 1 fail", "sim-swap: 4 done, 2 pass, 1 fail, 1 skip"] },
    { every: 4, want: ["quality-on-demand: 4 done, 1 pass, 1 fail, 1 error, 1 skip", "quality-on-demand: 6 done, 2 pass, 1 fail, 1 error, 1 skip, 1 deviation", "sim-swap: 4 done, 2 pass, 1 fail, 1 skip"] },
    { every: 100, want: ["quality-on-demand: 6 done, 2 pass, 1 fail, 1 error, 1 skip, 1 deviation"] },
  ])("prints per-API progress every $every scenarios and when the API changes", async ({ every, want }) => {
    const lines = (await run({ progressEvery: every })).split("\n");
    expect(lines.filter((l) => / done, /.test(l))).toEqual(want);
  });

  it.each([
    { isTTY: false, color: undefined, ansi: false },
    { isTTY: true, color: undefined, ansi: true },
    { isTTY: true, color: false, ansi: false },
    { isTTY: false, color: true, ansi: true },
  ])("isTTY=$isTTY color=$color -> ANSI colours: $ansi", async ({ isTTY, color, ansi }) => {
    const out = await run({ isTTY, color });
    expect(out.includes("\u001b[")).toBe(ansi);
    if (ansi) expect(out).toContain("[2] \u001b[31mFAIL\u001b[0m quality_on_demand");
  });

  it("never lets target text put control characters on the terminal, even on a TTY", async () => {
    const out = await run({ isTTY: true });
    const line = out.split("\n").find((l) => l.startsWith("[8] "))!;
    expect(line.replace(/\u001b\[\d+m(FAIL)\u001b\[0m/, "$1")).not.toMatch(/[\u0000-\u001f]/);
  });

  it.each([
    { input: "a\nb\r\nc", want: "a b c" },
    { input: "\u001b]0;title\u0007x", want: "]0;title x" },
    { input: "  padded\t", want: "padded" },
  ])("oneLine($input)", ({ input, want }) => {
    expect(oneLine(input)).toBe(want);
  });

  it("shows pass always and other statuses only when non-zero in a progress line", () => {
    expect(progressLine("sim-swap", { ...emptyCounts(), pass: 3, total: 3 })).toBe("sim-swap: 3 done, 3 pass");
    expect(progressLine("sim-swap", { ...emptyCounts(), skip: 1, total: 1 })).toBe("sim-swap: 1 done, 0 pass, 1 skip");
  });

  it("says CONFORMANT for a clean run", async () => {
    const clean = fixtureReport({ results: fixtureReport().results.filter((r) => r.status === "pass"), harnessErrors: [] });
    const out = await run({}, clean);
    expect(out).not.toMatch(/^\[\d+\]/m);
    expect(out).toMatch(/^Verdict: CONFORMANT \(exit code 0\)/m);
  });
});
