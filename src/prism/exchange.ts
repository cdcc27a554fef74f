/**
 * Translation between our request/response shapes and Prism's `IHttpRequest` / `IHttpResponse`, the
 * way prism-http-server does it: JSON bodies are handed to Prism parsed, other bodies as text; Prism's
 * answers are serialised as JSON when their media type is JSON.
 */
import type { IHttpRequest, IHttpResponse } from "@stoplight/prism-http";

type HeaderBag = Record<string, string | string[] | undefined>;

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function isJsonMedia(contentType: string | undefined): boolean {
  return JSON_MEDIA.test(contentType ?? "");
}

/** Lower-cased names, no undefined values, repeated headers joined as node does for most headers. */
export function flattenHeaders(headers: HeaderBag | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return out;
}

function queryToNameValues(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    out[key] = values.length === 1 ? values[0] : values;
  }
  return out;
}

/** Body as Prism expects it: undefined when empty, parsed when JSON (raw text if it does not parse). */
function parseBody(body: string, contentType: string | undefined): unknown {
  if (body === "") return undefined;
  if (!isJsonMedia(contentType)) return body;
  try {
    return JSON.parse(body);
  } catch {
    return body; // Prism's validator reports it; a proxy forwards it unchanged
  }
}

export function toPrismRequest(method: string, path: string, query: URLSearchParams, headers: HeaderBag, body: string): IHttpRequest {
  const flat = flattenHeaders(headers);
  return {
    method: method.toLowerCase() as IHttpRequest["method"],
    url: { path, query: queryToNameValues(query) },
    headers: flat,
    body: parseBody(body, flat["content-type"]),
  };
}

export interface SerialisedResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Prism's answer as bytes. `content-length` is dropped because a JSON body is re-serialised here
 * (a forwarded answer may have had other whitespace); node sets the right one.
 */
export function fromPrismResponse(output: IHttpResponse): SerialisedResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(output.headers ?? {})) {
    if (value === undefined || value === null || name.toLowerCase() === "content-length") continue;
    headers[name.toLowerCase()] = String(value);
  }
  const { body } = output;
  if (body === undefined || body === null) return { status: output.statusCode, headers };
  if (typeof body === "string" && !isJsonMedia(headers["content-type"])) return { status: output.statusCode, headers, body };
  headers["content-type"] ??= "application/json";
  return { status: output.statusCode, headers, body: JSON.stringify(body) };
}
