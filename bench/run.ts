/**
 * `npm run bench`: load benchmark of the mock operator against a bare node:http baseline measured in
 * the same run, on loopback (design guide, performance habits: report the ratio, not an absolute).
 *
 * Targets, each in its own process (this one generates the load):
 *   bare         node:http that reads the body, JSON.parses it and answers a fixed JSON, each answer
 *                written at once (the mock's server writes the answers of one event-loop pass together,
 *                see sendSoon in src/mock/server.ts; the cpu-ratio column shows the cost per request)
 *   production   the mock as `NODE_ENV=production` runs it: auth (JWT), rate limit, scope, request
 *                validation, state; no response validation
 *   development  the mock's default outside production: the same plus response validation
 * Scenarios, same connections and pipelining for every target:
 *   GET  /quality-on-demand/v1/sessions/{id}   an existing session, valid token        (expects 200)
 *   POST /quality-on-demand/v1/sessions        valid body, valid token, a fresh device (expects 201)
 * A second active session for one device is 409 CONFLICT, so each POST names a device that has no
 * session: one extra bench subscriber per request (the bare server gets the same bodies). Any other
 * status is counted and makes the run invalid (exit 1): a benchmark of errors measures nothing.
 *
 * Noise: the machine may be shared, so each target's measurement is split into slices interleaved with
 * the other targets' (bare, production, development, then the next round, rotating who goes first),
 * and targets not being measured are paused (SIGSTOP). The ratio compares totals over the same rounds.
 *
 * Environment: BENCH_DURATION (s per target and scenario, default 5), BENCH_ROUNDS (slices, 5),
 * BENCH_WARMUP (s, 1), BENCH_CONNECTIONS (10), BENCH_SUBSCRIBERS (extra subscribers, 150000),
 * BENCH_SCENARIOS (get,post). Where the mock's time goes: `npx tsx bench/profile.ts`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { BENCH_RATE_LIMIT_PER_SECOND, MAX_EXTRA_SUBSCRIBERS } from "./bench-data.ts";
import { combine, type Figures, type LoadSettings, runLoad, type Slice, unexpectedCount } from "./load.ts";
import { type Contender, type Mode, MODES, SCENARIOS, type ScenarioSpec, startBare, startMock } from "./scenarios.ts";
import { PROJECT_ROOT } from "../src/core/paths.ts";

const TARGET_RATIO = 0.5;
const REPORT_FILE = join(PROJECT_ROOT, "reports", "bench.json");

const envNumber = (name: string, fallback: number) => {
  const v = process.env[name];
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got '${v}'`);
  return n;
};

const CONNECTIONS = envNumber("BENCH_CONNECTIONS", 10);
const DURATION = envNumber("BENCH_DURATION", 5);
const ROUNDS = Math.round(envNumber("BENCH_ROUNDS", 5));
const slice: LoadSettings = { connections: CONNECTIONS, pipelining: 1, durationSeconds: DURATION / ROUNDS };
const warmup: LoadSettings = { ...slice, durationSeconds: envNumber("BENCH_WARMUP", 1) };
const extraSubscribers = Math.min(Math.round(envNumber("BENCH_SUBSCRIBERS", 150_000)), MAX_EXTRA_SUBSCRIBERS);
const scenarios = new Set((process.env.BENCH_SCENARIOS ?? "get,post").split(","));

interface Measured {
  contender: Contender;
  figures: Figures;
  perRound: number[];
  /** non-expected statuses and socket errors, warm-up included */
  unexpected: number;
}

