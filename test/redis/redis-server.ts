/**
 * A real Redis for the tests: $CAMARA_HARNESS_TEST_REDIS (a redis:// URL) when set, else a
 * `redis-server` started on a free port for this file (Debian's redis-server, as `.ci/run` installs).
 * Neither available: `reason` says why, and the tests skip with it printed.
 */
import { redisServerInstalled, spawnRedisServer } from "../support/redis-process.ts";
import { Redis } from "ioredis";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

export const REDIS_UNAVAILABLE: string | undefined = (() => {
  if (process.env.CAMARA_HARNESS_TEST_REDIS) return undefined;
  return !redisServerInstalled() ? "no Redis: set CAMARA_HARNESS_TEST_REDIS=redis://… or install redis-server (apt-get install -y redis-server)" : undefined;
})();
if (REDIS_UNAVAILABLE) console.warn(`[skip] Redis tests: ${REDIS_UNAVAILABLE}`);

export async function startRedis(): Promise<TestRedis> {
  const given = process.env.CAMARA_HARNESS_TEST_REDIS;
  if (given) return { url: given, stop: async () => {} };
  const { child, url, client } = await spawnRedisServer();
  client.disconnect();
  return { url, stop: async () => void child.kill("SIGKILL") };
}

/** A connection of the test's own, to look at or clean the keys. */
export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}
