/**
 * A world on Redis: every key under `camara-harness:<workspace>:`, so several worlds (workspaces) and
 * several mocks can share one Redis. See ../world.ts.
 */
import type { ClockOptions, World } from "../world.ts";
import { connectRedis, KEY_ROOT, redactRedisUrl } from "./connect.ts";
import { MAX_EVENTS } from "../notifications.ts";
import { RedisClock } from "./redis-clock.ts";
import { redisExpiring } from "./redis-expiring.ts";
import { RedisDeliveryLog, RedisSinkBox } from "./redis-logs.ts";
import { RedisStore, deleteByPrefix } from "./redis-store.ts";

export interface RedisWorldOptions {
  workspace?: string;
  clock?: ClockOptions & { pollMs?: number; leaseMs?: number };
  onError?: (message: string) => void;
  /** bounds of the shared built-in sinks (the mock passes its MAX_SINKS / MAX_PER_SINK) */
  sinkLimits?: { maxSinks: number; maxPerSink: number };
}

/** Every key of a workspace starts with this. */
function workspacePrefix(workspace: string): string {
  return `${KEY_ROOT}:${workspace}:`;
}

export async function redisWorld(url: string, options: RedisWorldOptions = {}): Promise<World> {
  const redis = await connectRedis(url);
  const prefix = workspacePrefix(options.workspace ?? "default");
  const clock = await RedisClock.create(redis, prefix, { ...options.clock, onError: options.onError });
  return {
    store: new RedisStore(redis, prefix),
    clock,
    expiring: redisExpiring(redis, prefix),
    shared: {
      deliveries: new RedisDeliveryLog(redis, prefix, MAX_EVENTS),
      sinks: new RedisSinkBox(redis, prefix, options.sinkLimits ?? { maxSinks: 256, maxPerSink: 100 }),
    },
    async agree(name, propose) {
      const key = `${prefix}agreed:${name}`;
      const existing = await redis.get(key);
      if (existing !== null) return existing;
      await redis.set(key, await propose(), "NX");
      return (await redis.get(key))!;
    },
    async count(key, ttlMs) {
      const k = `${prefix}count:${key}`;
      const replies = (await redis.multi().set(k, "0", "PX", ttlMs, "NX").incr(k).exec()) as [unknown, [unknown, number]];
      return replies[1][1];
    },
    async clearCounters() {
      await deleteByPrefix(redis, `${prefix}count:`);
    },
    description: `${redactRedisUrl(url)} (shared; workspace ${options.workspace ?? "default"})`,
    async close() {
      clock.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * Erases a workspace for every replica: every key under its prefix. Other replicas that hold the
 * workspace open keep what they cached in memory (the agreed token key) until they drop it.
 * True when the workspace had any state.
 */
export async function eraseRedisWorkspace(url: string, workspace: string): Promise<boolean> {
  const redis = await connectRedis(url);
  try {
    return (await deleteByPrefix(redis, workspacePrefix(workspace))) > 0;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
