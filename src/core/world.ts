/**
 * Where one world of the mock keeps what must be the same for every replica serving it: its state
 * (Store), its clock and schedule (WorldClock), the values the replicas agree on at start-up (the token
 * signing key) and its counters (rate limits). In one process everything is in memory; with
 * `--store redis://…` (./redis/redis-world.ts) everything is on Redis and replicas behave as one operator.
 */
import { VirtualClock, type WorldClock } from "./clock.ts";
import type { ExpiringFactory } from "./expiring-map.ts";
import type { DeliveryLog } from "./notifications.ts";
import { MemoryStore, type Store } from "./store.ts";

/** Built-in sink contents kept outside the process (replicas): newest entries per sink name. */
export interface SharedSinkBox {
  record(name: string, entry: { body: unknown }, size: number): Promise<void>;
  entries(name: string): Promise<unknown[]>;
  clear(): Promise<void>;
}

export interface World {
  store: Store;
  clock: WorldClock;
  /** the value under `name`: the first replica's proposal, for every replica */
  agree(name: string, propose: () => Promise<string>): Promise<string>;
  /** adds one to the counter `key` (created for `ttlMs`) and returns its value (at once in memory) */
  count(key: string, ttlMs: number): number | Promise<number>;
  /** forgets every counter (reset) */
  clearCounters(): Promise<void>;
  /** where the authorization server's short-lived flow state lives (default: in memory) */
  expiring?: ExpiringFactory;
  /** replicas only: the delivery log and sink contents the control plane shows, shared by all */
  shared?: { deliveries: DeliveryLog; sinks: SharedSinkBox };
  /** for banners: "in memory" or the redacted Redis URL */
  readonly description: string;
  close(): Promise<void>;
}

export interface ClockOptions {
  start?: number;
  frozen?: boolean;
}

export function memoryWorld(options: { store?: Store; clock?: WorldClock; clockOptions?: ClockOptions } = {}): World {
  const agreed = new Map<string, Promise<string>>();
  const counters = new Map<string, { until: number; value: number }>();
  const clock = options.clock ?? new VirtualClock(options.clockOptions);
  return {
    store: options.store ?? new MemoryStore(),
    clock,
    agree(name, propose) {
      let value = agreed.get(name);
      if (!value) agreed.set(name, (value = propose()));
      return value;
    },
    count(key, ttlMs) {
      const now = Date.now();
      let c = counters.get(key);
      if (!c || c.until <= now) {
        // windows are short: drop the ended ones while they are few, so the map stays bounded
        if (counters.size > 10_000) for (const [k, v] of counters) if (v.until <= now) counters.delete(k);
        counters.set(key, (c = { until: now + ttlMs, value: 0 }));
      }
      return ++c.value;
    },
    async clearCounters() {
      counters.clear();
    },
    description: "in memory",
    async close() {
      clock.stop();
    },
  };
}
