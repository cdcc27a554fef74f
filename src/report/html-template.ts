/**
 * The page around the sections: one self-contained file (inline CSS and script, no URL loaded),
 * so it opens offline from a CI artifact. A Content-Security-Policy allows only this page's own
 * style and script, by hash: even if some target text escaped our escaping, it could neither run
 * script nor load anything from the network.
 */
import { createHash } from "node:crypto";
import { shownStatuses, type RunReport } from "../results/results.ts";
import { html, trustedHtml, type SafeHtml } from "./html-escape.ts";
import { HTML_SCRIPT } from "./html-script.ts";
import { HTML_STYLE } from "./html-style.ts";
import { scenarioRow } from "./html-scenario.ts";
import { howToRead, runHeader, summarySection } from "./html-summary.ts";

const sha256 = (s: string): string => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(HTML_STYLE)}`,
  `script-src ${sha256(HTML_SCRIPT)}`,
  "base-uri 'none'",
  "form-action 'none'",
].join("; "); // no double quote in it, so it goes into the attribute as written

function filters(report: RunReport): SafeHtml {
  const apis = [...new Set(report.results.map((r) => r.api))];
  const total = report.results.length;
  return html`<section id="filters" aria-label="Filters">
  <fieldset><legend>Status</legend>
    ${shownStatuses(report.counts).map((s) => html`<label><input type="checkbox" name="status" value="${s}" checked> <span class="badge ${s}">${s}</span> ${report.counts[s]}</label>`)}
  </fieldset>
  <button type="button" id="show-all">all</button>
  <button type="button" id="show-problems">problems only</button>
  <label>API <select id="filter-api"><option value="">all APIs</option>${apis.map((a) => html`<option value="${a}">${a}</option>`)}</select></label>
  <label>Search <input type="search" id="filter-text" placeholder="id, title, rule, body…"></label>
  <p id="visible-count" aria-live="polite">Showing ${total} of ${total} scenarios</p>
</section>`;
}

export function renderHtml(report: RunReport): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trustedHtml(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${report.tool.name} ${report.tool.version}">
<title>CAMARA conformance: ${report.target.baseUrl}</title>
<style>${trustedHtml(HTML_STYLE)}</style>
</head>
<body>
<main>
${runHeader(report)}
${howToRead()}
${summarySection(report)}
<section id="scenarios">
<h2>Scenarios</h2>
${filters(report)}
<div id="scenario-list">
${report.results.map(scenarioRow)}
</div>
<p id="no-match" class="no-match" hidden>No scenario matches the filters.</p>
</section>
</main>
<script>${trustedHtml(HTML_SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
