/**
 * Deliberately malformed requests (no body, a body that is not the schema's type, a path parameter
 * the typed client would refuse) sent through an untyped client of the scenario (src/target/client.ts), answered in the same
 * shape as the typed clients ({response, data}) so `t.expectError` applies to both.
 */
import { sendRaw } from "../../src/target/client.ts";
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
  // a client for absolute URLs: the same transport (recording) as the typed clients; the headers
  // are exactly those given (no content type is added to a body sent without one)
  const headers: Record<string, string | null> = { "content-type": null, ...req.headers };
  const { response, data } = await sendRaw(t.client("", ""), { method: req.method, path: req.url, headers, body: req.body });
  return { response, data };
}

/** A token that is well-formed but not valid: the last characters (the JWS signature) are altered. */
export function tamperedToken(token: string): string {
  const tail = token.slice(-6);
  const swapped = [...tail].map((c) => (c === "A" ? "B" : "A")).join("");
  return token.slice(0, -6) + swapped;
}