/** Warm-up of every contender, then ROUNDS interleaved slices; only the measured contender runs. */
async function runScenario(spec: ScenarioSpec, contenders: Contender[]): Promise<Measured[]> {
  const slices = new Map<Contender, Slice[]>(contenders.map((c) => [c, []]));
  const unexpected = new Map<Contender, number>(contenders.map((c) => [c, 0]));
  const requests = new Map(contenders.map((c) => [c, spec.request(c)]));
  const one = async (c: Contender, settings: LoadSettings): Promise<Slice> => {
    c.target.resume();
    try {
      const cpuBefore = await c.target.cpuMicros();
      const s = await runLoad(c.target.url, requests.get(c)!, settings);
      s.serverCpuMicros = (await c.target.cpuMicros()) - cpuBefore;
      unexpected.set(c, unexpected.get(c)! + unexpectedCount(s.figures, spec.expectedStatus));
      return s;
    } finally {
      c.target.pause();
    }
  };
  for (const c of contenders) await one(c, warmup);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(round + k) % contenders.length];
      slices.get(c)!.push(await one(c, slice));
    }
  }
  return contenders.map((c) => ({
    contender: c,
    figures: combine(slices.get(c)!),
    perRound: slices.get(c)!.map((s) => s.figures.requestsPerSecond),
    unexpected: unexpected.get(c)!,
  }));
}

interface ScenarioResult {
  id: string;
  mode: Mode["id"];
  validateResponses: boolean;
  expectedStatus: number;
  mock: Figures;
  bare: Figures;
  ratio: number;
  /** mock / bare per round, to show the spread */
  ratioPerRound: number[];
  /**
   * bare CPU per request / mock CPU per request: the req/s ratio both would reach if each had a core
   * to itself (CPU-bound), independent of what else the machine runs
   */
  cpuRatio?: number;
  target: number;
  met: boolean;
  /** unexpected statuses and socket errors on either side, warm-up included; > 0 makes the figures worthless */
  unexpected: number;
  valid: boolean;
}

const num = (n: number, width: number, digits = 0) => n.toFixed(digits).padStart(width);

