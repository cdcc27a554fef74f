/**
 * The scale benchmark's contenders (bench/scale.ts): one or more server processes (bench/target.ts)
 * and, for the Redis ones, the redis-server they share, measured, paused and resumed as one. Every mock
 * runs as `NODE_ENV=production` does (no response validation). Before a contender is measured it must
 * show that it is what it claims: a session created on the first replica is read back (200) on every
 * replica, and a preloaded session is read back, so a broken store layout fails the run at start.
 */
import { type Contender, createSession, getToken, SESSIONS_PATH } from "./scenarios.ts";
import type { PreloadFigures } from "./scale-preload.ts";
import { preloadRedis } from "./scale-preload.ts";
import { type RedisProcess, startRedisServer } from "./scale-redis.ts";
import { startTarget, type Target } from "./targets.ts";

const PRODUCTION = { NODE_ENV: "production" };

export interface ScaleContender extends Contender {
  id: string;
  /** every process serving this contender; the load is split evenly across them */
  targets: Target[];
  redis?: RedisProcess;
  preload?: PreloadFigures;
  pause(): void;
  resume(): void;
  /** CPU time of every process of the contender (replicas + Redis), µs */
  cpuMicros(): Promise<number>;
  /** commands its Redis has processed so far (0 without Redis) */
  redisCommands(): Promise<number>;
  stop(): Promise<{ bugs: number; firstBug?: string }>;
}

function group(
  id: string,
  label: string,
  targets: Target[],
  redis: RedisProcess | undefined,
  fields: Pick<Contender, "token" | "sessionId" | "devices"> & { preload?: PreloadFigures },
): ScaleContender {
  return {
    id,
    label,
    target: targets[0],
    targets,
    redis,
    nextDevice: 0,
    ...fields,
    // replicas stop before their Redis and wake after it, so none waits on a stopped server
    pause() {
      for (const t of targets) t.pause();
      redis?.pause();
    },
    resume() {
      redis?.resume();
      for (const t of targets) t.resume();
    },
    async cpuMicros() {
      let sum = redis ? redis.cpuMicros() : 0;
      for (const t of targets) sum += await t.cpuMicros();
      return sum;
    },
    redisCommands: async () => (redis ? redis.commands() : 0),
    async stop() {
      let bugs = 0;
      let firstBug: string | undefined;
      redis?.resume();
      for (const t of targets) {
        const b = await t.stop();
        bugs += b.bugs;
        firstBug ??= b.firstBug;
      }
      redis?.stop();
      return { bugs, firstBug };
    },
  };
}

async function expectReadable(url: string, token: string, sessionId: string, what: string): Promise<void> {
  const res = await fetch(`${url}${SESSIONS_PATH}/${sessionId}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${what}: GET ${SESSIONS_PATH}/${sessionId} at ${url} answered ${res.status}: ${await res.text()}`);
}

export async function startBareContender(devices: number): Promise<ScaleContender> {
  const target = await startTarget(["bare"]);
  // the bare server ignores the token and the id; the request line is the mock's
  return group("bare", "bare node:http", [target], undefined, { token: "bare", sessionId: "3fa85f64-5717-4562-b3fc-2c963f66afa6", devices });
}

/** One replica with the in-memory store, optionally filled with `preload` sessions before it starts. */
export async function startMemoryContender(id: string, label: string, devices: number, preload?: number): Promise<ScaleContender> {
  const args = ["mock", "false", String(devices), "memory", ...(preload === undefined ? [] : [String(preload)])];
  const target = await startTarget(args, { env: PRODUCTION });
  const token = await getToken(target.url);
  const sessionId = await createSession(target.url, token, "+34600000001");
  if (target.preload?.sampleSessionId) await expectReadable(target.url, token, target.preload.sampleSessionId, `${id} preloaded session`);
  return group(id, label, [target], undefined, { token, sessionId, devices, preload: target.preload });
}

/** `replicas` mock processes on one fresh redis-server of their own, optionally preloaded first. */
export async function startRedisContender(id: string, label: string, replicas: number, devices: number, preload?: number): Promise<ScaleContender> {
  const redis = await startRedisServer();
  try {
    const figures = preload === undefined ? undefined : await preloadRedis(redis.url, preload);
    const targets: Target[] = [];
    for (let i = 0; i < replicas; i++) targets.push(await startTarget(["mock", "false", String(devices), redis.url], { env: PRODUCTION }));
    const token = await getToken(targets[0].url);
    const sessionId = await createSession(targets[0].url, token, "+34600000001");
    for (const t of targets) {
      await expectReadable(t.url, token, sessionId, `${id}: the session created on replica 1`);
      if (figures?.sampleSessionId) await expectReadable(t.url, token, figures.sampleSessionId, `${id} preloaded session`);
    }
    return group(id, label, targets, redis, { token, sessionId, devices, preload: figures });
  } catch (error) {
    redis.stop();
    throw error;
  }
}
