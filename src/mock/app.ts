/**
 * The mock operator as a factory: `createMock(options)` returns an app with `handle(MockRequest)` and a
 * web-standard `fetch(Request)`, so the same app runs in-process (tests, the conformance runner) or on
 * a real port (server.ts). Every CAMARA operation goes through the same steps:
 *   x-correlator -> authentication (401) -> rate limit (429) -> scope (403) -> request validation (400)
 *   -> subject identification (404/422, inside handlers) -> domain logic -> response validation.
 */
import { randomUUID } from "node:crypto";
import { createAuthServer } from "../auth/server.ts";
import { TokenService } from "../auth/tokens.ts";
import type { ApiSpec, OperationSpec } from "../openapi/operations.ts";
import { DEFAULT_RELEASE, releaseProfile } from "../openapi/releases.ts";
import { SimHistory } from "./apis/sim-swap/sim-history.ts";
import { VirtualClock } from "../core/clock.ts";
import { CONTROL_PREFIX, createControlPlane } from "./control-plane.ts";
import { ApiError } from "../core/errors.ts";
import type { Handler } from "./handler.ts";
import { createHandlerSets } from "./handler-registry.ts";
import { type MockRequest, type MockResponse, json } from "../core/http.ts";
import { IDENTIFICATION_RULES, type IdentificationRules } from "./identification.ts";
import { renameCode } from "../openapi/release-errors.ts";
import { loadServedSpecs } from "./served-specs.ts";
import { authenticate } from "./middleware/authenticate.ts";
import { corsHeaders, preflight } from "./middleware/cors.ts";
import { readCorrelator } from "./middleware/correlator.ts";
import { RateLimiter } from "./middleware/rate-limit.ts";
import { requireScope } from "./middleware/scope.ts";
import { Notifier } from "./notifications.ts";
import { Router } from "../openapi/router.ts";
import { SinkRegistry, redactAuthorization } from "./sinks.ts";
import { MemoryStore, type Store } from "../core/store.ts";
import { SubscriberIndex } from "./subscribers.ts";
import { loadTestData, type TestData } from "../core/testdata.ts";
import { compileRequestValidator, type RequestValidator } from "../openapi/validation/request-validator.ts";
import { compileResponseValidator, type ResponseValidator } from "../openapi/validation/response-validator.ts";

export interface MockOptions {
  /** test data; default: data/testdata.yaml */
  testdata?: TestData;
  clock?: VirtualClock;
  store?: Store;
  /** CAMARA release(s) to serve (default fall25); releases whose base paths collide are refused */
  release?: string | string[];
  /** accept http:// sinks (local development and tests); the specs require https */
  allowInsecureSinks?: boolean;
  /** check every answer against the spec (default: on unless NODE_ENV=production) */
  validateResponses?: boolean;
  /** allowed CORS origins; ["*"] for any */
  corsOrigins?: string[];
  /** where response-validation failures and other mock bugs are reported */
  onBug?: (message: string) => void;
  /** notification retry delays, ms (tests use []) */
  notificationRetryDelaysMs?: number[];
}

interface CompiledOperation {
  op: OperationSpec;
  /** the release this operation is served as: its identification rules and error codes */
  release: string;
  rules: IdentificationRules;
  request: RequestValidator;
  response?: ResponseValidator;
  handler?: Handler;
}

export interface MockApp {
  handle(req: MockRequest): Promise<MockResponse>;
  fetch(request: Request): Promise<Response>;
  readonly clock: VirtualClock;
  readonly store: Store;
  readonly notifier: Notifier;
  readonly tokens: TokenService;
  readonly specs: ApiSpec[];
  testdata(): TestData;
  reset(): Promise<void>;
  close(): void;
}

