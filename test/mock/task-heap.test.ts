/** The scheduler keeps time order, and insertion order among tasks due at the same instant. */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock.ts";
import { TaskHeap } from "../../src/core/task-heap.ts";

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}

describe("TaskHeap", () => {
  it.each([
    { name: "ascending", ats: [1, 2, 3, 4] },
    { name: "descending", ats: [4, 3, 2, 1] },
    { name: "ties keep insertion order", ats: [5, 1, 5, 1, 5, 3] },
    { name: "empty", ats: [] },
  ])("$name", ({ ats }) => {
    const heap = new TaskHeap();
    ats.forEach((at, seq) => heap.push({ at, seq, kind: "t", args: {} }));
    const out: [number, number][] = [];
    for (let t = heap.pop(); t; t = heap.pop()) out.push([t.at, t.seq]);
    const expected = ats.map((at, seq) => [at, seq] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(out).toEqual(expected);
  });

  it("orders 2000 seeded random tasks like a stable sort", () => {
    const random = seeded(42);
    const ats = Array.from({ length: 2000 }, () => Math.floor(random() * 300));
    const heap = new TaskHeap();
    ats.forEach((at, seq) => heap.push({ at, seq, kind: "t", args: {} }));
    const order: number[] = [];
    for (let t = heap.pop(); t; t = heap.pop()) order.push(t.seq);
    const expected = ats.map((at, seq) => ({ at, seq })).sort((a, b) => a.at - b.at || a.seq - b.seq).map((x) => x.seq);
    expect(order).toEqual(expected);
  });
});

describe("VirtualClock.advance", () => {
  it("runs tasks in order, each at its own due instant, including tasks they schedule", async () => {
    const clock = new VirtualClock({ frozen: true, start: 0 });
    const seen: string[] = [];
    clock.define("note", (args) => void seen.push(`${args.name}@${clock.now()}`));
    clock.define("note-then-c", async () => {
      seen.push(`a@${clock.now()}`);
      await clock.schedule(clock.now() + 5_000, "note", { name: "c" });
    });
    await clock.schedule(10_000, "note-then-c");
    await clock.schedule(12_000, "note", { name: "b" });
    await clock.schedule(60_000, "note", { name: "late" });
    expect(await clock.advance(30)).toBe(3);
    expect(seen).toEqual(["a@10000", "b@12000", "c@15000"]);
    expect(clock.now()).toBe(30_000);
  });
});
