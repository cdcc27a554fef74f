/**
 * A web-standard `fetch(Request)` over a mock's `handle(MockRequest)`: the one translation used by the
 * single-world mock (app.ts) and the shared mock of workspaces (workspaces.ts).
 */
import type { MockRequest, MockResponse } from "../core/http.ts";

export function fetchVia(handle: (req: MockRequest) => Promise<MockResponse>): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => {
      headers[k] = v;
    });
    const res = await handle({
      method: request.method.toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: request.method === "GET" || request.method === "HEAD" ? "" : await request.text(),
      origin: url.origin,
    });
    return new Response(res.body ?? null, { status: res.status, headers: res.headers });
  };
}
