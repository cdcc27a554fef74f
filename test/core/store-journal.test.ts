/**
 * The request journal's two ways of knowing which request a write belongs to (src/core/store-journal.ts):
 * solo runs (no AsyncLocalStorage) for operations that never wait for I/O, AsyncLocalStorage for the
 * rest. Either way a refused run leaves nothing behind and runs side by side keep their own writes.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { CALM_RUNS, JournaledStore } from "../../src/core/store-journal.ts";
import { MemoryStore } from "../../src/core/store.ts";

const keepAll = () => true;
const refuse = () => false;

/** A run's work: two writes with a microtask between them (where another run may interleave), then its answer. */
function twoWrites(store: JournaledStore, first: [string, number], second: [string, number], answer: string) {
  return async () => {
    await store.put("c", ...first);
    await Promise.resolve();
    await store.put("c", ...second);
    return answer;
  };
}

async function calm(store: JournaledStore, operation: object): Promise<void> {
  for (let i = 0; i < CALM_RUNS; i++) await store.atomically(async () => store.put("c", `calm-${i}`, i), keepAll, operation);
  await store.clear();
}

describe("the request journal", () => {
  it("an operation runs solo only after CALM_RUNS runs that settled within their turn, and never over a store without peek", async () => {
    const store = new JournaledStore(new MemoryStore());
    const op = {};
    expect(store.runsSolo(op)).toBe(false);
    await calm(store, op);
    expect(store.runsSolo(op)).toBe(true);

    /** a store with no synchronous read, like Redis */
    class SharedLike extends MemoryStore {}
    Object.defineProperty(SharedLike.prototype, "peek", { value: undefined });
    const shared = new JournaledStore(new SharedLike());
    await calm(shared, op);
    expect(shared.runsSolo(op)).toBe(false);
  });

  it("a run started from a callback (not from a microtask) that settles within its turn is not taken for one that waits", async () => {
    const store = new JournaledStore(new MemoryStore());
    const op = {};
    for (let i = 0; i < CALM_RUNS; i++) {
      // like the server: atomically called straight from an event callback, then a chain of microtasks
      await new Promise<void>((resolve, reject) =>
        setImmediate(() =>
          store
            .atomically(
              async () => {
                for (let k = 0; k < 5; k++) await store.put("c", `k-${k}`, k);
                return i;
              },
              keepAll,
              op,
            )
            .then(() => resolve(), reject),
        ),
      );
    }
    expect(store.runsSolo(op)).toBe(true);
  });

  it("a run started late in a turn (in a nextTick queued by a microtask) gets a check of its own, after its own microtasks", async () => {
    const store = new JournaledStore(new MemoryStore());
    const soloOp = {};
    const lateOp = {};
    await calm(store, soloOp);
    await calm(store, lateOp);
    let startLate!: (run: Promise<string>) => void;
    const late = new Promise<Promise<string>>((resolve) => (startLate = resolve));
    const first = new Promise<void>((resolve, reject) =>
      setImmediate(() =>
        store
          .atomically(
            async () => {
              await Promise.resolve();
              // a nextTick queued from this run's first microtask starts another run
              process.nextTick(() => {
                startLate(store.atomically(twoWrites(store, ["x1", 1], ["x2", 2], "late"), refuse, lateOp));
              });
              await store.put("c", "solo", 0);
              return "solo";
            },
            keepAll,
            soloOp,
          )
          .then(() => resolve(), reject),
      ),
    );
    await first;
    expect(await (await late)).toBe("late");
    expect(store.runsSolo(lateOp)).toBe(true);
    expect(await store.values("c")).toEqual([0]);
  });

  it("work run apart in the same turn as a solo run: its writes are not the solo run's, and its own runs are not solo", async () => {
    const store = new JournaledStore(new MemoryStore());
    const op = {};
    await calm(store, op);
    const runs = { ...store.runs };
    const solo = store.atomically(twoWrites(store, ["solo-1", 1], ["solo-2", 2], "solo"), refuse, op);
    // started while the solo run is open, like a second request in one turn
    const other = store.apart(async () => {
      await store.put("c", "due-task", 3); // outside any atomically run, like a due task of the clock
      return store.atomically(async () => store.put("c", "other", 4), keepAll, op);
    });
    await Promise.all([solo, other]);
    expect(store.runs).toEqual({ solo: runs.solo + 1, asyncLocal: runs.asyncLocal + 1 });
    expect(await store.values("c")).toEqual([3, 4]);
  });

  it("a solo run that is refused (or throws) is undone: puts, deletes and index entries", async () => {
    const store = new JournaledStore(new MemoryStore());
    const op = {};
    await calm(store, op);
    await store.put("c", "kept", "before");
    expect(store.runsSolo(op)).toBe(true);
    await store.atomically(
      async () => {
        await store.put("c", "new", 1);
        await store.put("c", "kept", "after");
        await store.indexAdd("i", "k", "new");
        await store.delete("c", "kept");
        return "answer";
      },
      refuse,
      op,
    );
    expect(await store.values("c")).toEqual(["before"]);
    expect(await store.indexGet("i", "k")).toEqual([]);
    await expect(
      store.atomically(
        async () => {
          await store.put("c", "crash", 1);
          throw new Error("crash");
        },
        keepAll,
        op,
      ),
    ).rejects.toThrow("crash");
    expect(await store.get("c", "crash")).toBeUndefined();
  });

  it("runs side by side in one turn keep their own writes: one solo, the other under AsyncLocalStorage", async () => {
    for (const refused of ["solo", "other"] as const) {
      const store = new JournaledStore(new MemoryStore());
      const soloOp = {};
      const otherOp = {};
      await calm(store, soloOp);
      await calm(store, otherOp);
      const run = (op: object, prefix: string, keep: () => boolean) =>
        store.atomically(
          async () => {
            for (let i = 0; i < 3; i++) {
              await store.put("c", `${prefix}-${i}`, i);
              await Promise.resolve(); // let the other run interleave
            }
            return prefix;
          },
          keep,
          op,
        );
      // both start in the same turn: the second finds the solo slot taken
      await Promise.all([run(soloOp, "solo", refused === "solo" ? refuse : keepAll), run(otherOp, "other", refused === "other" ? refuse : keepAll)]);
      const kept = refused === "solo" ? "other" : "solo";
      expect((await store.values<number>("c")).length).toBe(3);
      for (let i = 0; i < 3; i++) expect(await store.get("c", `${kept}-${i}`)).toBe(i);
    }
  });

  it("a run that waits for I/O is seen: its operation never runs solo again, and a solo one stops taking writes that are not its own", async () => {
    const store = new JournaledStore(new MemoryStore());
    const op = {};
    await calm(store, op);
    expect(store.runsSolo(op)).toBe(true);
    let foreign: Promise<void> | undefined;
    await store.atomically(
      async () => {
        await store.put("c", "mine", 1);
        // a timer's write while this run waits: not this run's
        foreign = new Promise<void>((resolve) => setTimeout(() => void store.put("c", "foreign", 2).then(resolve), 1));
        await sleep(10);
        return "answer";
      },
      refuse,
      op,
    );
    await foreign;
    expect(await store.get("c", "mine")).toBeUndefined();
    expect(await store.get("c", "foreign")).toBe(2);
    expect(store.runsSolo(op)).toBe(false);
    await calm(store, op);
    expect(store.runsSolo(op)).toBe(false);
    // under AsyncLocalStorage its writes are still undone, also those after the wait
    await store.atomically(
      async () => {
        await sleep(5);
        await store.put("c", "late", 3);
        return "answer";
      },
      refuse,
      op,
    );
    expect(await store.get("c", "late")).toBeUndefined();
  });
});
