/**
 * The protected control plane: with a control token configured (`mock --control-token`, or
 * CAMARA_HARNESS_CONTROL_TOKEN), every /_harness request must carry it, as
 * `x-harness-control-token: TOKEN` or `Authorization: Bearer TOKEN`; otherwise 401 UNAUTHENTICATED
 * and nothing is done. Compared in constant time (digests of equal length, crypto.timingSafeEqual).
 *
 * Not protected, because they are part of flows a user's application runs, not of test control:
 * - POST /_harness/sink/{name}: notification deliveries (they carry the subscriber's own sink
 *   credential in Authorization, never the control token);
 * - CORS preflights (a browser sends no credentials in them).
 * Everything else under /_harness is: test data (holds client secrets), reset, clock, events, token
 * minting, reading sinks, module simulations, and the workspace list.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { errorResponse } from "../core/errors.ts";
import { CONTROL_PLANE_CHALLENGE, CONTROL_TOKEN_HEADER } from "../core/harness-wire.ts";
import type { MockRequest, MockResponse } from "../core/http.ts";
import { CONTROL_PREFIX } from "./control-plane.ts";

const digest = (text: string) => createHash("sha256").update(text).digest();

/** Whether a control-plane path (prefix already removed) needs the token. */
export function isProtectedControlPath(req: MockRequest): boolean {
  if (!req.path.startsWith(`${CONTROL_PREFIX}/`)) return false;
  if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) return false;
  if (req.method === "POST" && req.path.startsWith(`${CONTROL_PREFIX}/sink/`)) return false;
  return true;
}

/** A guard for one configured token: undefined when the request may go on, else the 401 answer. */
export function controlTokenGuard(token: string | undefined): (req: MockRequest) => MockResponse | undefined {
  if (!token) return () => undefined;
  const expected = digest(token);
  return (req) => {
    if (!isProtectedControlPath(req)) return undefined;
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
    const given = [req.headers[CONTROL_TOKEN_HEADER], bearer].filter((v): v is string => typeof v === "string" && v !== "");
    if (given.some((v) => timingSafeEqual(digest(v), expected))) return undefined;
    return errorResponse(
      "UNAUTHENTICATED",
      `The control plane of this mock is protected: send the control token in ${CONTROL_TOKEN_HEADER} (or Authorization: Bearer).`,
      { "www-authenticate": CONTROL_PLANE_CHALLENGE },
    );
  };
}
