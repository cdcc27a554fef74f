/**
 * The mock's own request/response shapes: small, framework-free, and cheap to build from either a
 * web `Request` (in-process use, `app.fetch`) or a node `IncomingMessage` (the real port).
 */
export interface MockRequest {
  method: string;
  /** path without query string, e.g. "/quality-on-demand/v1/sessions" */
  path: string;
  query: URLSearchParams;
  /** header names in lower case */
  headers: Record<string, string | undefined>;
  /** raw body text ("" when none) */
  body: string;
  /** the origin the request reached, e.g. "http://127.0.0.1:4010" (for absolute URLs in answers) */
  origin: string;
  /**
   * the path prefix a browser must keep to come back to the same world (a workspace of a shared mock:
   * "/_workspaces/{name}"), already removed from `path`; links in answers start with origin + prefix
   */
  linkPrefix?: string;
}

export interface MockResponse {
  status: number;
  /** the answer's own object: the real-port server adds content-length to it (never share one between answers) */
  headers: Record<string, string>;
  /** already serialised body, or undefined for none */
  body?: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): MockResponse {
  return {
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(value),
  };
}

export function noContent(headers: Record<string, string> = {}): MockResponse {
  return { status: 204, headers };
}
