/**
 * Short-lived flow state (CIBA requests, authorization codes) held in memory. Entries are swept
 * from the oldest while they are past their expiry plus a grace period, so a sweep costs O(expired)
 * and a request never scans the live entries. The grace keeps an expired entry answerable as
 * "expired" (expired_token) for a while instead of "unknown".
 */
export class ExpiringMap<V extends { expiresAt: number }> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly graceMs: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V, now: number): void {
    this.sweep(now);
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
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
