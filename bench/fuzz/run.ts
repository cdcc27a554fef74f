/**
 * The fuzz run (issue 12): `count` seeded bad requests (generator.ts) and the attacks (attacks.ts)
 * against the real mock in-process, on a frozen virtual clock. Properties checked on every answer:
 *   - never a 5xx (nor a thrown error);
 *   - every error an ErrorInfo {status, code, message} whose status equals the HTTP status (the
 *     authorization server's endpoints answer RFC 6749 §5.2 {error, error_description} instead);
 *   - a refused request (4xx) changes no state (store, events log, clock), checked on a sample;
 *   - memory bounded: RSS sampled along the run, and after POST /_harness/reset back near the start.
 * Used by test/fuzz (small count, in `npm test`) and bench/fuzz.ts (`npm run fuzz`, large count).
 */
import { VirtualClock } from "../../src/core/clock.ts";
import type { MockRequest, MockResponse } from "../../src/core/http.ts";
import { seededRandom } from "../../src/core/seeded-random.ts";
import { MemoryStore } from "../../src/core/store.ts";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { AUTH_PATHS } from "../../src/auth/discovery.ts";
import { buildAttacks } from "./attacks.ts";
import { FUZZ_ORIGIN, generate } from "./generator.ts";

export interface FuzzOptions {
  count: number;
  seed: number;
  /** check state on every n-th refused request (default 3) */
  stateEvery?: number;
  onProgress?: (done: number) => void;
}

export interface Violation {
  kind: "5xx" | "not ErrorInfo" | "state changed" | "crash" | "attack accepted";
  what: string;
  request: string;
  status?: number;
  body?: string;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  statuses: Record<string, number>;
  fiveXX: number;
  notErrorInfo: number;
  stateChecks: number;
  stateChanges: number;
  attacks: { total: number; refused: number; accepted: string[] };
  rssMiB: { start: number; peak: number; beforeReset: number; afterReset: number };
  seconds: number;
  violations: Violation[];
}

