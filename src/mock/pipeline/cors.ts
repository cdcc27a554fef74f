/**
 * CORS for browser apps using the mock as their backend. `origins` "*" allows any origin. A refused
 * preflight (no --cors, or an origin not listed) is an ErrorInfo like every other refusal. The
 * harness headers (x-harness-workspace, x-harness-control-token) are allowed like the CAMARA ones.
 */
import { errorResponse } from "../../core/errors.ts";
import type { MockRequest, MockResponse } from "../../core/http.ts";

export function corsHeaders(req: MockRequest, origins: string[]): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || origins.length === 0) return {};
  const allowed = origins.includes("*") || origins.includes(origin);
  if (!allowed) return {};
  return {
    "access-control-allow-origin": origins.includes("*") ? "*" : origin,
    "access-control-expose-headers": "x-correlator, location",
    vary: "Origin",
  };
}

export function preflight(req: MockRequest, origins: string[]): MockResponse | undefined {
  if (req.method !== "OPTIONS" || !req.headers["access-control-request-method"]) return undefined;
  const headers = corsHeaders(req, origins);
  if (!headers["access-control-allow-origin"]) {
    return errorResponse(
      "PERMISSION_DENIED",
      origins.length === 0 ? "Cross-origin requests are not enabled on this mock (start it with --cors)." : "This origin is not allowed (see --cors).",
    );
  }
  return {
    status: 204,
    headers: {
      ...headers,
      "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
      "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "authorization, content-type, x-correlator, x-harness-workspace, x-harness-control-token",
      "access-control-max-age": "600",
    },
  };
}
