/**
 * One scenario in the HTML report: a collapsible row whose summary line is the status badge, id,
 * title and short reason, and whose body holds the rule, source, expected vs received and the
 * evidence (every exchange, request and response, with a curl line). Problems open by default.
 */
import type { Exchange, RecordedRequest, RecordedResponse, ScenarioResult, SocketFrame } from "../results/results.ts";
import { formatDuration } from "./duration.ts";
import { html, type SafeHtml } from "./html-escape.ts";
import { prettyJson } from "./pretty-json.ts";
import { reasonOf } from "./summary.ts";

const REASON_LABEL: Record<ScenarioResult["status"], string> = {
  pass: "Note",
  fail: "Why it failed",
  error: "Harness error",
  skip: "Skipped because",
  deviation: "Accepted deviation",
  "definition-defect": "Defect of the official test definition",
};

function headersBlock(headers: Record<string, string>): SafeHtml {
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return lines.length ? html`<pre class="headers">${lines.join("\n")}</pre>` : html`<p class="no-match">no headers</p>`;
}

function bodyBlock(body: string | undefined): SafeHtml | "" {
  if (body === undefined || body === "") return "";
  const pretty = prettyJson(body);
  return html`<pre class="body${pretty ? " json" : ""}">${pretty ?? body}</pre>`;
}

function requestBlock(req: RecordedRequest): SafeHtml {
  return html`<div class="request"><h5>Request</h5>
    <pre class="request-line">${req.method} ${req.url}</pre>${headersBlock(req.headers)}${bodyBlock(req.body)}</div>`;
}

function responseBlock(res: RecordedResponse | undefined, error: string | undefined): SafeHtml {
  return html`<div class="response"><h5>Response</h5>
    ${res ? html`<pre class="status-line">HTTP ${res.status}</pre>${headersBlock(res.headers)}${bodyBlock(res.body)}` : ""}
    ${error ? html`<p class="reason">Network error: ${error}</p>` : ""}
    ${!res && !error ? html`<p class="no-match">no response recorded</p>` : ""}</div>`;
}

const ARROW: Record<SocketFrame["direction"], string> = { sent: "→ sent", received: "← received", closed: "× closed" };

/** The frames of a websocket exchange, in order, each with its time since the upgrade request. */
function framesBlock(frames: SocketFrame[] | undefined): SafeHtml | "" {
  if (!frames) return "";
  if (frames.length === 0) return html`<h5>Websocket frames</h5><p class="no-match">no frame</p>`;
  const rows = frames.map(
    (f) => html`<tr class="frame ${f.direction}"><td class="at">+${formatDuration(f.atMs)}</td><td class="dir">${ARROW[f.direction]}</td><td><pre class="body">${prettyJson(f.data) ?? f.data}</pre></td></tr>`,
  );
  return html`<h5>Websocket frames (${frames.length})</h5><table class="frames">${rows}</table>`;
}

function exchangeBlock(x: Exchange, i: number): SafeHtml {
  const outcome = x.response ? `→ ${x.response.status}` : "→ no response";
  return html`<section class="exchange">
    <h4>#${i + 1} ${x.request.method} ${x.request.url} ${outcome} (${formatDuration(x.durationMs)})</h4>
    <div class="req-res">${requestBlock(x.request)}${responseBlock(x.response, x.error)}</div>
    ${framesBlock(x.frames)}
    <h5>Reproduce</h5><pre class="curl">${x.curl}</pre>
  </section>`;
}

function evidence(r: ScenarioResult): SafeHtml {
  if (r.exchanges.length === 0) return html`<p class="no-match">No request was sent.</p>`;
  const n = r.exchanges.length;
  return html`<details class="evidence"><summary>Evidence: ${n} exchange${n === 1 ? "" : "s"}</summary>
    ${r.exchanges.map(exchangeBlock)}</details>`;
}

function expectedReceived(r: ScenarioResult): SafeHtml | "" {
  if (r.expected === undefined && r.received === undefined) return "";
  return html`<div class="diff">
    <div><h4>Expected</h4><pre class="expected">${r.expected ?? "(not recorded)"}</pre></div>
    <div><h4>Received</h4><pre class="received">${r.received ?? "(not recorded)"}</pre></div>
  </div>`;
}

export function scenarioRow(r: ScenarioResult): SafeHtml {
  const reason = reasonOf(r);
  const problem = r.status === "fail" || r.status === "error";
  return html`<details class="scenario" data-status="${r.status}" data-api="${r.api}"${problem ? html` open` : ""}>
  <summary><span class="badge ${r.status}">${r.status}</span> <code class="id">${r.id}</code>
    <span class="title">${r.title}</span>${reason && !problem ? html` <span class="short-reason">(${reason})</span>` : ""}</summary>
  <div class="scenario-body">
    <dl class="meta">
      <dt>API</dt><dd>${r.api} ${r.version} · <code>${r.operationId}</code></dd>
      <dt>Rule</dt><dd class="rule">${r.rule}</dd>
      <dt>Layer</dt><dd>${r.layer}</dd>
      ${r.source ? html`<dt>Source</dt><dd><code class="source">${r.source.file}:${r.source.line}</code></dd>` : ""}
      ${r.errorCodes.length ? html`<dt>Error codes</dt><dd>${r.errorCodes.join(", ")}</dd>` : ""}
      <dt>Duration</dt><dd>${formatDuration(r.durationMs)}</dd>
    </dl>
    ${r.reason ? html`<p class="reason"><strong>${REASON_LABEL[r.status]}:</strong> ${r.reason}</p>` : ""}
    ${r.status === "fail" || r.status === "deviation" || r.status === "definition-defect" ? expectedReceived(r) : ""}
    ${evidence(r)}
  </div>
</details>`;
}