const AUTH_ENDPOINTS = new Set<string>(Object.values(AUTH_PATHS));
const MiB = 1024 * 1024;
const rss = () => Math.round((process.memoryUsage().rss / MiB) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function describe(req: MockRequest): string {
  const q = req.query.toString();
  const body = req.body.length > 160 ? `${req.body.slice(0, 160)}… (${req.body.length} chars)` : req.body;
  return `${req.method} ${req.origin}${req.path.slice(0, 200)}${q ? `?${q.slice(0, 100)}` : ""} ${body}`;
}

/** undefined when the error answer has the right shape, else why not */
function errorShape(req: MockRequest, res: MockResponse): string | undefined {
  if (req.method === "HEAD") return undefined;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body ?? "");
  } catch {
    return "the error answer is not JSON";
  }
  if (!(res.headers["content-type"] ?? "").startsWith("application/json")) return "the error answer is not application/json";
  // the authorization server's endpoints answer RFC 6749 §5.2 errors
  if (AUTH_ENDPOINTS.has(req.path) && typeof body.error === "string") return undefined;
  if (body.status !== res.status) return `ErrorInfo.status ${String(body.status)} differs from HTTP ${res.status}`;
  if (typeof body.code !== "string" || typeof body.message !== "string") return "ErrorInfo without code or message";
  return undefined;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const inner = new MemoryStore();
  const clock = new VirtualClock({ frozen: true, start: Date.UTC(2026, 0, 1) });
  const bugs: string[] = [];
  const app: MockApp = await createMock({
    clock,
    store: inner,
    issuer: FUZZ_ORIGIN,
    notificationRetryDelaysMs: [],
    validateResponses: true,
    onBug: (m) => bugs.push(m),
  });
  const report: FuzzReport = {
    seed: options.seed,
    requests: 0,
    statuses: {},
    fiveXX: 0,
    notErrorInfo: 0,
    stateChecks: 0,
    stateChanges: 0,
    attacks: { total: 0, refused: 0, accepted: [] },
    rssMiB: { start: 0, peak: 0, beforeReset: 0, afterReset: 0 },
    seconds: 0,
    violations: [],
  };
  const violation = (v: Violation) => {
    if (report.violations.length < 50) report.violations.push(v);
  };
  const state = () => `${inner.snapshot()}|${app.notifier.log.length}|${clock.now()}`;

  const handle = async (req: MockRequest, what: string, checkState: boolean): Promise<MockResponse> => {
    // transitions already due belong to no request: run them first, so they are not taken for its doing
    if (checkState && clock.hasDue()) await clock.runDue();
    const before = checkState ? state() : undefined;
    let res: MockResponse;
    try {
      res = await app.handle(req);
    } catch (error) {
      report.requests++;
      report.fiveXX++;
      violation({ kind: "crash", what, request: describe(req), body: String((error as Error).stack ?? error).slice(0, 400) });
      return { status: 500, headers: {} };
    }
    report.requests++;
    report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;
    if (res.status >= 500) {
      report.fiveXX++;
      violation({ kind: "5xx", what, request: describe(req), status: res.status, body: res.body?.slice(0, 300) });
    } else if (res.status >= 400) {
      const wrong = errorShape(req, res);
      if (wrong) {
        report.notErrorInfo++;
        violation({ kind: "not ErrorInfo", what: `${what}: ${wrong}`, request: describe(req), status: res.status, body: res.body?.slice(0, 300) });
      }
      if (before !== undefined) {
        report.stateChecks++;
        const after = state();
        if (after !== before) {
          report.stateChanges++;
          let at = 0;
          while (at < before.length && before[at] === after[at]) at++;
          const where = `before …${before.slice(Math.max(0, at - 80), at + 80)}… after …${after.slice(Math.max(0, at - 80), at + 80)}…`;
          violation({ kind: "state changed", what, request: describe(req), status: res.status, body: `${res.body?.slice(0, 200)} | ${where}` });
        }
      }
    }
    return res;
  };

  // tokens with the scopes of each operation, minted through the control plane like any client would
  const tokens = new Map<string, string>();
  const mint = async (scopes: string[], phoneNumber?: string, clientId = "demo-app", expiresIn?: number) => {
    const res = await app.handle({
      method: "POST",
      path: "/_harness/tokens",
      query: new URLSearchParams(),
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId, scope: scopes.join(" "), phoneNumber, expiresIn }),
      origin: FUZZ_ORIGIN,
    });
    if (res.status !== 200) throw new Error(`cannot mint a token: ${res.status} ${res.body}`);
    return JSON.parse(res.body!).access_token as string;
  };
  const ops = app.specs.filter((s) => !s.basePath.startsWith("/_harness") && s.basePath !== "").flatMap((s) => s.operations);
  for (const op of ops) {
    for (const phone of [undefined, "+34600000001", "+34600000002", "+34600000003", "+34600000004", "+34600000011"]) {
      tokens.set(`${(op.scopes[0] ?? []).join(" ")}|${phone ?? ""}`, await mint(op.scopes[0] ?? [], phone).catch(() => ""));
    }
  }
  const lookup = (scopes: string[], phone?: string) => tokens.get(`${scopes.join(" ")}|${phone ?? ""}`) || tokens.get(`${scopes.join(" ")}|`);

  // the attacks, first, on a clean mock
  const attacks = await buildAttacks({
    token: mint,
    now: () => clock.now(),
    jwks: async () => JSON.parse((await app.handle({ method: "GET", path: "/jwks", query: new URLSearchParams(), headers: {}, body: "", origin: FUZZ_ORIGIN })).body!),
  });
  for (const attack of attacks) {
    let last: MockResponse | undefined;
    let lastId = "";
    for (const [i, step] of attack.steps.entries()) {
      const req = { ...step, path: step.path.replace("{last}", lastId) };
      last = await handle(req, `attack: ${attack.name}`, i === attack.steps.length - 1);
      try {
        lastId = JSON.parse(last.body ?? "{}").sessionId ?? lastId;
      } catch {
        /* not JSON */
      }
    }
    report.attacks.total++;
    if (last && last.status >= 400 && last.status < 500) report.attacks.refused++;
    else {
      report.attacks.accepted.push(`${attack.name} (${last?.status})`);
      violation({ kind: "attack accepted", what: attack.name, request: describe(attack.steps[attack.steps.length - 1]), status: last?.status });
    }
  }
  await app.reset();

  gc();
  report.rssMiB.start = rss();
  report.rssMiB.peak = report.rssMiB.start;
  const r = seededRandom(options.seed);
  const every = options.stateEvery ?? 3;
  let refusedSeen = 0;
  for (let i = 0; i < options.count; i++) {
    const { req, kind } = generate({ ops, token: lookup }, r);
    const mutating = req.method !== "GET" && req.method !== "HEAD";
    const check = mutating && refusedSeen++ % every === 0;
    const res = await handle(req, kind, check);
    // a clock jump or a reset outdates the pool: mint again so the run keeps reaching the domain code
    if (req.path.startsWith("/_harness/clock") && res.status === 200 && req.method === "POST") {
      for (const key of tokens.keys()) {
        const [scopes, phone] = key.split("|");
        tokens.set(key, await mint(scopes ? scopes.split(" ") : [], phone || undefined).catch(() => ""));
      }
    }
    if (i % 500 === 0) {
      report.rssMiB.peak = Math.max(report.rssMiB.peak, rss());
      options.onProgress?.(i);
    }
  }
  report.rssMiB.peak = Math.max(report.rssMiB.peak, rss());
  report.rssMiB.beforeReset = rss();
  const reset = await app.handle({ method: "POST", path: "/_harness/reset", query: new URLSearchParams(), headers: {}, body: "", origin: FUZZ_ORIGIN });
  if (reset.status !== 204) violation({ kind: "5xx", what: "reset", request: "POST /_harness/reset", status: reset.status });
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  report.rssMiB.afterReset = rss();
  for (const bug of bugs.slice(0, 5)) violation({ kind: "5xx", what: "the mock reported a bug", request: "-", body: bug.slice(0, 400) });
  app.close();
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  return report;
}
