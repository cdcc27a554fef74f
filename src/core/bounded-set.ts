/**
 * A set that remembers at most `cap` values, forgetting the least recently added first: for what the
 * mock learns from requests (e.g. the origins it was reached at) so that a stream of distinct values
 * (a Host header per request) cannot grow its memory without bound (issue 12).
 */
export class BoundedSet<T> {
  private readonly items = new Set<T>();
  /** the value added last: adding it again changes nothing (the common case, once per request) */
  private newest: T | undefined;

  constructor(readonly cap: number) {}

  add(value: T): void {
    if (value === this.newest) return; // the newest is never the one evicted
    this.newest = value;
    if (this.items.has(value)) {
      this.items.delete(value); // refresh: the newest stays longest
    } else if (this.items.size >= this.cap) {
      this.items.delete(this.items.values().next().value as T);
    }
    this.items.add(value);
  }

  has(value: T): boolean {
    return this.items.has(value);
  }

  get size(): number {
    return this.items.size;
  }

  clear(): void {
    this.newest = undefined;
    this.items.clear();
  }
}
