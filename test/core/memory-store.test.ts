/**
 * The in-memory store's secondary indexes: a key with one id holds the id itself, several ids a Set;
 * every read (async, at once, snapshot) answers the same either way, and removing the last id
 * forgets the key.
 */
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../src/core/store.ts";

const ids = (store: MemoryStore, key: string) => [...(store.peekIndex("i", key) ?? [])].sort();

describe("MemoryStore indexes", () => {
  it("one id, then two, then one, then none", async () => {
    const store = new MemoryStore();
    await store.indexAdd("i", "k", "a");
    await store.indexAdd("i", "k", "a"); // twice: still one
    expect(await store.indexGet("i", "k")).toEqual(["a"]);
    expect(ids(store, "k")).toEqual(["a"]);
    expect(store.peekIndexHas("i", "k", "a")).toBe(true);
    expect(store.peekIndexHas("i", "k", "b")).toBe(false);

    await store.indexAdd("i", "k", "b");
    expect((await store.indexGet("i", "k")).sort()).toEqual(["a", "b"]);
    expect(ids(store, "k")).toEqual(["a", "b"]);
    expect(store.peekIndexHas("i", "k", "b")).toBe(true);
    expect(JSON.parse(store.snapshot()).indexes).toEqual([["i", [["k", ["a", "b"]]]]]);

    await store.indexRemove("i", "k", "a");
    expect(await store.indexGet("i", "k")).toEqual(["b"]);
    // one id left: held as the id itself again (peekIndex answers a fresh array, not the store's Set)
    expect(store.peekIndex("i", "k")).toEqual(["b"]);
    expect(store.peekIndex("i", "k")).toBeInstanceOf(Array);
    expect(store.peekIndexHas("i", "k", "a")).toBe(false);
    await store.indexRemove("i", "k", "zzz"); // not there: nothing changes
    expect(await store.indexGet("i", "k")).toEqual(["b"]);

    await store.indexRemove("i", "k", "b");
    expect(await store.indexGet("i", "k")).toEqual([]);
    expect(store.peekIndex("i", "k")).toBeUndefined();
    expect(JSON.parse(store.snapshot()).indexes).toEqual([]);
  });

  it("a key holding one id: removing another id keeps it, the snapshot lists it (not its characters)", async () => {
    const store = new MemoryStore();
    await store.indexAdd("i", "k", "abc");
    await store.indexRemove("i", "k", "ab");
    expect(await store.indexGet("i", "k")).toEqual(["abc"]);
    expect(JSON.parse(store.snapshot()).indexes).toEqual([["i", [["k", ["abc"]]]]]);
    expect(store.peekIndexHas("i", "other", "abc")).toBe(false);
    expect(store.peekIndex("nothing", "k")).toBeUndefined();
  });
});
