/**
 * The fetch every scenario uses (handed to the generated openapi-fetch clients): it records each
 * exchange as redacted evidence, applies the per-request timeout, and turns answers that cannot come
 * from an API (HTML pages, connection failures, time-outs) into TargetErrors, which the runner
 * counts as harness errors (exit 2), not as non-conformance.
 */
import { makeExchange } from "../results/evidence.ts";
import type { Exchange } from "../results/results.ts";
import { visibleHarnessHeaders } from "./harness-access.ts";
import { describeFetchFailure, readLimited, tooLarge } from "./network-error.ts";

export class TargetError extends Error {
  override name = "TargetError";
}

export function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

export interface RecordedCall {
  exchange: Exchange;
  /** unredacted response body text, for the scenario's own assertions */
  bodyText: string;
}

export function recordingFetch(timeoutMs: number, onExchange: (exchange: Exchange) => void): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    // the workspace of a shared harness mock is part of the request as evidence shows it (curl line)
    for (const [k, v] of Object.entries(visibleHarnessHeaders(request.url))) if (!request.headers.has(k)) request.headers.set(k, v);
    const reqBody = request.method === "GET" || request.method === "HEAD" ? undefined : await request.clone().text();
    const reqInfo = { method: request.method, url: request.url, headers: headersOf(request.headers), body: reqBody };
    const started = performance.now();
    let res: Response;
    try {
      res = await fetch(request, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const line = describeFetchFailure(`${request.method} ${request.url}`, error, timeoutMs);
      onExchange(makeExchange(reqInfo, undefined, performance.now() - started, line));
      throw new TargetError(line);
    }
    let text: string;
    try {
      const body = await readLimited(res);
      if (body.truncated) {
        const line = `${request.method} ${request.url} answered ${res.status} with ${tooLarge()} — no API answer is that large: check the target`;
        onExchange(makeExchange(reqInfo, { status: res.status, headers: headersOf(res.headers), body: body.text }, performance.now() - started, line));
        throw new TargetError(line);
      }
      text = body.text;
    } catch (error) {
      if (error instanceof TargetError) throw error;
      const line = describeFetchFailure(`${request.method} ${request.url} (reading the ${res.status} answer)`, error, timeoutMs);
      onExchange(makeExchange(reqInfo, undefined, performance.now() - started, line));
      throw new TargetError(line);
    }
    const headers = headersOf(res.headers);
    onExchange(makeExchange(reqInfo, { status: res.status, headers, body: text }, performance.now() - started));
    const type = (headers["content-type"] ?? "").toLowerCase();
    if (type.includes("text/html") || /^\s*<(!doctype|html)/i.test(text)) {
      throw new TargetError(
        `${request.method} ${request.url} answered an HTML page (status ${res.status}), not an API: is the base URL right?`,
      );
    }
    return new Response(res.status === 204 || res.status === 304 ? null : text, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}
