/**
 * "State is written only after the answer can be produced, or the write is undone" (issue 12): a
 * Store wrapper that journals the writes made inside `atomically(...)` (per request, through
 * AsyncLocalStorage, so concurrent requests never share a journal) and undoes them when the request
 * fails: an error thrown out of `atomically` (a crash) or an answer the caller refuses to keep (the
 * mock: any 5xx, e.g. response serialisation or validation failed).
 *
 * The journal restores what the store held before each write (absent ids are deleted again, index
 * entries removed or re-added). Values are restored by reference, as the store held them.
 *
 * AsyncLocalStorage makes every promise of the process dearer while it is enabled (Node 20 tracks
 * promises through async hooks), so it is enabled only while a journaled request is in flight and
 * disabled again when the last one ends: requests that are not journaled (the mock's GETs) then
 * cost nothing extra.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Store } from "./store.ts";

type Undo = () => Promise<unknown>;

interface Journal {
  undo: Undo[];
  open: boolean;
}

export class JournaledStore implements Store {
  private readonly current = new AsyncLocalStorage<Journal>();
  /** journaled calls in flight: the AsyncLocalStorage is disabled when none is */
  private inFlight = 0;

  constructor(readonly inner: Store) {}

  /**
   * Runs `fn` with its writes journaled; keeps them when `fn` returns a value `keep` accepts, undoes
   * them (newest first) when it throws or `keep` refuses.
   */
  async atomically<T>(fn: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    const journal: Journal = { undo: [], open: true };
    this.inFlight++;
    try {
      let value: T;
      try {
        value = await this.current.run(journal, fn);
      } catch (error) {
        await this.rollback(journal);
        throw error;
      }
      if (keep(value)) journal.open = false;
      else await this.rollback(journal);
      return value;
    } finally {
      journal.open = false;
      // the last journaled call out: no promise of the process pays for the storage any more
      if (--this.inFlight === 0) this.current.disable();
    }
  }

  private async rollback(journal: Journal): Promise<void> {
    journal.open = false; // tasks and timers that inherited this context record nothing more
    for (const undo of journal.undo.reverse()) await undo();
    journal.undo.length = 0;
  }

  private journal(): Journal | undefined {
    const j = this.current.getStore();
    return j?.open ? j : undefined;
  }

  get<T>(collection: string, id: string): Promise<T | undefined> {
    return this.inner.get<T>(collection, id);
  }

  async put<T>(collection: string, id: string, value: T): Promise<void> {
    const j = this.journal();
    if (j) {
      const before = await this.inner.get<T>(collection, id);
      j.undo.push(() => (before === undefined ? this.inner.delete(collection, id) : this.inner.put(collection, id, before)));
    }
    await this.inner.put(collection, id, value);
  }

  async delete(collection: string, id: string): Promise<boolean> {
    const j = this.journal();
    if (j) {
      const before = await this.inner.get(collection, id);
      if (before !== undefined) j.undo.push(() => this.inner.put(collection, id, before));
    }
    return this.inner.delete(collection, id);
  }

  values<T>(collection: string): Promise<T[]> {
    return this.inner.values<T>(collection);
  }

  async indexAdd(index: string, key: string, id: string): Promise<void> {
    const j = this.journal();
    if (j && !(await this.inner.indexGet(index, key)).includes(id)) j.undo.push(() => this.inner.indexRemove(index, key, id));
    await this.inner.indexAdd(index, key, id);
  }

  async indexRemove(index: string, key: string, id: string): Promise<void> {
    const j = this.journal();
    if (j && (await this.inner.indexGet(index, key)).includes(id)) j.undo.push(() => this.inner.indexAdd(index, key, id));
    await this.inner.indexRemove(index, key, id);
  }

  indexGet(index: string, key: string): Promise<string[]> {
    return this.inner.indexGet(index, key);
  }

  clear(): Promise<void> {
    return this.inner.clear();
  }
}
