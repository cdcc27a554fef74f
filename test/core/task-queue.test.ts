/** The scheduler keeps time order, and insertion order among tasks due at the same instant. */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock.ts";
import { type Task, TaskQueue } from "../../src/core/task-queue.ts";

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
}

describe("TaskQueue", () => {
  it.each([
    { name: "ascending", ats: [1, 2, 3, 4] },
    { name: "descending", ats: [4, 3, 2, 1] },
    { name: "ties keep insertion order", ats: [5, 1, 5, 1, 5, 3] },
    { name: "empty", ats: [] },
  ])("$name", ({ ats }) => {
    const queue = new TaskQueue();
    ats.forEach((at, seq) => queue.push({ at, seq, kind: "t", args: {} }));
    const out: [number, number][] = [];
    for (let t = queue.pop(); t; t = queue.pop()) out.push([t.at, t.seq]);
    const expected = ats.map((at, seq) => [at, seq] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(out).toEqual(expected);
  });

  it("orders 2000 seeded random tasks like a stable sort", () => {
    const random = seeded(42);
    const ats = Array.from({ length: 2000 }, () => Math.floor(random() * 300));
    const queue = new TaskQueue();
    ats.forEach((at, seq) => queue.push({ at, seq, kind: "t", args: {} }));
    const order: number[] = [];
    for (let t = queue.pop(); t; t = queue.pop()) order.push(t.seq);
    const expected = ats.map((at, seq) => ({ at, seq })).sort((a, b) => a.at - b.at || a.seq - b.seq).map((x) => x.seq);
    expect(order).toEqual(expected);
  });
});

/**
 * The queue against a plain sorted list, with pushes and pops interleaved: a few fixed delays from a
 * clock moving forward (lanes), random instants (more runs than lanes: the heap) and ties; then a lane
 * long enough to drop the entries it has read, checked on the way.
 */
describe("TaskQueue, pushes and pops interleaved", () => {
  const cases = [
    { name: "fixed delays from a moving clock", at: (now: number, r: () => number) => now + [1_000, 60_000, 360_000][Math.floor(r() * 3)] },
    { name: "random instants", at: (now: number, r: () => number) => now + Math.floor(r() * 5_000) },
    { name: "many ties", at: (now: number, r: () => number) => now + 100 * Math.floor(r() * 3) },
    { name: "descending runs (more runs than lanes)", at: (now: number, r: () => number) => 10_000_000 - now * 3 + Math.floor(r() * 10) },
  ];
  it.each(cases)("$name", ({ at }) => {
    const random = seeded(7);
    const queue = new TaskQueue();
    const reference: Task[] = [];
    const order = (a: Task, b: Task) => a.at - b.at || a.seq - b.seq;
    let now = 0;
    let seq = 0;
    let popped = 0;
    for (let step = 0; step < 6000; step++) {
      now += Math.floor(random() * 20);
      if (random() < 0.6) {
        const task: Task = { at: at(now, random), seq: seq++, kind: "t", args: {} };
        queue.push(task);
        reference.push(task);
        reference.sort(order);
      } else {
        const expected = reference.shift();
        expect(queue.pop()).toBe(expected);
        if (expected) popped++;
      }
      expect(queue.size).toBe(reference.length);
      expect(queue.peek()).toBe(reference[0]);
    }
    while (reference.length > 0) expect(queue.pop()).toBe(reference.shift());
    expect(queue.pop()).toBeUndefined();
    expect(popped).toBeGreaterThan(1500);
  });

  it("a lane that drops the entries it has read keeps its order and size", () => {
    const queue = new TaskQueue();
    let seq = 0;
    const push = (n: number) => {
      for (let i = 0; i < n; i++, seq++) queue.push({ at: seq * 10, seq, kind: "t", args: {} });
    };
    push(3000);
    for (let i = 0; i < 2500; i++) expect(queue.pop()?.seq).toBe(i); // past 1024 read entries, and half of the lane
    expect(queue.size).toBe(500);
    expect(queue.peek()?.seq).toBe(2500);
    push(100);
    for (let i = 2500; i < 3100; i++) {
      expect(queue.peek()?.seq).toBe(i);
      expect(queue.pop()?.seq).toBe(i);
    }
    expect(queue.size).toBe(0);
    expect(queue.pop()).toBeUndefined();
  });

  it("is empty again after clear()", () => {
    const queue = new TaskQueue();
    for (let i = 0; i < 20; i++) queue.push({ at: 20 - i, seq: i, kind: "t", args: {} });
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
    queue.push({ at: 5, seq: 0, kind: "t", args: {} });
    expect(queue.pop()?.at).toBe(5);
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
