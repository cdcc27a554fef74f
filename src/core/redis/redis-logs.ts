/**
 * What the control plane shows of a world, on Redis so that every replica shows the same: the delivery
 * log of notifications (`GET /_harness/events`, newest MAX records) and the built-in sinks
 * (`/_harness/sink/{name}`, newest MAX_PER_SINK per sink, at most MAX_SINKS sinks). Bounded like their
 * in-memory versions; a body over MAX_SHARED_BODY bytes is kept as a note of its size.
 */
import type { Redis } from "ioredis";
import type { DeliveryLog, DeliveryRecord } from "../notifications.ts";
import { deleteByPrefix } from "./redis-store.ts";

export const MAX_SHARED_BODY = 8 * 1024;

export class RedisDeliveryLog implements DeliveryLog {
  private readonly records: string;
  private readonly order: string;
  private readonly seq: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly max: number,
  ) {
    this.records = `${prefix}events:records`;
    this.order = `${prefix}events:order`;
    this.seq = `${prefix}events:seq`;
  }

  async add(record: DeliveryRecord): Promise<void> {
    const n = await this.redis.incr(this.seq);
    await this.redis.multi().hset(this.records, record.event.id, JSON.stringify(record)).zadd(this.order, n, record.event.id).exec();
    const excess = (await this.redis.zcard(this.order)) - this.max;
    if (excess > 0) {
      const old = await this.redis.zrange(this.order, 0, excess - 1);
      if (old.length > 0) await this.redis.multi().zrem(this.order, ...old).hdel(this.records, ...old).exec();
    }
  }

  async update(record: DeliveryRecord): Promise<void> {
    // a record evicted meanwhile stays evicted
    if (await this.redis.hexists(this.records, record.event.id)) await this.redis.hset(this.records, record.event.id, JSON.stringify(record));
  }

  async list(): Promise<DeliveryRecord[]> {
    const ids = await this.redis.zrange(this.order, 0, -1);
    if (ids.length === 0) return [];
    const texts = await this.redis.hmget(this.records, ...ids);
    return texts.filter((t): t is string => t !== null).map((t) => JSON.parse(t) as DeliveryRecord);
  }

  async clear(): Promise<void> {
    await this.redis.del(this.records, this.order, this.seq);
  }
}

export class RedisSinkBox<Entry extends { body: unknown }> {
  private readonly names: string;
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly limits: { maxSinks: number; maxPerSink: number },
  ) {
    this.prefix = `${prefix}sink:`;
    this.names = `${prefix}sinks`;
  }

  private list(name: string): string {
    return `${this.prefix}${name}`;
  }

  async record(name: string, entry: Entry, size: number): Promise<void> {
    const kept = size > MAX_SHARED_BODY ? { ...entry, body: `<a body of ${size} bytes, over the ${MAX_SHARED_BODY} bytes a shared sink keeps>` } : entry;
    const added = await this.redis.zadd(this.names, "NX", Date.now(), name);
    await this.redis.multi().rpush(this.list(name), JSON.stringify(kept)).ltrim(this.list(name), -this.limits.maxPerSink, -1).exec();
    if (added && (await this.redis.zcard(this.names)) > this.limits.maxSinks) {
      const [oldest] = await this.redis.zpopmin(this.names);
      if (oldest !== undefined && oldest !== name) await this.redis.del(this.list(oldest));
    }
  }

  async entries(name: string): Promise<Entry[]> {
    return (await this.redis.lrange(this.list(name), 0, -1)).map((t) => JSON.parse(t) as Entry);
  }

  async clear(): Promise<void> {
    await deleteByPrefix(this.redis, this.prefix);
    await this.redis.del(this.names);
  }
}
