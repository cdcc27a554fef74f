/**
 * The Store on Redis, shared by every replica of a mock: a collection is a hash (id -> JSON), an index
 * entry a set. Lookups by id and by index key stay O(1) round trips; values() (control plane, tests)
 * is one HVALS. clear() removes this world's keys only (its prefix), by SCAN, never KEYS.
 */
import type { Redis } from "ioredis";
import type { Store } from "../store.ts";

export class RedisStore implements Store {
  /** `prefix` ends with ":" and names one world (workspace) */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private c(collection: string): string {
    return `${this.prefix}c:${collection}`;
  }

  private i(index: string, key: string): string {
    return `${this.prefix}i:${index}:${key}`;
  }

  async get<T>(collection: string, id: string): Promise<T | undefined> {
    const text = await this.redis.hget(this.c(collection), id);
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  async put<T>(collection: string, id: string, value: T): Promise<void> {
    // undefined is not JSON: a Store holding `undefined` answers as if nothing were there
    if (value === undefined) await this.redis.hdel(this.c(collection), id);
    else await this.redis.hset(this.c(collection), id, JSON.stringify(value));
  }

  async delete(collection: string, id: string): Promise<boolean> {
    return (await this.redis.hdel(this.c(collection), id)) > 0;
  }

  async values<T>(collection: string): Promise<T[]> {
    return (await this.redis.hvals(this.c(collection))).map((text) => JSON.parse(text) as T);
  }

  async indexAdd(index: string, key: string, id: string): Promise<void> {
    await this.redis.sadd(this.i(index, key), id);
  }

  async indexRemove(index: string, key: string, id: string): Promise<void> {
    await this.redis.srem(this.i(index, key), id);
  }

  async indexGet(index: string, key: string): Promise<string[]> {
    return this.redis.smembers(this.i(index, key));
  }

  async clear(): Promise<void> {
    await deleteByPrefix(this.redis, `${this.prefix}c:`);
    await deleteByPrefix(this.redis, `${this.prefix}i:`);
  }
}

/** Deletes every key starting with `prefix` (SCAN in batches, UNLINK). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
  let cursor = "0";
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.unlink(...keys);
  } while (cursor !== "0");
  return removed;
}
