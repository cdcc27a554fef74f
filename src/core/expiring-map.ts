/**
 * Short-lived flow state (CIBA requests, authorization codes, used assertion ids). In memory, entries
 * are swept from the oldest while they are past their expiry plus a grace period, so a sweep costs
 * O(expired) and a request never scans the live entries. The grace keeps an expired entry answerable
 * as "expired" (expired_token) for a while instead of "unknown". Replicas on Redis keep them there
 * (./redis/redis-expiring.ts): an auth_req_id issued by one replica is redeemed on another.
 */
export interface ExpiringEntries<V extends { expiresAt: number }> {
  get(key: string): Promise<V | undefined>;
  /** stores (or stores again, after a change) the entry; `now` is the virtual instant */
  set(key: string, value: V, now: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** gets and forgets in one step: what is redeemed once is redeemed once, on any replica */
  take(key: string): Promise<V | undefined>;
  clear(): Promise<void>;
}

/** Makes the entries of one kind of flow state (name: "ciba", "codes", …). */
export type ExpiringFactory = <V extends { expiresAt: number }>(name: string, graceMs: number) => ExpiringEntries<V>;

export const memoryExpiring: ExpiringFactory = (_name, graceMs) => new ExpiringMap(graceMs);

export class ExpiringMap<V extends { expiresAt: number }> implements ExpiringEntries<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly graceMs: number) {}

  async get(key: string): Promise<V | undefined> {
    return this.entries.get(key);
  }

  async set(key: string, value: V, now: number): Promise<void> {
    this.sweep(now);
    this.entries.delete(key); // stored again: it goes to the end, by its (new) age
    this.entries.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async take(key: string): Promise<V | undefined> {
    const value = this.entries.get(key);
    this.entries.delete(key);
    return value;
  }

  async clear(): Promise<void> {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Insertion order is (nearly) expiry order: stop at the first entry still worth keeping. */
  private sweep(now: number): void {
    for (const [key, value] of this.entries) {
      if (value.expiresAt + this.graceMs > now) return;
      this.entries.delete(key);
    }
  }
}
