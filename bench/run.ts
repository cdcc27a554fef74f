/**
 * `npm run bench`: load benchmark of the mock operator against a bare node:http baseline measured in
 * the same run, on loopback (design guide, performance habits: report the ratio, not an absolute).
 *
 * Targets, each in its own process (the load generator keeps this one):
 *   bare        node:http that reads the body, JSON.parses it and answers a fixed JSON
 *   production  the mock as `NODE_ENV=production` runs it: auth, request validation, state, no response validation
 *   development the mock's default outside production: the same plus response validation
 * Scenarios, with the same connections and pipelining for every target, a warm-up, then a measurement:
 *   GET  /quality-on-demand/v1/sessions/{id}   an existing session, valid token        (expects 200)
 *   POST /quality-on-demand/v1/sessions        valid body, valid token, a fresh device (expects 201)
 * Each POST names a device without an active session (a new bench subscriber per request), because a
 * second active session for one device is 409 CONFLICT. Any other status is counted and makes the run
 * invalid (exit 1). Figures go to reports/bench.json.
 *
 * Environment: BENCH_DURATION (s, default 5), BENCH_WARMUP (s, default 1), BENCH_CONNECTIONS (10),
 * BENCH_SUBSCRIBERS (extra subscribers for POST, default 300000), BENCH_CPU_PROF=1 (V8 CPU profiles of
 * the mock processes in reports/profiles/, summarised by `tsx bench/profile-summary.ts`).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import type { RequestSpec } from "autocannon";
import { BENCH_RATE_LIMIT_PER_SECOND, benchPhoneNumber, MAX_EXTRA_SUBSCRIBERS } from "./bench-data.ts";
import { type Figures, type LoadSettings, runLoad, unexpectedCount } from "./load.ts";
import { startTarget, type Target } from "./targets.ts";
import { PROJECT_ROOT } from "../src/spec/catalogue.ts";

const TARGET_RATIO = 0.5;
const SESSIONS_PATH = "/quality-on-demand/v1/sessions";
const SCOPES = "quality-on-demand:sessions:create quality-on-demand:sessions:read quality-on-demand:sessions:delete";
const REPORT_FILE = join(PROJECT_ROOT, "reports", "bench.json");
const PROFILE_DIR = join(PROJECT_ROOT, "reports", "profiles");

const envNumber = (name: string, fallback: number) => {
  const v = process.env[name];
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${v}'`);
  return n;
};

const settings: LoadSettings = {
  connections: envNumber("BENCH_CONNECTIONS", 10),
  pipelining: 1,
  durationSeconds: envNumber("BENCH_DURATION", 5),
};
const warmup: LoadSettings = { ...settings, durationSeconds: envNumber("BENCH_WARMUP", 1) };
const extraSubscribers = Math.min(envNumber("BENCH_SUBSCRIBERS", 300_000), MAX_EXTRA_SUBSCRIBERS);
const cpuProfile = process.env.BENCH_CPU_PROF === "1";

const createBody = (phoneNumber: string) =>
  JSON.stringify({
    device: { phoneNumber },
    applicationServer: { ipv4Address: "198.51.100.1" },
    qosProfile: "QOS_E",
    duration: 60,
  });

interface Mode {
  id: "production" | "development";
  label: string;
  validateResponses: boolean;
  env: Record<string, string>;
}

const MODES: Mode[] = [
  { id: "production", label: "mock, production (validateResponses=false)", validateResponses: false, env: { NODE_ENV: "production" } },
  { id: "development", label: "mock, development (validateResponses=true)", validateResponses: true, env: { NODE_ENV: "development" } },
];

interface MockTarget {
  mode: Mode;
  target: Target;
  token: string;
  sessionId: string;
  /** next bench subscriber to use in a POST */
  nextDevice: number;
}

interface Measurement {
  target: string;
  expectedStatus: number;
  figures: Figures;
  unexpected: number;
}

