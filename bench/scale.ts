/**
 * `npm run bench:scale`: what the Redis store (issue 18, `mock --store redis://…`) costs, and what a
 * million stored sessions cost, with bench/run.ts's habits (each server in its own process, interleaved
 * slices, idle targets SIGSTOPped, ratios to a bare node:http server measured in the same run, any
 * unexpected status makes the run invalid and exits 1).
 *
 * Part 1, throughput and latency of GET and POST of a QoD session (bench/scenarios.ts's requests) for:
 *   bare        node:http baseline
 *   memory×1    one mock replica, in-memory store (NODE_ENV=production)
 *   redis×1     one replica on a redis-server of its own
 *   redis×2     two replicas on one redis-server, the load split across both (two autocannon instances at
 *               once, half the connections each, requests summed, latencies pooled; paused together)
 * Part 2, from 0 to BENCH_SESSIONS stored sessions (bench/scale-preload.ts):
 *   memory per session: memory store heapUsed and RSS delta after a full GC; Redis `INFO memory`
 *   used_memory delta; GET latency of one session with 0 vs N other sessions stored, memory and Redis.
 *
 * CPU: the load generator, the replicas and Redis share this machine's cores; on 2 cores two replicas +
 * Redis + autocannon compete for CPU, so redis×2 shows what the contention leaves, not what two machines
 * would do. The cpu column (server CPU µs per request, replicas + Redis) is the contention-free cost.
 *
 * Environment: BENCH_SESSIONS (default 1000000), BENCH_DURATION (s per contender and scenario, 5),
 * BENCH_ROUNDS (5), BENCH_WARMUP (s, 1), BENCH_CONNECTIONS (10), BENCH_SUBSCRIBERS (150000),
 * BENCH_SCENARIOS (get,post: part 1), BENCH_PARTS (throughput,sessions). Writes reports/bench-scale.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { MAX_EXTRA_SUBSCRIBERS } from "./bench-data.ts";
import type { LoadSettings } from "./load.ts";
import { SCENARIOS } from "./scenarios.ts";
import { type ScaleContender, startBareContender, startMemoryContender, startRedisContender } from "./scale-contenders.ts";
import { type Measured, measure } from "./scale-load.ts";
import { printMemory, printRows, type Row, rowsOf } from "./scale-print.ts";
import { PROJECT_ROOT } from "../src/core/paths.ts";

const REPORT_FILE = join(PROJECT_ROOT, "reports", "bench-scale.json");

const envNumber = (name: string, fallback: number, min = 0.001) => {
  const v = process.env[name];
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number >= ${min}, got '${v}'`);
  return n;
};

const SESSIONS = Math.round(envNumber("BENCH_SESSIONS", 1_000_000, 0));
const CONNECTIONS = envNumber("BENCH_CONNECTIONS", 10, 2);
const DURATION = envNumber("BENCH_DURATION", 5);
const ROUNDS = Math.round(envNumber("BENCH_ROUNDS", 5, 1));
const slice: LoadSettings = { connections: CONNECTIONS, pipelining: 1, durationSeconds: DURATION / ROUNDS };
const warmup: LoadSettings = { ...slice, durationSeconds: envNumber("BENCH_WARMUP", 1) };
const SUBSCRIBERS = Math.min(Math.round(envNumber("BENCH_SUBSCRIBERS", 150_000, 1)), MAX_EXTRA_SUBSCRIBERS);
const WANTED = new Set((process.env.BENCH_SCENARIOS ?? "get,post").split(","));
const PARTS = new Set((process.env.BENCH_PARTS ?? "throughput,sessions").split(","));

const CONTENTION =
  cpus().length <= 2
    ? `this machine has ${cpus().length} CPU(s): replicas, Redis and autocannon compete for them, so redis×2 cannot scale here; ` +
      "compare the cpu column (server µs per request, replicas + Redis) for the contention-free cost"
    : `${cpus().length} CPUs: replicas, Redis and autocannon still share them (one machine, loopback)`;

async function stopAll(contenders: ScaleContender[], bugs: Record<string, { bugs: number; firstBug?: string }>): Promise<void> {
  for (const c of contenders) bugs[c.id] = await c.stop();
}

async function part1(bugs: Record<string, { bugs: number; firstBug?: string }>): Promise<Row[]> {
  console.log("\nPart 1: throughput and latency, memory store vs Redis, 1 vs 2 replicas (NODE_ENV=production)");
  const contenders: ScaleContender[] = [await startBareContender(SUBSCRIBERS)];
  try {
    contenders.push(await startMemoryContender("memory×1", "mock, memory store, 1 replica", SUBSCRIBERS));
    contenders.push(await startRedisContender("redis×1", "mock, Redis store, 1 replica", 1, SUBSCRIBERS));
    contenders.push(await startRedisContender("redis×2", "mock, Redis store, 2 replicas (load split)", 2, SUBSCRIBERS));
    for (const c of contenders) c.pause();
    const rows: Row[] = [];
    for (const spec of SCENARIOS.filter((s) => WANTED.has(s.key))) {
      console.log(`\n${spec.title}`);
      const measured = await measure(spec, contenders, slice, warmup, ROUNDS);
      rows.push(...rowsOf(spec, measured));
      printRows(rowsOf(spec, measured));
    }
    for (const c of contenders) {
      if (c.nextDevice > c.devices) console.log(`  !! ${c.id} got ${c.nextDevice} POSTs for ${c.devices} bench subscribers (409s follow): raise BENCH_SUBSCRIBERS`);
    }
    return rows;
  } finally {
    await stopAll(contenders, bugs);
  }
}

interface Part2 {
  rows: Row[];
  memory: { store: string; sessions: number; preloadSeconds: number; bytesPerSession: number; rssPerSession?: number; measure: string }[];
}

async function part2(bugs: Record<string, { bugs: number; firstBug?: string }>): Promise<Part2> {
  console.log(`\nPart 2: from 0 to ${SESSIONS} stored sessions (GET of one session; memory per session)`);
  const contenders: ScaleContender[] = [await startBareContender(0)];
  try {
    // the four start side by side (the two preloads overlap); each is stopped below, started or not
    const t = performance.now();
    const timed = async (what: string, start: Promise<ScaleContender>) => {
      const c = await start;
      if (c.preload?.sessions) console.log(`  ${what}: ${c.preload.sessions} sessions preloaded in ${c.preload.seconds.toFixed(1)} s, replica up after ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return c;
    };
    const started = await Promise.allSettled([
      timed("memory store", startMemoryContender("memory@0", "mock, memory store, 0 other sessions", 0, 0)),
      timed("memory store", startMemoryContender(`memory@${SESSIONS}`, `mock, memory store, ${SESSIONS} other sessions`, 0, SESSIONS)),
      timed("Redis", startRedisContender("redis@0", "mock, Redis store, 0 other sessions", 1, 0, 0)),
      timed("Redis (server-side batches, pipelined)", startRedisContender(`redis@${SESSIONS}`, `mock, Redis store, ${SESSIONS} other sessions`, 1, 0, SESSIONS)),
    ]);
    for (const s of started) if (s.status === "fulfilled") contenders.push(s.value);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    for (const c of contenders) c.pause();
    const spec = SCENARIOS.find((s) => s.key === "get")!;
    console.log(`\n${spec.title}`);
    const measured: Measured[] = await measure(spec, contenders, slice, warmup, ROUNDS);
    const rows = rowsOf(spec, measured);
    printRows(rows);
    const memory = contenders
      .filter((c) => c.preload && c.preload.sessions > 0)
      .map((c) => ({
        store: c.redis ? "redis" : "memory",
        sessions: c.preload!.sessions,
        preloadSeconds: c.preload!.seconds,
        bytesPerSession: c.preload!.bytesPerSession,
        rssPerSession: c.preload!.rssPerSession,
        measure: c.redis ? "INFO memory used_memory delta / sessions" : "heapUsed delta / sessions after full GC (RSS delta beside)",
      }));
    printMemory(memory);
    return { rows, memory };
  } finally {
    await stopAll(contenders, bugs);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log("camara-harness scale benchmark: memory store vs Redis, 1 vs 2 replicas, 0 vs N stored sessions; loopback, same run");
  console.log(
    `  node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ""}; autocannon ${CONNECTIONS} connections (split across replicas), ` +
      `pipelining 1; per contender and scenario: ${warmup.durationSeconds} s warm-up + ${ROUNDS} interleaved slices of ${slice.durationSeconds} s`,
  );
  console.log(`  note: ${CONTENTION}`);
  const bugs: Record<string, { bugs: number; firstBug?: string }> = {};
  const seconds: Record<string, number> = {};
  let t = Date.now();
  const throughput = PARTS.has("throughput") ? await part1(bugs) : [];
  seconds.throughput = (Date.now() - t) / 1000;
  t = Date.now();
  const sessions = PARTS.has("sessions") ? await part2(bugs) : undefined;
  seconds.sessions = (Date.now() - t) / 1000;
  const all = [...throughput, ...(sessions?.rows ?? [])];
  const invalid = all.filter((r) => !r.valid);
  const report = {
    generatedAt: new Date().toISOString(),
    command: "npm run bench:scale",
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    contention: CONTENTION,
    settings: { host: "127.0.0.1", connections: CONNECTIONS, pipelining: 1, warmupSeconds: warmup.durationSeconds, rounds: ROUNDS, sliceSeconds: slice.durationSeconds, extraSubscribers: SUBSCRIBERS, sessions: SESSIONS },
    throughput,
    storedSessions: sessions,
    mockBugs: bugs,
    valid: invalid.length === 0 && Object.values(bugs).every((b) => b.bugs === 0),
    wallSeconds: (Date.now() - started) / 1000,
    partSeconds: seconds,
  };
  mkdirSync(join(PROJECT_ROOT, "reports"), { recursive: true });
  writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `\nwrote reports/bench-scale.json (run took ${report.wallSeconds.toFixed(0)} s: part 1 ${seconds.throughput.toFixed(0)} s, part 2 ${seconds.sessions.toFixed(0)} s)`,
  );
  for (const [id, b] of Object.entries(bugs)) if (b.bugs > 0) console.log(`  !! ${id} reported ${b.bugs} mock bug(s), first: ${b.firstBug}`);
  if (!report.valid) {
    for (const r of invalid) console.log(`  !! ${r.id}: ${r.unexpected} answers were not ${r.expectedStatus} (or socket errors)`);
    console.log("INVALID RUN: some answers were not the expected status; these figures do not measure the mock's normal path");
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
