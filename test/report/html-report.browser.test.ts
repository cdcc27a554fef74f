/**
 * The HTML report in a real Chromium, opened from disk as a user would open a CI artifact: no
 * console errors, no network, right counts, working filters, hostile target text inert, no
 * secrets; and a screenshot at /tmp/report.png for a human look.
 *
 * Needs /usr/bin/chromium (apt-get install -y chromium). Without it the suite fails when CI is
 * set (a browser test that silently does not run is not a test) and is skipped, with the reason
 * printed, on a developer machine.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReporters, dispatchEvent } from "../../src/report/index.ts";
import { eventsOf, FIXTURE_CLIENT_SECRET, FIXTURE_JWT, fixtureReport } from "./report-fixture.ts";

/** CAMARA_CHROMIUM exists so the missing-browser behaviour itself can be tried out. */
const CHROMIUM = process.env.CAMARA_CHROMIUM ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const MISSING = `Chromium not found at ${CHROMIUM}; install it with \`apt-get install -y chromium\` to run the browser tests`;
if (!HAVE_CHROMIUM && !process.env.CI) console.warn(`SKIPPED html-report.browser.test.ts: ${MISSING}`);

if (!HAVE_CHROMIUM && process.env.CI) {
  describe("HTML report in Chromium (CI)", () => {
    it("requires Chromium", () => {
      throw new Error(`${MISSING} (CI is set, so this is a failure, not a skip)`);
    });
  });
}

describe.runIf(HAVE_CHROMIUM)("HTML report in Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "camara-browser-"));
  const url = pathToFileURL(join(dir, "index.html")).href;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  const visibleCount = () => page.locator("#visible-count").textContent();
  const visibleRows = (selector = "") => page.locator(`.scenario${selector}:visible`).count();

  beforeAll(async () => {
    const reporters = createReporters({ dir, console: false });
    for (const e of eventsOf(fixtureReport())) await dispatchEvent(reporters, e);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => void (m.type() === "error" && consoleErrors.push(m.text())));
    page.on("pageerror", (e) => void consoleErrors.push(e.message));
    page.on("request", (r) => void requests.push(r.url()));
    await page.goto(url);
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("loads with no console error and requests nothing but itself", () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it("shows the verdict, the target and the run's harness errors", async () => {
    expect(await page.locator("#verdict").textContent()).toBe("HARNESS ERROR");
    expect(await page.locator("#target-url").textContent()).toBe("https://api.operator.example/camara");
    expect(await page.locator("#harness-errors li").allTextContents()).toEqual([
      "target returned HTML instead of JSON at /health: <html><body>Login</body></html>",
      'target config: unknown API "number-verification-x" & ignored',
    ]);
  });

  it("shows the right counts in the per-API summary", async () => {
    const rows = await page.locator("#summary-api tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
    expect(rows).toEqual([
      ["API", "pass", "fail", "error", "skip", "deviation", "total"],
      ["quality-on-demand", "2", "1", "1", "1", "1", "6"],
      ["sim-swap", "2", "1", "0", "1", "0", "4"],
      ["all APIs", "4", "2", "1", "2", "1", "10"],
    ]);
    expect(await visibleCount()).toBe("Showing 10 of 10 scenarios");
  });

  it("hides passes when the pass filter is unchecked", async () => {
    await page.locator('#filters input[value="pass"]').uncheck();
    expect(await visibleCount()).toBe("Showing 6 of 10 scenarios");
    expect(await visibleRows('[data-status="pass"]')).toBe(0);
    expect(await visibleRows()).toBe(6);
    await page.locator('#filters input[value="pass"]').check();
    expect(await visibleCount()).toBe("Showing 10 of 10 scenarios");
  });

  it("hides the other API's rows when one API is selected", async () => {
    await page.locator("#filter-api").selectOption("sim-swap");
    expect(await visibleCount()).toBe("Showing 4 of 10 scenarios");
    expect(await visibleRows('[data-api="quality-on-demand"]')).toBe(0);
    expect(await visibleRows('[data-api="sim-swap"]')).toBe(4);
    await page.locator("#filter-api").selectOption("");
  });

  it.each([
    { what: "text in a response body", query: "PWNED", count: 1 },
    { what: "a scenario id", query: "sim_swap_checkSimSwap", count: 2 },
    { what: "nothing", query: "no such text anywhere", count: 0 },
  ])("searches $what", async ({ query, count }) => {
    await page.locator("#filter-text").fill(query);
    expect(await visibleCount()).toBe(`Showing ${count} of 10 scenarios`);
    expect(await page.locator("#no-match").isVisible()).toBe(count === 0);
    await page.locator("#filter-text").fill("");
  });

  it("shows only problems with one click, and everything again with another", async () => {
    await page.locator("#show-problems").click();
    expect(await visibleCount()).toBe("Showing 4 of 10 scenarios");
    await page.locator("#show-all").click();
    expect(await visibleCount()).toBe("Showing 10 of 10 scenarios");
  });

  it("keeps hostile target text inert", async () => {
    const facts = await page.evaluate(() => ({
      title: document.title,
      scripts: document.scripts.length,
      images: document.images.length,
      bold: document.querySelectorAll(".scenario .title b").length,
    }));
    expect(facts).toEqual({ title: "CAMARA conformance: https://api.operator.example/camara", scripts: 1, images: 0, bold: 0 });
    expect(await page.locator(".scenario .title").allTextContents()).toContain(`retrieve date with <b>bold</b> & "quotes" 'single'`);
  });

  it("shows evidence when a scenario is opened: pretty JSON and a curl line", async () => {
    const row = page.locator('.scenario[data-status="deviation"]');
    await row.locator("summary").first().click();
    await row.locator(".evidence > summary").click();
    expect(await row.locator("pre.body.json").last().textContent()).toBe('{\n  "duration": 86400\n}');
    expect(await row.locator("pre.curl").isVisible()).toBe(true);
  });

  it("contains no token and no client secret, in the text or the HTML", async () => {
    const text = await page.locator("body").innerText();
    const htmlSource = await page.content();
    for (const secret of [FIXTURE_JWT, FIXTURE_CLIENT_SECRET]) {
      expect(text).not.toContain(secret);
      expect(htmlSource).not.toContain(secret);
    }
  });

  it("blocks script injected at run time (the CSP admits only the page's own script)", async () => {
    const other = await browser.newPage();
    await other.goto(url);
    const ran = await other.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "document.body.dataset.injected = 'yes'";
      document.body.append(s);
      return document.body.dataset.injected ?? "no";
    });
    expect(ran).toBe("no");
    await other.close();
  });

  it("writes a junit.xml that the browser's XML parser accepts", async () => {
    const xml = readFileSync(join(dir, "junit.xml"), "utf8");
    const parsed = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, "application/xml");
      return { error: doc.querySelector("parsererror")?.textContent ?? null, testcases: doc.querySelectorAll("testcase").length };
    }, xml);
    expect(parsed).toEqual({ error: null, testcases: 11 });
  });

  it("takes a screenshot for a human look (/tmp/report.png)", async () => {
    await page.locator('.scenario[data-status="fail"]').first().scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: "/tmp/report.png", fullPage: true });
    expect(existsSync("/tmp/report.png")).toBe(true);
  });
});
