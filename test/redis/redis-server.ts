/**
 * A real Redis for the tests: $CAMARA_HARNESS_TEST_REDIS (a redis:// URL) when set, else a
 * `redis-server` started on a free port for this file (Debian's redis-server, as `.ci/run` installs).
 * Neither available: `reason` says why, and the tests skip with it printed.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { freePort } from "../support/processes.ts";
import { Redis } from "ioredis";

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

export const REDIS_UNAVAILABLE: string | undefined = (() => {
  if (process.env.CAMARA_HARNESS_TEST_REDIS) return undefined;
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  return probe.error ? "no Redis: set CAMARA_HARNESS_TEST_REDIS=redis://… or install redis-server (apt-get install -y redis-server)" : undefined;
})();
if (REDIS_UNAVAILABLE) console.warn(`[skip] Redis tests: ${REDIS_UNAVAILABLE}`);

export async function startRedis(): Promise<TestRedis> {
  const given = process.env.CAMARA_HARNESS_TEST_REDIS;
  if (given) return { url: given, stop: async () => {} };
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return {
        url,
        stop: async () => {
          child.kill("SIGKILL");
        },
      };
    } catch {
      probe.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server on port ${port} did not answer within 5 s`);
}

/** A connection of the test's own, to look at or clean the keys. */
export function redisClient(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}
