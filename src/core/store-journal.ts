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
 * Which journal a write belongs to:
 *  - "solo": over a store in this process (memory), an operation whose handler never waits for real
 *    I/O runs from its first to its last line within one turn of the event loop, before any timer,
 *    socket or other request's callback can run. It needs no AsyncLocalStorage: the journal of the
 *    one solo request in flight is simply the current one ("solo" below), and a write made outside
 *    every AsyncLocalStorage context belongs to it.
 *  - AsyncLocalStorage: everything else (a Redis store, whose every call is I/O; an operation seen to
 *    wait for I/O, e.g. a notification's first delivery; a journaled request that starts while a solo
 *    one is still open). Node 20 tracks promises through async hooks while it is enabled, which costs
 *    every promise of the process, so it is enabled only while such a request is in flight.
 * Each run checks, once the event loop's current turn is over (after every microtask of the turn;
 * see checkAfterTurn), whether its handler has settled. A run still pending then waits for I/O: its
 * operation runs under AsyncLocalStorage from then on, and a solo journal stops taking writes at
 * once (foreign callbacks may run now; that one request's later writes are then not undone). An
 * operation runs solo only after CALM_RUNS runs that all settled within their turn. Work that may
 * share a turn with a solo run and is not its own runs `apart`: the mock runs a request that starts
 * while another is in flight that way (src/mock/app.ts), so that its writes (a due task it runs, a
 * read forgetting a stale record) are never taken for the solo run's, and it never runs solo itself.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Store } from "./store.ts";

type Undo = () => Promise<unknown>;

interface Journal {
  undo: Undo[];
  open: boolean;
}

/** the context of work run apart: a journal that takes no writes */
const APART: Journal = { undo: [], open: false };

/** one call of atomically */
interface Run {
  journal: Journal;
  operation: object | undefined;
  settled: boolean;
  /** still pending when its turn was over */
  waited: boolean;
}

/** runs under AsyncLocalStorage, each settled within its turn, before an operation may run solo */
export const CALM_RUNS = 8;

export class JournaledStore implements Store {
  private readonly current = new AsyncLocalStorage<Journal>();
  /** journaled calls in flight under the AsyncLocalStorage: it is disabled when none is */
  private alsInFlight = 0;
  /** the journal of the solo run in flight, if any (at most one) */
  private solo: Journal | undefined;
  /** operations seen to wait for I/O inside their run: never solo */
  private readonly waiting = new WeakSet<object>();
  /** runs of an operation that settled within their turn, counted up to CALM_RUNS */
  private readonly calm = new WeakMap<object, number>();
  /** how many runs went each way so far (read by the tests) */
  readonly runs = { solo: 0, asyncLocal: 0 };
  /** the runs started in the current turn of the event loop, checked once it is over */
  private thisTurn: Run[] = [];

  /** reads need no journal: the inner store's synchronous reads, when it has them */
  readonly peek?: <T>(collection: string, id: string) => T | undefined;
  readonly peekIndex?: (index: string, key: string) => Iterable<string> | undefined;

  constructor(readonly inner: Store) {
    if (inner.peek) this.peek = inner.peek.bind(inner);
    if (inner.peekIndex) this.peekIndex = inner.peekIndex.bind(inner);
  }

  /**
   * Runs `fn` with its writes journaled; keeps them when `fn` returns a value `keep` accepts, undoes
   * them (newest first) when it throws or `keep` refuses. `operation` names what runs (the mock's
   * served operation), so that an operation that never waits for I/O can run solo; without it the
   * run is under AsyncLocalStorage.
   */
  async atomically<T>(fn: () => Promise<T>, keep: (value: T) => boolean, operation?: object): Promise<T> {
    const journal: Journal = { undo: [], open: true };
    const run: Run = { journal, operation, settled: false, waited: false };
    // no solo run inside another run's AsyncLocalStorage context: its writes would be taken as that run's
    const solo = operation !== undefined && this.solo === undefined && this.runsSolo(operation) && (this.alsInFlight === 0 || this.current.getStore() === undefined);
    // what could run solo is watched (over a store without peek nothing can)
    if (operation !== undefined && this.inner.peek) this.checkAfterTurn(run);
    if (solo) {
      this.solo = journal;
      this.runs.solo++;
    } else {
      this.alsInFlight++;
      this.runs.asyncLocal++;
    }
    try {
      let value: T;
      try {
        value = solo ? await fn() : await this.current.run(journal, fn);
      } catch (error) {
        await this.rollback(journal);
        throw error;
      }
      if (keep(value)) journal.open = false;
      else await this.rollback(journal);
      return value;
    } finally {
      run.settled = true;
      journal.open = false;
      if (operation && this.inner.peek && !run.waited) {
        const calm = this.calm.get(operation) ?? 0;
        if (calm < CALM_RUNS) this.calm.set(operation, calm + 1);
      }
      if (solo) {
        if (this.solo === journal) this.solo = undefined;
      } else if (--this.alsInFlight === 0) {
        // the last one out: no promise of the process pays for the storage any more
        this.current.disable();
      }
    }
  }

  /**
   * Runs `fn` in a context of its own (AsyncLocalStorage, no journal): its writes outside its own
   * atomically runs are journaled nowhere, in particular never taken for a solo run's, and its
   * atomically runs are never solo.
   */
  async apart<T>(fn: () => Promise<T>): Promise<T> {
    this.alsInFlight++;
    try {
      return await this.current.run(APART, fn);
    } finally {
      if (--this.alsInFlight === 0) this.current.disable();
    }
  }

  /**
   * Looks at `run` once every microtask of the current turn has run: one check for all the runs a
   * turn starts. Called from a callback (an 'end' event), a nextTick runs before the turn's
   * microtasks, and a nextTick queued from it too; a microtask queued from it runs among them, and a
   * nextTick queued from that microtask only once they are all done.
   */
  private checkAfterTurn(run: Run): void {
    this.thisTurn.push(run);
    if (this.thisTurn.length === 1) process.nextTick(this.afterFirstTick);
  }

  private readonly afterFirstTick = () => queueMicrotask(this.afterMicrotask);

  /**
   * The runs started so far are checked once this drain of microtasks is over. A run started after
   * this point (in a nextTick a microtask queued, say) starts a check of its own: it must not be
   * judged before its own microtasks ran.
   */
  private readonly afterMicrotask = () => {
    const runs = this.thisTurn;
    this.thisTurn = [];
    process.nextTick(() => this.afterTurn(runs));
  };

  private afterTurn(runs: Run[]): void {
    for (const run of runs) {
      if (run.settled) continue;
      // still pending once the turn is over: it waits for I/O, and foreign callbacks may run now
      run.waited = true;
      if (run.operation) this.waiting.add(run.operation);
      if (this.solo === run.journal) this.solo = undefined;
    }
  }

  /** whether the next run of `operation` may run solo (without AsyncLocalStorage), if none is in flight */
  runsSolo(operation: object): boolean {
    return this.inner.peek !== undefined && !this.waiting.has(operation) && (this.calm.get(operation) ?? 0) >= CALM_RUNS;
  }

  private async rollback(journal: Journal): Promise<void> {
    journal.open = false; // tasks and timers that inherited this context record nothing more
    for (const undo of journal.undo.reverse()) await undo();
    journal.undo.length = 0;
  }

  /** the journal a write belongs to: its AsyncLocalStorage context's, else the solo run's */
  private journal(): Journal | undefined {
    const j = (this.alsInFlight > 0 ? this.current.getStore() : undefined) ?? this.solo;
    return j?.open ? j : undefined;
  }

  get<T>(collection: string, id: string): Promise<T | undefined> {
    return this.inner.get<T>(collection, id);
  }

  put<T>(collection: string, id: string, value: T): Promise<void> {
    const j = this.journal();
    if (!j) return this.inner.put(collection, id, value);
    if (!this.inner.peek) return this.putJournaled(j, collection, id, value);
    this.recordPut(j, collection, id, this.inner.peek<T>(collection, id));
    return this.inner.put(collection, id, value);
  }

  private async putJournaled<T>(j: Journal, collection: string, id: string, value: T): Promise<void> {
    this.recordPut(j, collection, id, await this.inner.get<T>(collection, id));
    await this.inner.put(collection, id, value);
  }

  private recordPut<T>(j: Journal, collection: string, id: string, before: T | undefined): void {
    j.undo.push(() => (before === undefined ? this.inner.delete(collection, id) : this.inner.put(collection, id, before)));
  }

  async delete(collection: string, id: string): Promise<boolean> {
    const j = this.journal();
    if (j) {
      const before = this.inner.peek ? this.inner.peek(collection, id) : await this.inner.get(collection, id);
      if (before !== undefined) j.undo.push(() => this.inner.put(collection, id, before));
    }
    return this.inner.delete(collection, id);
  }

  values<T>(collection: string): Promise<T[]> {
    return this.inner.values<T>(collection);
  }

  indexAdd(index: string, key: string, id: string): Promise<void> {
    const j = this.journal();
    if (!j) return this.inner.indexAdd(index, key, id);
    const had = this.indexHas(index, key, id);
    if (typeof had !== "boolean") return had.then((known) => this.indexAddJournaled(j, known, index, key, id));
    return this.indexAddJournaled(j, had, index, key, id);
  }

  private indexAddJournaled(j: Journal, had: boolean, index: string, key: string, id: string): Promise<void> {
    if (!had) j.undo.push(() => this.inner.indexRemove(index, key, id));
    return this.inner.indexAdd(index, key, id);
  }

  async indexRemove(index: string, key: string, id: string): Promise<void> {
    const j = this.journal();
    if (j && (await this.indexHas(index, key, id))) j.undo.push(() => this.inner.indexAdd(index, key, id));
    await this.inner.indexRemove(index, key, id);
  }

  private indexHas(index: string, key: string, id: string): boolean | Promise<boolean> {
    if (this.inner.peekIndexHas) return this.inner.peekIndexHas(index, key, id);
    return this.inner.indexGet(index, key).then((ids) => ids.includes(id));
  }

  indexGet(index: string, key: string): Promise<string[]> {
    return this.inner.indexGet(index, key);
  }

  clear(): Promise<void> {
    return this.inner.clear();
  }
}
