/**
 * State of the mock operator. The interface is asynchronous so that a shared implementation (Redis)
 * can replace the in-memory one without touching the domain code. Lookups by id and by index key are
 * O(1); nothing on the request path scans a collection.
 */
export interface Store {
  get<T>(collection: string, id: string): Promise<T | undefined>;
  put<T>(collection: string, id: string, value: T): Promise<void>;
  delete(collection: string, id: string): Promise<boolean>;
  /** every value of a collection (control plane and tests only: O(n)) */
  values<T>(collection: string): Promise<T[]>;
  /** secondary index: key -> set of ids */
  indexAdd(index: string, key: string, id: string): Promise<void>;
  indexRemove(index: string, key: string, id: string): Promise<void>;
  indexGet(index: string, key: string): Promise<string[]>;
  clear(): Promise<void>;
  /**
   * The value at once, without a promise: only a store that holds its state in this process (memory)
   * has it; the request path uses it where it can, and the async `get` otherwise.
   */
  peek?<T>(collection: string, id: string): T | undefined;
  /** the ids under an index key at once (never to be changed by the caller); only where `peek` is */
  peekIndex?(index: string, key: string): Iterable<string> | undefined;
  /** whether `id` is under the index key, at once; only where `peek` is */
  peekIndexHas?(index: string, key: string, id: string): boolean;
}

const DONE: Promise<void> = Promise.resolve();

export class MemoryStore implements Store {
  private readonly collections = new Map<string, Map<string, unknown>>();
  /**
   * index -> key -> its ids: one id as the string itself (most keys have one: a subscriber's one
   * session), several as a Set, which costs about 130 bytes more per key
   */
  private readonly indexes = new Map<string, Map<string, string | Set<string>>>();

  private collection(name: string): Map<string, unknown> {
    let c = this.collections.get(name);
    if (!c) this.collections.set(name, (c = new Map()));
    return c;
  }

  private index(name: string): Map<string, string | Set<string>> {
    let i = this.indexes.get(name);
    if (!i) this.indexes.set(name, (i = new Map()));
    return i;
  }

  // the work is done at once: the promises are only the interface's (put, indexAdd and indexRemove
  // return one already settled promise, shared, so that those writes allocate none)
  get<T>(collection: string, id: string): Promise<T | undefined> {
    return Promise.resolve(this.collections.get(collection)?.get(id) as T | undefined);
  }

  peek<T>(collection: string, id: string): T | undefined {
    return this.collections.get(collection)?.get(id) as T | undefined;
  }

  peekIndex(index: string, key: string): Iterable<string> | undefined {
    const ids = this.indexes.get(index)?.get(key);
    return typeof ids === "string" ? [ids] : ids;
  }

  peekIndexHas(index: string, key: string, id: string): boolean {
    const ids = this.indexes.get(index)?.get(key);
    return ids === id || (typeof ids === "object" && ids.has(id));
  }

  put<T>(collection: string, id: string, value: T): Promise<void> {
    this.collection(collection).set(id, value);
    return DONE;
  }

  async delete(collection: string, id: string): Promise<boolean> {
    return this.collection(collection).delete(id);
  }

  async values<T>(collection: string): Promise<T[]> {
    return [...this.collection(collection).values()] as T[];
  }

  indexAdd(index: string, key: string, id: string): Promise<void> {
    const i = this.index(index);
    const ids = i.get(key);
    if (ids === undefined) i.set(key, id);
    else if (typeof ids === "object") ids.add(id);
    else if (ids !== id) i.set(key, new Set([ids, id]));
    return DONE;
  }

  indexRemove(index: string, key: string, id: string): Promise<void> {
    const i = this.index(index);
    const ids = i.get(key);
    if (ids === id) i.delete(key);
    else if (typeof ids === "object" && ids.delete(id)) {
      // back to the plain id when one is left
      if (ids.size === 0) i.delete(key);
      else if (ids.size === 1) i.set(key, ids.values().next().value!);
    }
    return DONE;
  }

  async indexGet(index: string, key: string): Promise<string[]> {
    const ids = this.index(index).get(key);
    return ids === undefined ? [] : typeof ids === "string" ? [ids] : [...ids];
  }

  async clear(): Promise<void> {
    this.collections.clear();
    this.indexes.clear();
  }

  /** Everything held, as one deterministic text (tests and the fuzz run compare state before and after a request). */
  snapshot(): string {
    const sorted = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify({
      // empty collections and indexes are created by lookups: they hold nothing
      collections: sorted(this.collections).filter(([, c]) => c.size > 0).map(([name, c]) => [name, sorted(c)]),
      indexes: sorted(this.indexes).filter(([, i]) => i.size > 0).map(([name, i]) => [name, sorted(i).map(([k, ids]) => [k, typeof ids === "string" ? [ids] : [...ids].sort()])]),
    });
  }
}
