/**
 * The mock's control plane under /_harness (documented in specs/harness-control and README):
 *   GET  /_harness/testdata          the active test data (secrets included: this is a test tool)
 *   POST /_harness/reset             restore the test data and the clock, clear all state
 *   GET  /_harness/clock             virtual now
 *   POST /_harness/clock             {"advanceSeconds": N}: move virtual time, run due transitions
 *   GET  /_harness/events            notifications sent (tokens redacted)
 *   POST /_harness/tokens            mint an access token (expired, narrow scope, 3-legged...) for tests
 *   POST /_harness/sink/{name}       a built-in sink; GET lists what it received
 * plus the simulations API modules declare (manifest `control`), e.g.
 *   POST /_harness/subscribers/{phoneNumber}/sim-change   (SIM Swap)
 * This control plane acts inside one world; a shared mock (workspaces.ts) answers
 * /_harness/workspaces itself and checks the control token (control-token.ts) before any world.
 */
import type { TokenService } from "../auth/tokens.ts";
import type { ControlRoute, ModuleDeps } from "../apis/module.ts";
import { API_MODULES } from "../apis/registry.ts";
import type { WorldClock } from "../core/clock.ts";
import { MAX_INSTANT } from "../core/date-time.ts";
import { ApiError, errorResponse } from "../core/errors.ts";
import { type MockRequest, type MockResponse, json, noContent } from "../core/http.ts";
import type { OperationSpec } from "../openapi/operations.ts";
import { compileRequestValidator, type RequestValidator } from "../openapi/validation/request-validator.ts";
import { type Sinks, redactAuthorization, sinkBody } from "./sinks.ts";
import type { SubscriberIndex } from "./subscribers.ts";

export const CONTROL_PREFIX = "/_harness";

export interface ControlPlaneDeps extends ModuleDeps {
  index: () => SubscriberIndex;
  clock: WorldClock;
  tokens: TokenService;
  sinks: Sinks;
  reset: () => Promise<void>;
  /** the operations of specs/harness-control: control-plane bodies are validated against them */
  operations: OperationSpec[];
}

/** Bounds of POST /_harness/tokens expiresIn (also in specs/harness-control). */
export const MAX_TOKEN_SECONDS = 365 * 24 * 3600;

interface ModuleRoute {
  route: ControlRoute;
  regex: RegExp;
  names: string[];
}

/** The simulations of every API module, compiled once. */
function moduleRoutes(): ModuleRoute[] {
  return API_MODULES.flatMap((m) => m.control ?? []).map((route) => {
    const names: string[] = [];
    const pattern = route.path.replace(/\{([^}]+)\}/g, (_, n: string) => {
      names.push(n);
      return "([^/]+)";
    });
    return { route, regex: new RegExp(`^${pattern}$`), names };
  });
}

async function runModuleRoute(deps: ControlPlaneDeps, routes: ModuleRoute[], req: MockRequest, path: string): Promise<MockResponse | undefined> {
  for (const { route, regex, names } of routes) {
    const m = route.method === req.method ? regex.exec(path) : null;
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const [i, n] of names.entries()) {
      try {
        params[n] = decodeURIComponent(m[i + 1]);
      } catch {
        return problem(400, `the ${n} in the path is not valid percent-encoding`);
      }
    }
    return route.handle(req, params, { ...deps, subscriberByPhoneNumber: (p) => deps.index().byPhoneNumber(p) });
  }
  return undefined;
}

function problem(status: 400 | 404, message: string): MockResponse {
  return errorResponse(status === 404 ? "NOT_FOUND" : "INVALID_ARGUMENT", message);
}

/** The body of a control-plane operation, validated against specs/harness-control; an ErrorInfo when it is not valid. */
function validBody(validators: Map<string, RequestValidator>, operationId: string, req: MockRequest): Record<string, unknown> | MockResponse {
  const validator = validators.get(operationId);
  if (validator) {
    try {
      validator.validate({ ...req, headers: { ...req.headers, "content-type": req.headers["content-type"] ?? "application/json" } }, {});
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error.code, error.message);
      throw error;
    }
  }
  const body = parseJson(req);
  return body ?? problem(400, "body must be a JSON object");
}

const isAnswer = (v: unknown): v is MockResponse => typeof v === "object" && v !== null && "status" in v && "headers" in v;