async function getToken(url: string): Promise<string> {
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: SCOPES }).toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token request answered ${res.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

async function createSession(url: string, token: string, phoneNumber: string): Promise<string> {
  const res = await fetch(`${url}${SESSIONS_PATH}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: createBody(phoneNumber),
  });
  const body = (await res.json()) as { sessionId?: string };
  if (res.status !== 201 || !body.sessionId) throw new Error(`createSession answered ${res.status}: ${JSON.stringify(body)}`);
  return body.sessionId;
}

async function startMock(mode: Mode): Promise<MockTarget> {
  const target = await startTarget(["mock", String(mode.validateResponses), String(extraSubscribers)], {
    env: mode.env,
    cpuProfile: cpuProfile ? { dir: PROFILE_DIR, name: `mock-${mode.id}` } : undefined,
  });
  const token = await getToken(target.url);
  // the session read by the GET scenario belongs to a default subscriber, not to a bench one
  const sessionId = await createSession(target.url, token, "+34600000001");
  return { mode, target, token, sessionId, nextDevice: 0 };
}

/** A POST whose device rotates over the bench subscribers, one fresh device per request. */
function rotatingPost(token: string, next: () => number): RequestSpec {
  return {
    method: "POST",
    path: SESSIONS_PATH,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    setupRequest: (request) => ({ ...request, body: createBody(benchPhoneNumber(next())) }),
  };
}

async function measure(target: string, url: string, request: RequestSpec, expectedStatus: number): Promise<Measurement> {
  const warm = await runLoad(url, request, warmup);
  const figures = await runLoad(url, request, settings);
  const unexpected = unexpectedCount(figures, expectedStatus) + unexpectedCount(warm, expectedStatus);
  const fmt = (n: number) => n.toFixed(0).padStart(8);
  const codes = Object.entries(figures.statusCodes)
    .map(([c, n]) => `${c}×${n}`)
    .join(" ");
  console.log(
    `  ${target.padEnd(44)} ${fmt(figures.requestsPerSecond)} req/s  p50 ${figures.latencyP50Ms.toFixed(2).padStart(6)} ms` +
      `  p99 ${figures.latencyP99Ms.toFixed(2).padStart(6)} ms  status ${codes}${figures.errors ? ` errors×${figures.errors}` : ""}` +
      (unexpected ? `  <-- ${unexpected} unexpected (expected ${expectedStatus})` : ""),
  );
  return { target, expectedStatus, figures, unexpected };
}

interface ScenarioResult {
  id: string;
  request: string;
  mode: Mode["id"];
  validateResponses: boolean;
  expectedStatus: number;
  mock: Figures;
  bare: Figures;
  ratio: number;
  target: number;
  met: boolean;
  /** non-expected statuses and socket errors on either side (warm-up included); > 0 makes the figures worthless */
  unexpected: number;
  valid: boolean;
}

function scenario(id: string, request: string, mock: MockTarget, mockM: Measurement, bareM: Measurement): ScenarioResult {
  const ratio = mockM.figures.requestsPerSecond / bareM.figures.requestsPerSecond;
  const unexpected = mockM.unexpected + bareM.unexpected;
  return {
    id: `${id}.${mock.mode.id}`,
    request,
    mode: mock.mode.id,
    validateResponses: mock.mode.validateResponses,
    expectedStatus: mockM.expectedStatus,
    mock: mockM.figures,
    bare: bareM.figures,
    ratio,
    target: TARGET_RATIO,
    met: ratio >= TARGET_RATIO,
    unexpected,
    valid: unexpected === 0,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log("camara-harness benchmark: mock operator vs bare node:http, loopback, same run");
  console.log(
    `  node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? "?"}); autocannon ${settings.connections} connections, ` +
      `pipelining ${settings.pipelining}, warm-up ${warmup.durationSeconds} s + ${settings.durationSeconds} s per measurement`,
  );
  console.log(
    `  test data: data/testdata.yaml with operator.rateLimitPerSecond raised to ${BENCH_RATE_LIMIT_PER_SECOND} (default 1000) ` +
      `and ${extraSubscribers} extra subscribers (+34601000000...) so each POST uses a device without an active session`,
  );
  console.log("  each target runs in its own process; the mock keeps auth (JWT), rate limiting, scope check, request validation and state\n");

  const bare = await startTarget(["bare"]);
  const mocks: MockTarget[] = [];
  for (const mode of MODES) mocks.push(await startMock(mode));
  const results: ScenarioResult[] = [];
  const bugs: Record<string, { bugs: number; firstBug?: string }> = {};

  try {
    // GET of an existing session
    console.log(`GET ${SESSIONS_PATH}/{id} (existing session, valid token; expect 200)`);
    // the bare server gets the same request line and headers (it ignores the token)
    const bareGet = await measure(
      "bare node:http",
      bare.url,
      { method: "GET", path: `${SESSIONS_PATH}/${mocks[0].sessionId}`, headers: { authorization: `Bearer ${mocks[0].token}` } },
      200,
    );
    for (const m of mocks) {
      const request: RequestSpec = { method: "GET", path: `${SESSIONS_PATH}/${m.sessionId}`, headers: { authorization: `Bearer ${m.token}` } };
      results.push(scenario("get-session", `GET ${SESSIONS_PATH}/{id}`, m, await measure(m.mode.label, m.target.url, request, 200), bareGet));
    }

    // POST of a new session, one fresh device per request (the bare server gets the same bodies)
    console.log(`\nPOST ${SESSIONS_PATH} (valid body and token, a device without an active session; expect 201)`);
    let bareDevice = 0;
    const barePost = await measure("bare node:http", bare.url, rotatingPost(mocks[0].token, () => bareDevice++ % extraSubscribers), 201);
    for (const m of mocks) {
      const measured = await measure(m.mode.label, m.target.url, rotatingPost(m.token, () => m.nextDevice++), 201);
      if (m.nextDevice > extraSubscribers) {
        console.log(`  !! ${m.nextDevice} POSTs but only ${extraSubscribers} bench subscribers: raise BENCH_SUBSCRIBERS`);
      }
      results.push(scenario("create-session", `POST ${SESSIONS_PATH}`, m, measured, barePost));
      // stop it now: its sessions' activation timers must not steal CPU from the next measurement
      bugs[m.mode.id] = await m.target.stop();
    }
  } catch (error) {
    await Promise.all(mocks.map((m) => (bugs[m.mode.id] ? undefined : m.target.stop())));
    await bare.stop();
    throw error;
  }
  await bare.stop();

  console.log("\nSummary (ratio = mock req/s / bare req/s; target >= 0.5)");
  console.log(`  ${"scenario".padEnd(36)} ${"mock req/s".padStart(10)} ${"bare req/s".padStart(10)} ${"ratio".padStart(6)}  target  statuses`);
  for (const r of results) {
    console.log(
      `  ${r.id.padEnd(36)} ${r.mock.requestsPerSecond.toFixed(0).padStart(10)} ${r.bare.requestsPerSecond.toFixed(0).padStart(10)} ` +
        `${r.ratio.toFixed(2).padStart(6)}  ${(r.met ? "met" : "NOT MET").padEnd(7)} ` +
        (r.valid ? `all ${r.expectedStatus}` : `INVALID: ${r.unexpected} unexpected answers or errors`),
    );
  }
  for (const [mode, b] of Object.entries(bugs)) {
    if (b.bugs > 0) console.log(`  !! mock (${mode}) reported ${b.bugs} bug(s), first: ${b.firstBug}`);
  }

  const report = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    settings: {
      connections: settings.connections,
      pipelining: settings.pipelining,
      warmupSeconds: warmup.durationSeconds,
      durationSeconds: settings.durationSeconds,
      host: "127.0.0.1",
      testdata: {
        base: "data/testdata.yaml",
        rateLimitPerSecond: BENCH_RATE_LIMIT_PER_SECOND,
        extraSubscribers,
      },
      targetRatio: TARGET_RATIO,
    },
    scenarios: results,
    mockBugs: bugs,
    wallSeconds: (Date.now() - started) / 1000,
  };
  mkdirSync(join(PROJECT_ROOT, "reports"), { recursive: true });
  writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote reports/bench.json (${report.wallSeconds.toFixed(1)} s)`);
  if (cpuProfile) console.log(`CPU profiles of the mocks in reports/profiles/ (summary: npx tsx bench/profile-summary.ts)`);

  const invalid = results.some((r) => !r.valid) || Object.values(bugs).some((b) => b.bugs > 0);
  if (invalid) {
    console.log("INVALID RUN: some answers were not the expected status; the figures above do not measure the mock's normal path");
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
