/**
 * Deliberately malformed requests (no body, a body that is not the schema's type, a path parameter
 * the typed client would refuse) sent through the scenario's recording fetch, answered in the same
 * shape as the typed clients ({response, data}) so `t.expectError` applies to both.
 */
import type { ApiAnswer, ScenarioContext } from "./context.ts";

export interface RawRequest {
  method: string;
  /** absolute URL, e.g. from `t.url(api, basePath, path)` */
  url: string;
  headers: Record<string, string>;
  /** a value is sent as JSON, a string as is, undefined sends no body at all */
  body?: unknown;
}

export async function rawRequest(t: ScenarioContext, req: RawRequest): Promise<ApiAnswer> {
  const body = req.body === undefined ? undefined : typeof req.body === "string" ? req.body : JSON.stringify(req.body);
  const response = await t.fetch(req.url, { method: req.method, headers: req.headers, body });
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  return { response, data };
}

/** A token that is well-formed but not valid: the last characters (the JWS signature) are altered. */
export function tamperedToken(token: string): string {
  const tail = token.slice(-6);
  const swapped = [...tail].map((c) => (c === "A" ? "B" : "A")).join("");
  return token.slice(0, -6) + swapped;
}