export async function createMock(options: MockOptions = {}): Promise<MockApp> {
  const initialData = options.testdata ?? loadTestData();
  let data = initialData;
  let index = new SubscriberIndex(data);
  const clock = options.clock ?? new VirtualClock();
  const store = options.store ?? new MemoryStore();
  const served = await loadServedSpecs(options.release ?? DEFAULT_RELEASE);
  const specs = served.map((s) => s.spec);
  const tokens = await TokenService.create(clock);
  const sinks = new SinkRegistry();
  const origins = new Set<string>();
  const onBug = options.onBug ?? ((m: string) => console.error(`[camara-harness mock] ${m}`));
  const validateResponses = options.validateResponses ?? process.env.NODE_ENV !== "production";
  const allowInsecureSinks = options.allowInsecureSinks ?? false;
  const corsOrigins = options.corsOrigins ?? [];
  const rateLimiter = new RateLimiter(clock);

  const notifier = new Notifier({
    clock,
    retryDelaysMs: options.notificationRetryDelaysMs,
    // a sink on this very mock is delivered without a network hop (works in-process too)
    localDelivery: async (sink, headers, body) => {
      let url: URL;
      try {
        url = new URL(sink);
      } catch {
        return undefined;
      }
      if (!origins.has(url.origin) || !url.pathname.startsWith(`${CONTROL_PREFIX}/sink/`)) return undefined;
      sinks.record(decodeURIComponent(url.pathname.slice(`${CONTROL_PREFIX}/sink/`.length)), {
        receivedAt: new Date(clock.now()).toISOString(),
        contentType: headers["content-type"],
        authorization: redactAuthorization(headers.authorization),
        body: JSON.parse(body),
      });
      return 204;
    },
  });

  const simHistory = new SimHistory({ store, clock, data: () => data });
  await simHistory.ensureLoaded(); // relative SIM history (hoursAgo) counts back from now
  const handlerSets = createHandlerSets({ store, clock, notifier, data: () => data, simHistory });

  // CAMARA APIs only: the authorization server (base path "") and the control plane have their own handlers
  const releaseOf = new Map(served.flatMap((s) => s.spec.operations.map((o) => [o, s.release] as const)));
  const operations = specs
    .flatMap((s) => s.operations)
    .filter((op) => op.basePath !== "" && !op.basePath.startsWith(CONTROL_PREFIX));
  const compiled = new Map<OperationSpec, CompiledOperation>();
  for (const op of operations) {
    const release = releaseOf.get(op)!;
    compiled.set(op, {
      op,
      release,
      rules: IDENTIFICATION_RULES[releaseProfile(release).identification],
      request: compileRequestValidator(op, { allowInsecureSinks }),
      response: validateResponses ? compileResponseValidator(op, { allowInsecureSinks }) : undefined,
      handler: handlerSets[`${op.api}/${op.version}`]?.[op.operationId],
    });
  }
  const router = new Router(operations);

  // Prism is loaded only when some served operation has no stateful handler (a spec dropped into specs/)
  const specsWithoutHandlers = specs.filter((s) => s.operations.some((o) => compiled.get(o) && !compiled.get(o)!.handler));
  const prism = specsWithoutHandlers.length > 0
    ? await (await import("../prism/fallback.ts")).createPrismFallback(specsWithoutHandlers)
    : undefined;
  const specOf = new Map(specs.flatMap((s) => s.operations.map((o) => [o, s] as const)));
  async function prismFor(op: OperationSpec, req: MockRequest): Promise<MockResponse> {
    return prism!.handle(req, specOf.get(op)!);
  }
  const basePaths = [...new Set(operations.map((o) => o.basePath))];

  const reset = async () => {
    data = initialData;
    index = new SubscriberIndex(data);
    clock.clearTasks();
    await store.clear();
    await simHistory.ensureLoaded();
    notifier.clear();
    sinks.clear();
    rateLimiter.reset();
    auth.reset();
  };
  const auth = createAuthServer({ testdata: () => data, clock, tokens });
  const control = createControlPlane({ data: () => data, index: () => index, clock, notifier, tokens, sinks, reset, simHistory });

  function finish(op: CompiledOperation, status: number, body: unknown, correlator: string, checked = true): MockResponse {
    const headers: Record<string, string> = { "x-correlator": correlator };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (op.response && checked) {
      const violation = op.response.check(status, headers["content-type"], body);
      if (violation) {
        onBug(`response violates the spec: ${violation}`);
        const info = { status: 500, code: "INTERNAL", message: `The mock's answer violated its spec: ${violation}` };
        return json(500, info, { "x-correlator": correlator });
      }
    }
    return { status, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  }

  async function handleOperation(req: MockRequest, op: CompiledOperation, params: Record<string, string>) {
    let correlator: string = randomUUID();
    try {
      correlator = readCorrelator(req.headers["x-correlator"]);
      const claims = await authenticate(tokens, req.headers.authorization);
      if (op.op.errorCodes.has(429)) {
        const client = data.clients.find((c) => c.clientId === claims.clientId);
        rateLimiter.hit(claims.clientId, client?.rateLimitPerSecond ?? data.operator.rateLimitPerSecond);
      }
      requireScope(op.op, claims);
      let input;
      try {
        input = op.request.validate(req, params);
      } catch (error) {
        // a spec that documents no 400 for an operation (QoD v0 getQosProfiles) still gets a clear
        // 400 for a bad request: that gap is the spec's, not a bug of the mock
        if (error instanceof ApiError && !op.op.responses[String(error.status)]) {
          return finish(op, error.status, error.toErrorInfo(), correlator, false);
        }
        throw error;
      }
      if (!op.handler) {
        // no stateful implementation: Prism's mocker answers from the spec (never for stateful APIs)
        return await prismFor(op.op, req);
      }
      const result = await op.handler({
        input,
        claims,
        origin: req.origin,
        identify: (device, o) => op.rules.identify({ claims, device, optional: o?.optional }, index, data.operator),
      });
      return finish(op, result.status, result.body, correlator);
    } catch (error) {
      if (error instanceof ApiError) {
        // the release's own code for this error (LEGACY-DIGEST §2), e.g. Fall24 DEVICE_NOT_FOUND
        const renamed = renameCode(op.release, op.op.api, error.code);
        const status = renamed?.status ?? error.status;
        return finish(op, status, { status, code: renamed?.code ?? error.code, message: error.message }, correlator);
      }
      onBug(`unexpected error in ${op.op.operationId}: ${(error as Error).stack ?? error}`);
      return json(500, { status: 500, code: "INTERNAL", message: "Unexpected error in the mock." }, { "x-correlator": correlator });
    }
  }

  async function route(req: MockRequest): Promise<MockResponse> {
    if (req.path.startsWith(`${CONTROL_PREFIX}/`)) return control(req);
    const match = router.match(req.method, req.path);
    if (match) return handleOperation(req, compiled.get(match.op)!, match.params);
    const authAnswer = await auth.handle(req);
    if (authAnswer) return authAnswer;
    const allowed = router.allowedMethods(req.path);
    if (allowed) {
      const info = { status: 405, code: "METHOD_NOT_ALLOWED", message: `${req.method} is not allowed here; use ${allowed.join(", ")}.` };
      return json(405, info, { allow: allowed.join(", ") });
    }
    const known = basePaths.some((b) => req.path.startsWith(`${b}/`));
    const message = known ? `No resource at ${req.path}.` : `No API is served at ${req.path}. Served: ${basePaths.join(", ")}.`;
    return json(404, { status: 404, code: "NOT_FOUND", message });
  }

  async function handle(req: MockRequest): Promise<MockResponse> {
    origins.add(req.origin);
    if (clock.hasDue()) await clock.runDue();
    const pre = preflight(req, corsOrigins);
    if (pre) return pre;
    const res = await route(req);
    if (corsOrigins.length > 0) Object.assign(res.headers, corsHeaders(req, corsOrigins));
    return res;
  }

  return {
    handle,
    async fetch(request: Request): Promise<Response> {
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
    },
    clock,
    store,
    notifier,
    tokens,
    specs,
    testdata: () => data,
    reset,
    close: () => clock.stop(),
  };
}
