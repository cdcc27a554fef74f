/**
 * The mock operator as a factory: `createMock(options)` returns an app with `handle(MockRequest)` and a
 * web-standard `fetch(Request)`, so the same app runs in-process (tests, the conformance runner) or on
 * a real port (server.ts). It knows APIs only through their modules (src/apis/<api>/manifest.ts):
 * the served specs come from the release, each operation's handler from its module, and every request
 * goes through the named stages of pipeline/ (route, then operation.ts for CAMARA operations).
 */
import { fetchVia } from "./fetch-adapter.ts";
import { loadKnownScopes } from "../auth/scope-catalogue.ts";
import { createAuthServer } from "../auth/server.ts";
import { type AccessClaims, TokenService } from "../auth/tokens.ts";
import type { ModuleDeps } from "../apis/module.ts";
import type { UpgradeDecision } from "../core/socket.ts";
import { platformAuthPolicy, liveTokenRefusal } from "../apis/shared/platform/auth-policy.ts";
import { Platform } from "../apis/shared/platform/platform.ts";
import { SimHistory } from "../apis/shared/sim-history.ts";
import type { WorldClock } from "../core/clock.ts";
import { memoryWorld, type ClockOptions, type World } from "../core/world.ts";
import type { MockRequest, MockResponse } from "../core/http.ts";
import { Notifier } from "../core/notifications.ts";
import { BoundedSet } from "../core/bounded-set.ts";
import type { Store } from "../core/store.ts";
import { JournaledStore } from "../core/store-journal.ts";
import type { TestData } from "../core/testdata.ts";
import { loadOperatorTestData, moduleOf } from "../apis/registry.ts";
import { SPECS_DIR } from "../openapi/catalogue.ts";
import type { ApiSpec } from "../openapi/operations.ts";
import { DEFAULT_RELEASE } from "../openapi/releases.ts";
import { Router } from "../openapi/router.ts";
import { CONTROL_PREFIX, createControlPlane } from "./control-plane.ts";
import { corsHeaders, preflight } from "./pipeline/cors.ts";
import { runOperation } from "./pipeline/operation.ts";
import { createPages } from "./pages.ts";
import { RateLimiter } from "./pipeline/rate-limit.ts";
import { route } from "./pipeline/route.ts";
import { compileOperations, type ServedOperation } from "./served-operations.ts";
import { loadServedSpecs } from "./served-specs.ts";
import { MAX_PER_SINK, MAX_SINKS, SinkRegistry, localSinkDelivery, sharedSinks, type Sinks } from "./sinks.ts";
import { SubscriberIndex } from "./subscribers.ts";

export interface MockOptions {
  /** test data; default: data/testdata.yaml */
  testdata?: TestData;
  /** the clock of an in-memory world (tests); a Redis store brings its own shared clock (see clockOptions) */
  clock?: WorldClock;
  /**
   * where the state lives: a Store object, or `redis://host:port[/db]` for state, clock, schedule, token
   * key and counters shared by every replica started with the same URL (default: in memory)
   */
  store?: Store | string;
  /** start instant / frozen clock of a clock the mock creates (the Redis one; in memory when no clock is given) */
  clockOptions?: ClockOptions;
  /** the world's name: Redis keys are camara-harness:<workspace>:… (default "default") */
  workspace?: string;
  /** CAMARA release(s) to serve (default fall25); releases whose base paths collide are refused */
  release?: string | string[];
  /** where the specs are (default: the project's specs/); a spec there without a module is served by Prism */
  specsDir?: string;
  /** accept http:// sinks (local development and tests); the specs require https */
  allowInsecureSinks?: boolean;
  /**
   * PEM certificate(s) trusted as roots when delivering to https sinks, besides the public ones
   * (`--sink-ca`): a developer's or the conformance runner's self-signed sink
   */
  sinkCa?: string | string[];
  /** check every answer against the spec (default: on unless NODE_ENV=production) */
  validateResponses?: boolean;
  /** allowed CORS origins; ["*"] for any */
  corsOrigins?: string[];
  /** where response-validation failures and other mock bugs are reported */
  onBug?: (message: string) => void;
  /** notification retry delays, ms (tests use []) */
  notificationRetryDelaysMs?: number[];
  /**
   * the authorization server's issuer identifier (discovery, accepted assertion audience); default:
   * the URL `listen` binds to. Without either (in-process use) the Request's origin stands in.
   */
  issuer?: string;
}