function printMeasured(m: Measured, expected: number): void {
  const f = m.figures;
  const codes = Object.entries(f.statusCodes)
    .map(([c, n]) => `${c}×${n}`)
    .join(" ");
  console.log(
    `  ${m.contender.label.padEnd(42)} ${num(f.requestsPerSecond, 7)} req/s  p50 ${num(f.latencyP50Ms, 6, 2)} ms  ` +
      `p99 ${num(f.latencyP99Ms, 6, 2)} ms  cpu ${num(f.serverCpuMicrosPerRequest ?? Number.NaN, 4)} µs/req  non-2xx ${f.non2xx}  statuses ${codes}` +
      (f.errors ? ` socket-errors×${f.errors}` : "") +
      (m.unexpected ? `  <-- ${m.unexpected} not ${expected}` : ""),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log("camara-harness benchmark: the mock operator against a bare node:http baseline, loopback, same run");
  console.log(
    `  node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ""}; autocannon ${CONNECTIONS} connections, pipelining 1; ` +
      `per target and scenario: ${warmup.durationSeconds} s warm-up + ${ROUNDS} interleaved slices of ${slice.durationSeconds} s`,
  );
  console.log(
    `  test data: data/testdata.yaml with operator.rateLimitPerSecond raised from 1000 to ${BENCH_RATE_LIMIT_PER_SECOND} ` +
      `and ${extraSubscribers} extra subscribers (+34601000000 ...), one fresh device per POST`,
  );

  const mocks: Contender[] = [];
  for (const mode of MODES) mocks.push(await startMock(mode, extraSubscribers));
  const bare = await startBare(mocks[0], extraSubscribers);
  const contenders = [bare, ...mocks];
  for (const c of contenders) c.target.pause();

  const results: ScenarioResult[] = [];
  const bugs: Record<string, { bugs: number; firstBug?: string }> = {};
  try {
    for (const spec of SCENARIOS.filter((s) => scenarios.has(s.key))) {
      console.log(`\n${spec.title}`);
      const measured = await runScenario(spec, contenders);
      for (const m of measured) printMeasured(m, spec.expectedStatus);
      const base = measured[0];
      for (const m of measured.slice(1)) {
        const ratio = m.figures.requestsPerSecond / base.figures.requestsPerSecond;
        const unexpected = m.unexpected + base.unexpected;
        results.push({
          id: `${spec.id}.${m.contender.mode!.id}`,
          mode: m.contender.mode!.id,
          validateResponses: m.contender.mode!.validateResponses,
          expectedStatus: spec.expectedStatus,
          mock: m.figures,
          bare: base.figures,
          ratio,
          ratioPerRound: m.perRound.map((r, i) => r / base.perRound[i]),
          cpuRatio:
            base.figures.serverCpuMicrosPerRequest && m.figures.serverCpuMicrosPerRequest
              ? base.figures.serverCpuMicrosPerRequest / m.figures.serverCpuMicrosPerRequest
              : undefined,
          target: TARGET_RATIO,
          met: ratio >= TARGET_RATIO,
          unexpected,
          valid: unexpected === 0,
        });
      }
    }
    const maxDevices = Math.max(...mocks.map((c) => c.nextDevice));
    if (maxDevices > extraSubscribers) {
      console.log(`  !! a mock got ${maxDevices} POSTs for ${extraSubscribers} bench subscribers (409s follow): raise BENCH_SUBSCRIBERS`);
    }
  } finally {
    for (const c of mocks) bugs[c.mode!.id] = await c.target.stop();
    await bare.target.stop();
  }

  console.log(`\nSummary: ratio = mock req/s / bare req/s over the same rounds (target >= ${TARGET_RATIO});`);
  console.log("  cpu-ratio = bare / mock server CPU per request: the ratio on an uncontended machine (CPU-bound servers)");
  console.log(
    `  ${"scenario".padEnd(26)} ${"mock req/s".padStart(10)} ${"bare req/s".padStart(10)} ${"ratio".padStart(6)}  per-round   ` +
      `${"cpu-ratio".padStart(9)}  target   answers`,
  );
  for (const r of results) {
    const lo = Math.min(...r.ratioPerRound);
    const hi = Math.max(...r.ratioPerRound);
    console.log(
      `  ${r.id.padEnd(26)} ${num(r.mock.requestsPerSecond, 10)} ${num(r.bare.requestsPerSecond, 10)} ${num(r.ratio, 6, 3)}  ` +
        `${`${lo.toFixed(2)}–${hi.toFixed(2)}`.padEnd(10)}  ${num(r.cpuRatio ?? Number.NaN, 9, 2)}  ${(r.met ? "met" : "NOT MET").padEnd(7)}  ` +
        (r.valid ? `all ${r.expectedStatus}` : `INVALID: ${r.unexpected} unexpected answers or errors`),
    );
  }
  for (const [mode, b] of Object.entries(bugs)) {
    if (b.bugs > 0) console.log(`  !! mock ${mode} reported ${b.bugs} bug(s), first: ${b.firstBug}`);
  }

  const report = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    settings: {
      host: "127.0.0.1",
      connections: CONNECTIONS,
      pipelining: 1,
      warmupSeconds: warmup.durationSeconds,
      rounds: ROUNDS,
      sliceSeconds: slice.durationSeconds,
      testdata: { base: "data/testdata.yaml", rateLimitPerSecond: BENCH_RATE_LIMIT_PER_SECOND, extraSubscribers },
      targetRatio: TARGET_RATIO,
    },
    scenarios: results,
    mockBugs: bugs,
    wallSeconds: (Date.now() - started) / 1000,
  };
  mkdirSync(join(PROJECT_ROOT, "reports"), { recursive: true });
  writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote reports/bench.json (run took ${report.wallSeconds.toFixed(0)} s)`);

  if (results.some((r) => !r.met)) {
    console.log("below target: where the time goes: npx tsx bench/profile.ts <get|post> <production|development|bare>");
    console.log("                                   npx tsx bench/handle-cost.ts [--profile get|post]   (no sockets, CPU per request)");
  }
  if (results.some((r) => !r.valid) || Object.values(bugs).some((b) => b.bugs > 0)) {
    console.log("INVALID RUN: some answers were not the expected status; these figures do not measure the mock's normal path");
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
