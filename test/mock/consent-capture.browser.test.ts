/**
 * The consent capture page in a real Chromium: a consumer asks Consent Info for a capture link
 * (with a loopback callbackUrl), the subscriber opens it with a `state`, reads the consumer's view,
 * presses Grant, lands on the callback with capture_result=granted and the same state, and Consent
 * Info then answers statusValidForProcessing: true. Also checks the page's accessibility basics
 * (lang, a heading, a labelled form, native buttons reachable by role).
 *
 * Needs /usr/bin/chromium (apt-get install -y chromium). Without it the suite fails when CI is set
 * and is skipped, with the reason printed, on a developer machine.
 */
import { createServer, type Server } from "node:http";
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { sendHttp, startMock, type MockFixture } from "./helpers.ts";

const CHROMIUM = process.env.CAMARA_CHROMIUM ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const MISSING = `Chromium not found at ${CHROMIUM}; install it with \`apt-get install -y chromium\` to run the browser tests`;
if (!HAVE_CHROMIUM && !process.env.CI) console.warn(`SKIPPED consent-capture.browser.test.ts: ${MISSING}`);

if (!HAVE_CHROMIUM && process.env.CI) {
  describe("consent capture page in Chromium (CI)", () => {
    it("requires Chromium", () => {
      throw new Error(`${MISSING} (CI is set, so this is a failure, not a skip)`);
    });
  });
}

const PAULA = "+34600001408";
const BODY = { phoneNumber: PAULA, scopes: ["quality-on-demand:sessions:create"], purpose: "dpv:RequestedServiceProvision" };

describe.runIf(HAVE_CHROMIUM)("consent capture page in Chromium", () => {
  let m: MockFixture;
  let mock: RunningServer;
  let consumer: Server;
  let consumerUrl: string;
  let browser: Browser;
  let token: string;

  const retrieve = (extra: Record<string, unknown> = {}) =>
    sendHttp(mock.url, { path: "/consent-info/v0.2/retrieve", token, json: { requestCaptureUrl: false, ...BODY, ...extra } });

  beforeAll(async () => {
    m = await startMock();
    mock = await listen(m.app, { port: 0 });
    // the API consumer's callback endpoint
    consumer = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>back at the consumer</title><p>thanks</p>"));
    await new Promise<void>((r) => consumer.listen(0, "127.0.0.1", r));
    consumerUrl = `http://127.0.0.1:${(consumer.address() as AddressInfo).port}/consent/done`;
    const res = await sendHttp(mock.url, {
      path: "/token",
      raw: "grant_type=client_credentials&scope=consent-info%3Aretrieve",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}` },
    });
    token = res.body.access_token;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => consumer?.close(r));
    await mock?.close();
    m?.app.close();
  });

  it("grants a consent through the page and Consent Info flips to valid", async () => {
    const before = await retrieve({ requestCaptureUrl: true, callbackUrl: consumerUrl });
    expect(before.status, before.text).toBe(200);
    expect(before.body.statusInfo[0]).toMatchObject({ statusValidForProcessing: false, statusReason: "PENDING" });
    const captureUrl = new URL(before.body.captureUrl);
    expect(captureUrl.origin).toBe(mock.url);

    const page = await browser.newPage({ locale: "en-GB" });
    const errors: string[] = [];
    page.on("pageerror", (e) => void errors.push(e.message));
    await page.goto(`${captureUrl.href}?state=abc-123`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Consent request");
    expect(await page.getByRole("form", { name: "Your decision" }).count()).toBe(1);
    expect(await page.textContent("main")).toContain("Demo aggregator asks to boost your connection");

    await Promise.all([page.waitForURL((u) => u.href.startsWith(consumerUrl)), page.getByRole("button", { name: "Grant" }).click()]);
    const landed = new URL(page.url());
    expect(landed.searchParams.get("capture_result")).toBe("granted");
    expect(landed.searchParams.get("state")).toBe("abc-123");
    expect([...landed.searchParams.keys()].sort()).toEqual(["capture_result", "state"]); // no personal data
    expect(errors).toEqual([]);

    const after = await retrieve();
    expect(after.body.statusInfo[0].statusValidForProcessing).toBe(true);
    expect(Date.parse(after.body.statusInfo[0].expirationDate)).toBeGreaterThan(m.clock.now());
    expect(m.bugs).toEqual([]);
  });
});
