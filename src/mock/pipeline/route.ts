/**
 * Routing stage: the control plane (/_harness), a served CAMARA operation, the authorization
 * server, or a 405 / 404 ErrorInfo naming what is served.
 */
import { errorResponse } from "../../core/errors.ts";
import type { MockRequest, MockResponse } from "../../core/http.ts";
import type { Router } from "../../openapi/router.ts";
import { CONTROL_PREFIX } from "../control-plane.ts";
import type { ServedOperation } from "../served-operations.ts";

export interface Routes {
  router: Router;
  operations: Map<unknown, ServedOperation>;
  basePaths: string[];
  control(req: MockRequest): Promise<MockResponse>;
  operation(served: ServedOperation, req: MockRequest, params: Record<string, string>): Promise<MockResponse>;
  /** the authorization server; undefined when the path is not one of its endpoints */
  auth(req: MockRequest): Promise<MockResponse | undefined>;
  /** pages for people that modules serve (e.g. the consent capture page); undefined when none matches */
  pages?(req: MockRequest): Promise<MockResponse | undefined>;
}

export function route(routes: Routes, req: MockRequest): Promise<MockResponse> {
  if (req.path.startsWith(`${CONTROL_PREFIX}/`)) return routes.control(req);
  const match = routes.router.match(req.method, req.path);
  // an API operation (most requests): its promise as it is, without one more of our own
  if (match) return routes.operation(routes.operations.get(match.op)!, req, match.params);
  return routeElsewhere(routes, req);
}

async function routeElsewhere(routes: Routes, req: MockRequest): Promise<MockResponse> {
  const authAnswer = await routes.auth(req);
  if (authAnswer) return authAnswer;
  const pageAnswer = await routes.pages?.(req);
  if (pageAnswer) return pageAnswer;
  const allowed = routes.router.allowedMethods(req.path);
  if (allowed) return errorResponse("METHOD_NOT_ALLOWED", `${req.method} is not allowed here; use ${allowed.join(", ")}.`, { allow: allowed.join(", ") });
  const known = routes.basePaths.some((b) => req.path.startsWith(`${b}/`));
  return errorResponse("NOT_FOUND", known ? `No resource at ${req.path}.` : `No API is served at ${req.path}. Served: ${routes.basePaths.join(", ")}.`);
}
