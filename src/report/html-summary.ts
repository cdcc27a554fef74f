/**
 * The top of the HTML report: run facts and verdict, harness errors, how-to-read notes, counts per
 * API and per operation, and the CAMARA error codes exercised.
 */
import { shownStatuses, type Counts, type RunReport, type ScenarioStatus } from "../results/results.ts";
import { formatDuration } from "./duration.ts";
import { html, type SafeHtml } from "./html-escape.ts";
import { byApi, byOperation, countBy, errorCodeCoverage, verdictOf, type CountsRow } from "./summary.ts";

export function runHeader(report: RunReport): SafeHtml {
  const t = report.target;
  return html`<header>
  <h1>CAMARA conformance report</h1>
  <p><span class="verdict v${report.exitCode}" id="verdict">${verdictOf(report.exitCode)}</span>
    <span class="exit-code">exit code ${report.exitCode}</span></p>
  <dl class="run-facts">
    <dt>Target</dt><dd><code id="target-url">${t.baseUrl}</code>${t.builtInMock ? " (built-in mock)" : ""}</dd>
    <dt>Release</dt><dd>${t.release}</dd>
    ${t.config ? html`<dt>Target config</dt><dd><code>${t.config}</code></dd>` : ""}
    <dt>Started</dt><dd><time datetime="${report.startedAt}">${report.startedAt}</time></dd>
    <dt>Finished</dt><dd><time datetime="${report.finishedAt}">${report.finishedAt}</time></dd>
    <dt>Duration</dt><dd>${formatDuration(report.durationMs)}</dd>
    <dt>Tool</dt><dd>${report.tool.name} ${report.tool.version}</dd>
  </dl>
  ${harnessErrors(report.harnessErrors)}
</header>`;
}

function harnessErrors(errors: string[]): SafeHtml | "" {
  if (errors.length === 0) return "";
  return html`<section class="harness-errors" id="harness-errors">
    <h2>Harness errors</h2>
    <p>The harness could not judge the target properly; fix these before reading the results below.</p>
    <ul>${errors.map((e) => html`<li>${e}</li>`)}</ul>
  </section>`;
}

export function howToRead(): SafeHtml {
  return html`<section class="help" id="how-to-read">
  <h2>How to read this report</h2>
  <p>Each scenario checks one CAMARA rule against the target and ends in one status:
  <span class="badge pass">pass</span> the target behaved as CAMARA requires;
  <span class="badge fail">fail</span> it did not (the target does not conform; see expected vs received and the evidence);
  <span class="badge error">error</span> the harness could not judge (unreachable target, crash, timeout; a problem of the run, not a verdict on the target);
  <span class="badge skip">skip</span> not applicable to this target, with the reason;
  <span class="badge deviation">deviation</span> it failed, but the target's configuration accepts it as a known deviation (never counted as a pass);
  <span class="badge definition-defect">definition-defect</span> it ran, but the official CAMARA test definition contradicts its own spec, so no target can pass it (the reason names the contradiction; not a failure of the target, unless the run used <code>--strict-definitions</code>).</p>
  <p>The verdict is CONFORMANT when nothing failed and nothing errored. Use the filters to narrow the list, open a scenario to see
  the rule, its source in the official CAMARA test definitions, and every HTTP exchange with a <code>curl</code> line to reproduce it
  (set <code>$TOKEN</code> yourself: tokens and secrets are never stored in this report).</p>
</section>`;
}

function countCells(c: Counts, shown: ScenarioStatus[]): SafeHtml[] {
  return [...shown.map((s) => html`<td class="n ${c[s] === 0 ? "zero" : `hot ${s}`}" data-count="${s}">${c[s]}</td>`), html`<td class="n" data-count="total">${c.total}</td>`];
}

const countHeads = (shown: ScenarioStatus[]) => html`${shown.map((s) => html`<th>${s}</th>`)}<th>total</th>`;

function apiTable(rows: CountsRow[], total: Counts): SafeHtml {
  const shown = shownStatuses(total);
  return html`<table id="summary-api">
    <thead><tr><th>API</th>${countHeads(shown)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr data-api="${r.key}"><th scope="row">${r.key}</th>${countCells(r.counts, shown)}</tr>`)}</tbody>
    <tfoot><tr data-api=""><th scope="row">all APIs</th>${countCells(total, shown)}</tr></tfoot>
  </table>`;
}

function operationTable(rows: CountsRow[], shown: ScenarioStatus[]): SafeHtml {
  return html`<table id="summary-operation">
    <thead><tr><th>API</th><th>operation</th>${countHeads(shown)}</tr></thead>
    <tbody>${rows.map((r) => {
      const cut = r.key.indexOf(" "); // api names are kebab-case, so the first space splits
      const api = r.key.slice(0, cut);
      const operationId = r.key.slice(cut + 1);
      return html`<tr><td>${api}</td><td><code>${operationId}</code></td>${countCells(r.counts, shown)}</tr>`;
    })}</tbody>
  </table>`;
}

function errorCodeTable(report: RunReport): SafeHtml {
  const rows = errorCodeCoverage(report.results);
  if (rows.length === 0) return html`<p id="error-codes">No scenario exercised a CAMARA error code.</p>`;
  return html`<p>How many scenarios provoked each CAMARA error (HTTP status and <code>code</code>), and how many of them got the response CAMARA requires.</p>
  <table id="error-codes">
    <thead><tr><th>error code</th><th>scenarios</th><th>passed</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr><td><code>${r.code}</code></td><td class="n">${r.scenarios}</td><td class="n${r.passed < r.scenarios ? " hot fail" : ""}">${r.passed}</td></tr>`)}</tbody>
  </table>`;
}

export function summarySection(report: RunReport): SafeHtml {
  return html`<section id="summary">
  <h2>Summary</h2>
  <h3>Per API</h3>
  ${apiTable(countBy(report.results, byApi), report.counts)}
  <h3>Per operation</h3>
  ${operationTable(countBy(report.results, byOperation), shownStatuses(report.counts))}
  <h3>CAMARA error codes exercised</h3>
  ${errorCodeTable(report)}
</section>`;
}
