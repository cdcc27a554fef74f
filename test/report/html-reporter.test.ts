/**
 * index.html as text: self-contained (nothing loaded from a URL), everything from the target
 * escaped, one row per scenario with its data attributes, and a CSP that matches the inline code.
 * What it looks like and how the filters behave is checked in a real browser (html-report.browser.test.ts).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHtmlReporter, renderHtml } from "../../src/report/html-reporter.ts";
import { CONTENT_SECURITY_POLICY } from "../../src/report/html-template.ts";
import { eventsOf, FIXTURE_CLIENT_SECRET, FIXTURE_JWT, fixtureReport, FIXTURE_RESULTS, HOSTILE_TITLE } from "./report-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "camara-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const report = fixtureReport();
const page = renderHtml(report);
/** Our own markup: target text is escaped, so every raw `<…>` in the file is a tag we wrote. */
const tags = page.match(/<[^>]*>/g) ?? [];
const inline = (tag: "style" | "script") => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(page)![1];

describe("index.html is self-contained", () => {
  it("loads nothing: no tag mentions a URL and no tag has src, href, srcset, action or xlink", () => {
    expect(tags.filter((t) => /https?:|\/\//.test(t) && !t.startsWith("<!--"))).toEqual([]);
    expect(tags.filter((t) => /\s(src|href|srcset|action|formaction|poster|xlink:href|background)\s*=/i.test(t))).toEqual([]);
    expect(tags.filter((t) => /^<(link|iframe|img|object|embed|base|audio|video|source)\b/i.test(t))).toEqual([]);
  });

  it("has exactly one inline style and one inline script, with no url() or @import", () => {
    expect(tags.filter((t) => t.startsWith("<style"))).toEqual(["<style>"]);
    expect(tags.filter((t) => t.startsWith("<script"))).toEqual(["<script>"]);
    expect(inline("style")).not.toMatch(/url\(|@import/i);
    expect(inline("script")).not.toMatch(/fetch\(|XMLHttpRequest|import\(|https?:/);
  });

  it("allows only its own style and script by hash in the Content-Security-Policy", () => {
    const hash = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
    expect(CONTENT_SECURITY_POLICY).toBe(
      `default-src 'none'; style-src ${hash(inline("style"))}; script-src ${hash(inline("script"))}; base-uri 'none'; form-action 'none'`,
    );
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`);
  });
});

describe("index.html escapes the target's text", () => {
  it.each([
    { what: "a script in a response body", raw: "<script>document.title='pwned'</script>", escaped: "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" },
    { what: "an img onerror in a response body", raw: "<img src=x onerror=alert(1)>", escaped: "&lt;img src=x onerror=alert(1)&gt;" },
    { what: "markup and quotes in a title", raw: HOSTILE_TITLE, escaped: "retrieve date with &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot; &#39;single&#39;" },
    { what: "HTML in a harness error", raw: "<html><body>Login</body></html>", escaped: "&lt;html&gt;&lt;body&gt;Login&lt;/body&gt;&lt;/html&gt;" },
    { what: "markup in received", raw: "with <script> & friends", escaped: "with &lt;script&gt; &amp; friends" },
  ])("$what", ({ raw, escaped }) => {
    expect(page).not.toContain(raw);
    expect(page).toContain(escaped);
  });

  it("contains no token and no client secret", () => {
    expect(page).not.toContain(FIXTURE_JWT);
    expect(page).not.toContain(FIXTURE_CLIENT_SECRET);
    expect(page).toContain("client_secret=&lt;redacted&gt;");
    expect(page).toContain("authorization: Bearer &lt;redacted&gt;");
  });

  it("pretty-prints JSON bodies without changing their numbers", () => {
    expect(page).toContain('\n  &quot;imsi&quot;: 12345678901234567890\n}');
  });
});

describe("index.html content", () => {
  const rows = tags.filter((t) => t.startsWith('<details class="scenario"'));

  it("has one row per scenario, with data-status and data-api", () => {
    expect(rows.map((t) => [/data-status="([^"]*)"/.exec(t)![1], /data-api="([^"]*)"/.exec(t)![1]])).toEqual(FIXTURE_RESULTS.map((r) => [r.status, r.api]));
  });

  it("opens failures and errors, keeps the rest collapsed", () => {
    expect(rows.map((t) => / open>$/.test(t))).toEqual(FIXTURE_RESULTS.map((r) => r.status === "fail" || r.status === "error"));
  });

  it.each([
    { what: "verdict", text: '<span class="verdict v2" id="verdict">HARNESS ERROR</span>' },
    { what: "target", text: '<code id="target-url">https://api.operator.example/camara</code>' },
    { what: "release", text: "<dt>Release</dt><dd>Spring25</dd>" },
    { what: "duration", text: "<dt>Duration</dt><dd>1 min 05 s</dd>" },
    { what: "date", text: '<time datetime="2025-06-01T10:00:00.000Z">2025-06-01T10:00:00.000Z</time>' },
    { what: "visible count before any script runs", text: '<p id="visible-count" aria-live="polite">Showing 10 of 10 scenarios</p>' },
    { what: "how to read", text: "<h2>How to read this report</h2>" },
    { what: "source file:line", text: '<code class="source">quality-on-demand-createSession.feature:210</code>' },
    { what: "skip reason", text: "<strong>Skipped because:</strong> target config has no notification sink URL" },
    { what: "deviation reason", text: "<strong>Accepted deviation:</strong> operator ticket OPS-42: clamps instead of refusing" },
    { what: "error reason", text: "<strong>Harness error:</strong> connection reset by the target (ECONNRESET)" },
    { what: "expected", text: '<pre class="expected">400 OUT_OF_RANGE</pre>' },
    { what: "received", text: '<pre class="received">200 with duration clamped</pre>' },
    { what: "curl line", text: "curl -i -X POST &#39;https://api.operator.example/camara/quality-on-demand/v1/sessions&#39; -H &quot;authorization: Bearer $TOKEN&quot;" },
    { what: "network error", text: "Network error: ECONNRESET" },
    { what: "an error-code row", text: '<tr><td><code>401 UNAUTHENTICATED</code></td><td class="n">3</td><td class="n hot fail">2</td></tr>' },
    { what: "an API option", text: '<option value="sim-swap">sim-swap</option>' },
  ])("shows the $what", ({ text }) => {
    expect(page).toContain(text);
  });

  it("is written to <dir>/index.html on run-end", async () => {
    const reporter = createHtmlReporter(dir);
    for (const e of eventsOf(report)) await reporter.onEvent(e);
    expect(readFileSync(join(dir, "index.html"), "utf8")).toBe(page);
  });
});
