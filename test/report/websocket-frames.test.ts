/** Websocket exchanges in the reports: the frames after the upgrade, in order, with their timing, escaped. */
import { describe, expect, it } from "vitest";
import { makeExchange } from "../../src/results/evidence.ts";
import { renderHtml } from "../../src/report/html-reporter.ts";
import { exchangeText } from "../../src/report/exchange-text.ts";
import { fixtureReport } from "./report-fixture.ts";

const ws = makeExchange({ method: "GET", url: "ws://127.0.0.1:4010/relaysms-gateway/v2/sync/sessions/s/k", headers: { upgrade: "websocket" } }, { status: 101, headers: {} }, 4);
ws.frames = [
  { atMs: 3.5, direction: "received", data: '{"type":"session_url","change":0}' },
  { atMs: 12, direction: "sent", data: '{"type":"public_key","publicKey":"<pem>"}' },
  { atMs: 15, direction: "received", data: "201- pause" },
  { atMs: 30, direction: "closed", data: "4408 paused timeout" },
];

describe("websocket frames in the reports", () => {
  const report = fixtureReport();
  report.results[0].exchanges.push(ws);
  const page = renderHtml(report);

  it("lists the frames in order in the HTML report, with direction and time, escaped", () => {
    expect(page).toContain("Websocket frames (4)");
    const order = ["session_url", "public_key", "201- pause", "4408 paused timeout"].map((s) => page.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain("&lt;pem&gt;");
    expect(page).toMatch(/← received/);
    expect(page).toMatch(/× closed/);
  });

  it("lists them in the text rendering (JUnit)", () => {
    const text = exchangeText(ws);
    expect(text).toMatch(/<< \+4 ms \{"type":"session_url"/);
    expect(text).toMatch(/>> \+12 ms \{"type":"public_key"/);
    expect(text).toMatch(/xx \+30 ms 4408 paused timeout/);
  });
});
