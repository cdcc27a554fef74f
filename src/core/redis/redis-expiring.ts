/**
 * Flow state of the authorization server on Redis (see ../expiring-map.ts): one key per entry, which
 * Redis forgets some time after its virtual expiry plus grace (an hour of slack: virtual and real time
 * differ, and the callers check expiresAt on the virtual clock anyway).
 */
import type { Redis } from "ioredis";
import type { ExpiringEntries, ExpiringFactory } from "../expiring-map.ts";
import { deleteByPrefix } from "./redis-store.ts";

const SLACK_MS = 3_600_000;

export function redisExpiring(redis: Redis, prefix: string): ExpiringFactory {
  return <V extends { expiresAt: number }>(name: string, graceMs: number): ExpiringEntries<V> => {
    const base = `${prefix}flow:${name}:`;
    const parse = (text: string | null) => (text === null ? undefined : (JSON.parse(text) as V));
    return {
      get: async (key) => parse(await redis.get(base + key)),
      async set(key, value, now) {
        const ttl = Math.max(value.expiresAt + graceMs - now, 0) + SLACK_MS;
        await redis.set(base + key, JSON.stringify(value), "PX", Math.ceil(ttl));
      },
      async delete(key) {
        await redis.del(base + key);
      },
      async take(key) {
        const [[, text]] = (await redis.multi().get(base + key).del(base + key).exec()) as [[unknown, string | null], unknown];
        return parse(text);
      },
      async clear() {
        await deleteByPrefix(redis, base);
      },
    };
  };
}
