/**
 * Stored QoD sessions for the scale benchmark (bench/scale.ts): N session records written the way the
 * mock writes them (src/apis/shared/qod-sessions.ts, create then activation: the `qod.sessions`
 * collection holds the record under its id, the `qod.sessions.by-subscriber` index maps the subscriber
 * to the id), through the real Store classes, so the memory and Redis layouts are the mock's own:
 *  - memory: a MemoryStore filled in the target process before the mock starts on it; heapUsed and RSS
 *    are read after a full GC before and after, and the delta divided by N;
 *  - Redis: the same records in RedisStore's key layout, written by a server-side batch script
 *    (pipelined EVALSHA) and read back through RedisStore; `INFO memory` used_memory before and after.
 * Not included: the tasks a live session has on the clock's schedule (settle, expiry, retention).
 * The collection and index names are the QoD module's private constants, repeated here; the benchmark
 * reads one preloaded session back over HTTP (expects 200), so a drift fails the run.
 */
import { randomUUID } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Redis } from "ioredis";
import { KEY_ROOT } from "../src/core/redis/connect.ts";
import { RedisStore } from "../src/core/redis/redis-store.ts";
import { MemoryStore, type Store } from "../src/core/store.ts";

const SESSIONS = "qod.sessions";
const BY_SUBSCRIBER = "qod.sessions.by-subscriber";
/** the client the benchmark's token is issued to (data/testdata.yaml) */
const CLIENT_ID = "demo-app";

export interface PreloadFigures {
  sessions: number;
  seconds: number;
  /** a preloaded session's id (readable with a demo-app token) */
  sampleSessionId?: string;
  /** memory store: process.memoryUsage() after a full GC, before and after; Redis: INFO memory used_memory */
  bytesBefore: number;
  bytesAfter: number;
  bytesPerSession: number;
  /** memory store only: RSS before and after */
  rssBefore?: number;
  rssAfter?: number;
  rssPerSession?: number;
}

/** Session i as QodSessions.create + activation leave it (same properties, undefined ones included). */
function sessionRecord(i: number, now: number) {
  const phoneNumber = `+3470${String(i).padStart(7, "0")}`;
  return {
    sessionId: randomUUID(),
    clientId: CLIENT_ID,
    subscriberId: `scale-${i}`,
    device: { phoneNumber },
    applicationServer: { ipv4Address: "198.51.100.1" },
    devicePorts: undefined,
    applicationServerPorts: undefined,
    qosProfile: "QOS_E",
    sink: undefined,
    sinkCredential: undefined,
    duration: 3600,
    qosStatus: "AVAILABLE",
    origin: "http://127.0.0.1:4010",
    startedAt: now,
    expiresAt: now + 3_600_000,
  };
}

/** Writes `n` sessions through the Store interface, as QodSessions.create does. */
async function fill(store: Store, n: number): Promise<string | undefined> {
  const now = Date.now();
  let sample: string | undefined;
  for (let i = 0; i < n; i++) {
    const s = sessionRecord(i, now);
    sample ??= s.sessionId;
    await store.put(SESSIONS, s.sessionId, s);
    await store.indexAdd(BY_SUBSCRIBER, s.subscriberId, s.sessionId);
  }
  return sample;
}

function fullGc(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/** A MemoryStore holding `n` sessions (to give createMock), with its cost measured in this process. */
export async function preloadMemoryStore(n: number): Promise<{ store: MemoryStore; figures: PreloadFigures }> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`preload: not a session count: ${n}`);
  const gc = fullGc();
  const store = new MemoryStore();
  await store.get(SESSIONS, "warm-up"); // the collection's Map exists before the baseline
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  const sampleSessionId = await fill(store, n);
  const seconds = (performance.now() - started) / 1000;
  gc();
  const after = process.memoryUsage();
  const per = (a: number, b: number) => (n > 0 ? (b - a) / n : 0);
  return {
    store,
    figures: {
      sessions: n,
      seconds,
      sampleSessionId,
      bytesBefore: before.heapUsed,
      bytesAfter: after.heapUsed,
      bytesPerSession: per(before.heapUsed, after.heapUsed),
      rssBefore: before.rss,
      rssAfter: after.rss,
      rssPerSession: per(before.rss, after.rss),
    },
  };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  const m = /^used_memory:(\d+)/m.exec(info);
  if (!m) throw new Error("INFO memory has no used_memory line");
  return Number(m[1]);
}

/**
 * Server-side batch: HSET of the records into the collection hash, one SADD per index key. Sent as one
 * EVALSHA per batch (keys in KEYS), several batches in flight: per-command client cost would otherwise
 * dominate a million-record preload on a busy machine.
 */
const BATCH_SCRIPT = `
local n = #KEYS - 1
for i = 1, n do
  redis.call('HSET', KEYS[1], ARGV[2 * i - 1], ARGV[2 * i])
  redis.call('SADD', KEYS[i + 1], ARGV[2 * i - 1])
end
return n`;
const BATCH = 1000;
const BATCHES_IN_FLIGHT = 8;

/**
 * Writes `n` sessions into a workspace of the (empty) Redis at `url`, in RedisStore's key layout
 * (src/core/redis/redis-store.ts: collection hash `<prefix>c:<collection>`, index set
 * `<prefix>i:<index>:<key>`, prefix `camara-harness:<workspace>:`), then reads one back through
 * RedisStore itself, so a layout drift fails here.
 */
export async function preloadRedis(url: string, n: number, workspace = "default"): Promise<PreloadFigures> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  const prefix = `${KEY_ROOT}:${workspace}:`;
  try {
    if ((await redis.dbsize()) !== 0) throw new Error(`preload: the Redis at ${url} is not empty`);
    const sha = (await redis.script("LOAD", BATCH_SCRIPT)) as string;
    const before = await usedMemory(redis);
    const started = performance.now();
    const now = Date.now();
    let sample: { sessionId: string; subscriberId: string } | undefined;
    const batch = (from: number) => {
      const keys = [`${prefix}c:${SESSIONS}`];
      const args: string[] = [];
      for (let i = from; i < Math.min(n, from + BATCH); i++) {
        const s = sessionRecord(i, now);
        sample ??= s;
        keys.push(`${prefix}i:${BY_SUBSCRIBER}:${s.subscriberId}`);
        args.push(s.sessionId, JSON.stringify(s));
      }
      return redis.evalsha(sha, keys.length, ...keys, ...args);
    };
    for (let from = 0; from < n; from += BATCH * BATCHES_IN_FLIGHT) {
      const inFlight: Promise<unknown>[] = [];
      for (let b = from; b < Math.min(n, from + BATCH * BATCHES_IN_FLIGHT); b += BATCH) inFlight.push(batch(b));
      await Promise.all(inFlight);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = await usedMemory(redis);
    const store = new RedisStore(redis, prefix);
    const stored = await redis.hlen(`${prefix}c:${SESSIONS}`);
    if (stored !== n) throw new Error(`preload: ${stored} sessions in Redis, expected ${n}`);
    if (sample) {
      const back = await store.get<{ sessionId: string }>(SESSIONS, sample.sessionId);
      const ids = await store.indexGet(BY_SUBSCRIBER, sample.subscriberId);
      if (back?.sessionId !== sample.sessionId || ids.join() !== sample.sessionId) throw new Error("preload: RedisStore does not read the preloaded layout back");
    }
    return { sessions: n, seconds, sampleSessionId: sample?.sessionId, bytesBefore: before, bytesAfter: after, bytesPerSession: n > 0 ? (after - before) / n : 0 };
  } finally {
    redis.disconnect();
  }
}