export interface MockApp {
  handle(req: MockRequest): Promise<MockResponse>;
  /** a websocket upgrade request: the decision of the module route owning the path, undefined when none does */
  upgrade(req: MockRequest): Promise<UpgradeDecision | undefined>;
  fetch(request: Request): Promise<Response>;
  readonly clock: WorldClock;
  readonly store: Store;
  readonly notifier: Notifier;
  readonly tokens: TokenService;
  readonly specs: ApiSpec[];
  /** the served APIs that no module implements (answered by Prism's mocker), as "api version" */
  readonly stateless: string[];
  testdata(): TestData;
  /** the configured issuer, or undefined until listen() binds the app to its URL */
  readonly issuer: string | undefined;
  /** sets the issuer unless one was configured (listen() calls it with the listening URL) */
  bindIssuer(url: string): void;
  /** where the state lives, for banners: "in memory" or the Redis URL without its password */
  readonly storeDescription: string;
  reset(): Promise<void>;
  /** stops timers and closes the Redis connection, if any */
  close(): Promise<void>;
}

/** distinct origins (Host headers) remembered for in-process sink delivery; the oldest are forgotten */
export const MAX_ORIGINS = 256;

export async function createMock(options: MockOptions = {}): Promise<MockApp> {
  const onBug = options.onBug ?? ((m: string) => console.error(`[camara-harness mock] ${m}`));
  const initialData = options.testdata ?? loadOperatorTestData();
  let data = initialData;
  let index = new SubscriberIndex(data);
  const world = await openWorld(options, onBug);
  const clock = world.clock;
  const store = new JournaledStore(world.store);
  // the specs, their validators and the scope list are kept for the whole process (every world shares them)
  const served = await loadServedSpecs(options.release ?? DEFAULT_RELEASE, options.specsDir ?? SPECS_DIR);
  const specs = served.map((s) => s.spec);
  const tokens = await TokenService.create(clock, world.agree);
  const sinks: Sinks = world.shared ? sharedSinks(world.shared.sinks) : new SinkRegistry();
  // the origins this mock was reached at (built-in sinks are delivered in-process); bounded: each
  // request may name another Host
  const origins = new BoundedSet<string>(MAX_ORIGINS);
  const corsOrigins = options.corsOrigins ?? [];
  const rateLimiter = new RateLimiter(clock, world);
  const notifier = new Notifier({
    clock,
    retryDelaysMs: options.notificationRetryDelaysMs,
    sharedLog: world.shared?.deliveries,
    localDelivery: localSinkDelivery(origins, sinks, clock, CONTROL_PREFIX),
    trustedSinkCas: options.sinkCa === undefined ? undefined : [options.sinkCa].flat(),
  });
  const simHistory = new SimHistory({ store, clock, data: () => data });
  await simHistory.ensureLoaded(); // relative SIM history (hoursAgo) counts back from now
  const platform = new Platform({ store, clock, data: () => data });
  await platform.ready(); // relative consent expiries count back from now
  const deps: ModuleDeps = { store, clock, notifier, data: () => data, simHistory, tokens, platform };

  const operations = compileOperations(served, deps, {
    allowInsecureSinks: options.allowInsecureSinks ?? false,
    validateResponses: options.validateResponses ?? process.env.NODE_ENV !== "production",
  });
  // websocket routes of the served versions (their AsyncAPI channels); the real-port server wires upgrades to them
  const sockets = served.flatMap(({ spec }) => moduleOf(spec.api)?.versions[spec.version]?.sockets?.(deps) ?? []);
  const withoutHandler = [...new Set(operations.filter((o) => !o.handler).map((o) => o.spec))];
  // Prism is loaded only when some served operation has no stateful handler (a spec dropped into specs/)
  const prism = withoutHandler.length > 0 ? await (await import("../prism/fallback.ts")).createPrismFallback(withoutHandler) : undefined;

  let issuer = options.issuer?.replace(/\/$/, "");
  // the scopes of every spec served, also of a spec dropped into specsDir that no module implements
  const auth = createAuthServer({
    testdata: () => data,
    expiring: world.expiring,
    clock,
    tokens,
    issuer: () => issuer,
    knownScopes: loadKnownScopes(options.specsDir ?? SPECS_DIR),
    policy: platformAuthPolicy(platform),
  });
  const reset = async () => {
    data = initialData;
    index = new SubscriberIndex(data);
    await clock.reset();
    origins.clear();
    await store.clear();
    await simHistory.ensureLoaded();
    await platform.ready();
    await notifier.clear();
    await sinks.clear();
    await rateLimiter.reset();
    await auth.reset();
  };
  const harnessOperations = specs.filter((s) => s.basePath.startsWith(CONTROL_PREFIX)).flatMap((s) => s.operations);
  const control = createControlPlane({ ...deps, index: () => index, tokens, sinks, reset, operations: harnessOperations });
  const stages = {
    tokens,
    rateLimiter,
    data: () => data,
    index: () => index,
    onBug,
    atomically: <T>(fn: () => Promise<T>, keep: (value: T) => boolean, operation: object) => store.atomically(fn, keep, operation),
    tokenCheck: (claims: AccessClaims) => liveTokenRefusal(platform, claims),
    stateless: (o: ServedOperation, req: MockRequest) => prism!.handle(req, o.spec),
  };
  const routes = {
    router: new Router(operations.map((o) => o.op)),
    operations: new Map(operations.map((o) => [o.op, o] as const)),
    basePaths: [...new Set(operations.map((o) => o.op.basePath))],
    control,
    operation: (o: ServedOperation, req: MockRequest, params: Record<string, string>) => runOperation(stages, o, req, params),
    auth: (req: MockRequest) => auth.handle(req),
    pages: createPages(deps),
  };

  /** requests inside handle() now (in memory, one at a time unless one waits for I/O) */
  let requestsInFlight = 0;

  async function handle(req: MockRequest): Promise<MockResponse> {
    requestsInFlight++;
    try {
      // one that starts while another is in flight runs apart: none of its writes can be taken for
      // the other's, should that one run solo (store-journal.ts)
      return await (requestsInFlight === 1 ? handleOne(req) : store.apart(() => handleOne(req)));
    } finally {
      requestsInFlight--;
    }
  }

  async function handleOne(req: MockRequest): Promise<MockResponse> {
    origins.add(req.origin);
    const synced = clock.sync();
    if (synced) await synced;
    if (clock.hasDue()) await clock.runDue();
    const pre = preflight(req, corsOrigins);
    if (pre) return pre;
    const res = await route(routes, req);
    if (corsOrigins.length > 0) Object.assign(res.headers, corsHeaders(req, corsOrigins));
    return res;
  }

  async function upgrade(req: MockRequest): Promise<UpgradeDecision | undefined> {
    await clock.sync();
    if (clock.hasDue()) await clock.runDue();
    return sockets.find((r) => req.path.startsWith(r.prefix))?.upgrade(req);
  }

  return {
    handle,
    upgrade,
    fetch: fetchVia(handle),
    clock,
    store,
    notifier,
    tokens,
    specs,
    stateless: withoutHandler.map((s) => `${s.api} ${s.version}`),
    testdata: () => data,
    get issuer() {
      return issuer;
    },
    bindIssuer(url: string) {
      issuer ??= url;
    },
    storeDescription: world.description,
    reset,
    close: () => world.close(),
  };
}

async function openWorld(options: MockOptions, onBug: (m: string) => void): Promise<World> {
  if (typeof options.store !== "string") return memoryWorld({ store: options.store, clock: options.clock, clockOptions: options.clockOptions });
  if (options.clock) throw new Error("a Redis store brings its own shared clock: give clockOptions, not a clock");
  const { redisWorld } = await import("../core/redis/redis-world.ts");
  const sinkLimits = { maxSinks: MAX_SINKS, maxPerSink: MAX_PER_SINK };
  return redisWorld(options.store, { workspace: options.workspace, clock: options.clockOptions, onError: onBug, sinkLimits });
}
