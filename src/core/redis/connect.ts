/**
 * One Redis connection for a mock replica (`camara-harness mock --store redis://host:port[/db]`),
 * through ioredis. A bad URL or an unreachable server is one clear error at start-up, never a hang:
 * the first connection is awaited with a short connect timeout. Later, while a lost connection is
 * re-established (up to 20 tries, at most 1 s apart), commands wait in the client's offline queue.
 */
import { Redis } from "ioredis";

/** Every key of the harness starts with this, then the workspace: `camara-harness:<workspace>:`. */
export const KEY_ROOT = "camara-harness";

export function isRedisUrl(value: string): boolean {
  return /^rediss?:\/\//i.test(value);
}

/** The URL without its password, for banners and errors. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "<redacted>";
    return u.toString();
  } catch {
    return "<unparseable redis URL>";
  }
}

export async function connectRedis(url: string): Promise<Redis> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--store ${redactRedisUrl(url)}: not a URL (expected redis://host:port[/db])`);
  }
  if (!isRedisUrl(url)) throw new Error(`--store ${redactRedisUrl(url)}: only redis:// and rediss:// stores exist (or leave --store out for the in-memory store)`);
  const db = parsed.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) throw new Error(`--store ${redactRedisUrl(url)}: the database must be a number, got "${db}"`);
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 2, enableOfflineQueue: true, retryStrategy: (n) => (n > 20 ? null : Math.min(n * 100, 1000)) });
  // connection errors surface through the failing command; the first one says why (ECONNREFUSED…)
  let reason: Error | undefined;
  redis.on("error", (error: Error) => (reason ??= error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`cannot reach Redis at ${redactRedisUrl(url)}: ${(reason ?? (error as Error)).message} (is redis-server running there?)`);
  }
  return redis;
}
