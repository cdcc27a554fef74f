/**
 * Evidence of what a scenario sent and received, with secrets removed before anything is stored:
 * Authorization headers, access tokens, client secrets and assertions never reach a report.
 * Bodies, URLs and header values go through src/core/redact.ts (by name and by known value).
 */
import { knownSecrets, redactText } from "../core/redact.ts";
import type { Exchange, RecordedRequest } from "./results.ts";

const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie"]);

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const key = k.toLowerCase();
    if (!SECRET_HEADERS.has(key)) out[key] = knownSecrets.mask(v);
    else if (key === "authorization") {
      knownSecrets.remember(v.split(/\s+/)[1]);
      out[key] = `${v.split(/\s+/)[0]} <redacted>`;
    }
    else out[key] = "<redacted>";
  }
  return out;
}

export function redactBody(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  return redactText(body);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A curl line that reproduces the request; the token comes from $TOKEN, never from the report. */
export function curlFor(req: RecordedRequest): string {
  const parts = ["curl", "-i", "-X", req.method, shellQuote(req.url)];
  for (const [k, v] of Object.entries(req.headers)) {
    if (k === "content-length" || k === "host") continue;
    if (k === "authorization") parts.push("-H", `"authorization: ${v.split(" ")[0]} $TOKEN"`);
    else parts.push("-H", shellQuote(`${k}: ${v}`));
  }
  if (req.body !== undefined && req.body !== "") parts.push("--data-raw", shellQuote(req.body));
  return parts.join(" ");
}

export function makeExchange(
  request: { method: string; url: string; headers: Record<string, string>; body?: string },
  response: { status: number; headers: Record<string, string>; body?: string } | undefined,
  durationMs: number,
  error?: string,
): Exchange {
  // the request first: what it masks by name is then masked by value in the answer too
  const headers = redactHeaders(request.headers);
  const body = redactBody(request.body);
  const recorded: RecordedRequest = { method: request.method, url: knownSecrets.mask(request.url), headers, body };
  return {
    request: recorded,
    response: response && { status: response.status, headers: redactHeaders(response.headers), body: redactBody(response.body) },
    error: error === undefined ? error : knownSecrets.mask(error),
    durationMs,
    curl: curlFor(recorded),
  };
}