/** A path segment, or undefined when it is not valid percent-encoding. */
function decodeSegment(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function parseJson(req: MockRequest): Record<string, unknown> | undefined {
  if (req.body.trim() === "") return {};
  try {
    const v = JSON.parse(req.body);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function createControlPlane(deps: ControlPlaneDeps) {
  const fromModules = moduleRoutes();
  const validators = new Map(deps.operations.map((op) => [op.operationId, compileRequestValidator(op, { allowInsecureSinks: false })]));
  return async function handle(req: MockRequest): Promise<MockResponse> {
    const path = req.path.slice(CONTROL_PREFIX.length).replace(/\/$/, "");
    const route = `${req.method} ${path.startsWith("/sink/") ? "/sink/*" : path}`;
    switch (route) {
      case "GET /testdata":
        return json(200, deps.data());
      case "POST /reset":
        await deps.reset();
        return noContent();
      case "GET /clock":
        return json(200, { now: new Date(deps.clock.now()).toISOString() });
      case "POST /clock": {
        const body = validBody(validators, "advanceClock", req);
        if (isAnswer(body)) return body;
        const seconds = body.advanceSeconds;
        if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
          return problem(400, "body must be {\"advanceSeconds\": <number >= 0>}");
        }
        if (!(deps.clock.now() + seconds * 1000 <= MAX_INSTANT)) {
          return problem(400, "advanceSeconds moves the clock beyond 9999-12-31T23:59:59.999Z");
        }
        const tasksRun = await deps.clock.advance(seconds);
        return json(200, { now: new Date(deps.clock.now()).toISOString(), tasksRun });
      }
      case "GET /events":
        return json(200, await deps.notifier.list());
      case "POST /tokens": {
        const body = validBody(validators, "mintToken", req);
        return isAnswer(body) ? body : mintToken(deps, body);
      }
      case "POST /sink/*": {
        const name = decodeSegment(path.slice("/sink/".length));
        if (name === undefined) return problem(400, "the sink name in the path is not valid percent-encoding");
        await deps.sinks.record(
          name,
          {
            receivedAt: new Date(deps.clock.now()).toISOString(),
            contentType: req.headers["content-type"],
            authorization: redactAuthorization(req.headers.authorization),
            body: sinkBody(req.body),
          },
          Buffer.byteLength(req.body),
        );
        return noContent();
      }
      case "GET /sink/*": {
        const name = decodeSegment(path.slice("/sink/".length));
        if (name === undefined) return problem(400, "the sink name in the path is not valid percent-encoding");
        return json(200, await deps.sinks.list(name));
      }
      default:
        return (await runModuleRoute(deps, fromModules, req, path)) ?? problem(404, `no control-plane operation ${req.method} ${req.path}`);
    }
  };
}

async function mintToken(deps: ControlPlaneDeps, body: Record<string, unknown> | undefined): Promise<MockResponse> {
  if (!body) return problem(400, "body must be a JSON object");
  const clientId = body.clientId;
  const client = deps.data().clients.find((c) => c.clientId === clientId);
  if (!client) return problem(400, `clientId must name a client of the test data`);
  const scope = typeof body.scope === "string" ? body.scope : "";
  let subscriberId: string | undefined;
  if (typeof body.phoneNumber === "string") {
    subscriberId = deps.index().byPhoneNumber(body.phoneNumber)?.id;
    if (!subscriberId) return problem(400, `phoneNumber ${body.phoneNumber} is not a test subscriber`);
  } else if (typeof body.subscriberId === "string") {
    if (!deps.index().get(body.subscriberId)) return problem(400, `subscriberId ${body.subscriberId} is unknown`);
    subscriberId = body.subscriberId;
  }
  const expiresIn = body.expiresIn ?? deps.data().operator.accessTokenSeconds;
  if (typeof expiresIn !== "number" || !Number.isInteger(expiresIn) || Math.abs(expiresIn) > MAX_TOKEN_SECONDS) {
    return problem(400, `expiresIn must be an integer number of seconds within ±${MAX_TOKEN_SECONDS}`);
  }
  if (!(deps.clock.now() + expiresIn * 1000 <= MAX_INSTANT)) return problem(400, "the token would expire after 9999-12-31");
  const amr = Array.isArray(body.amr) ? body.amr.map(String) : subscriberId ? ["nba"] : undefined;
  const scopes = scope.split(/\s+/).filter((s) => s && s !== "openid" && !s.startsWith("dpv:"));
  const purpose = scope.split(/\s+/).find((s) => s.startsWith("dpv:"));
  const token = await deps.tokens.issue(
    {
      clientId: client.clientId,
      scopes,
      purpose,
      subscriberId,
      amr,
      grant: subscriberId ? "authorization_code" : "client_credentials",
    },
    expiresIn,
  );
  return json(200, { access_token: token, token_type: "Bearer", expires_in: expiresIn, scope: scopes.join(" ") });
}
