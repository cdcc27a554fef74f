/**
 * The shared schedule on a real Redis (issue 18): a due task runs on exactly one replica however many
 * look for it at once; a task claimed by a replica that dies is taken back after its lease and run by
 * another; the clock moved by one replica is the clock of all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisClock } from "../../src/core/redis/redis-clock.ts";
import { deleteByPrefix } from "../../src/core/redis/redis-store.ts";
import { REDIS_UNAVAILABLE, redisClient, startRedis, type TestRedis } from "./redis-server.ts";

describe.skipIf(REDIS_UNAVAILABLE)("RedisClock: one schedule for many replicas", () => {
  let redis: TestRedis;
  const clients: ReturnType<typeof redisClient>[] = [];
  const clocks: RedisClock[] = [];
  const client = () => {
    const c = redisClient(redis.url);
    clients.push(c);
    return c;
  };
  const clock = async (prefix: string, options: Parameters<typeof RedisClock.create>[2] = {}) => {
    const c = await RedisClock.create(client(), prefix, { frozen: true, start: Date.UTC(2026, 0, 1), pollMs: 0, ...options });
    clocks.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clocks) c.stop();
    for (const c of clients) c.disconnect();
    await redis?.stop();
  });

  it("runs each of 300 tasks scheduled by three replicas exactly once: the advance runs them all, the others find none left", async () => {
    const prefix = "t-once:";
    await deleteByPrefix(client(), prefix);
    const replicas = await Promise.all([clock(prefix), clock(prefix), clock(prefix)]);
    const ran: string[] = [];
    replicas.forEach((r, i) => r.define("note", (args) => void ran.push(`${args.n}@${i}`)));
    for (let n = 0; n < 300; n++) await replicas[n % 3].schedule(Date.UTC(2026, 0, 1) + n, "note", { n });
    await replicas[0].advance(1);
    await Promise.all(replicas.map((r) => r.sync()));
    const counts = await Promise.all(replicas.map((r) => r.runDue()));
    const byTask = new Map<string, number>();
    for (const entry of ran) byTask.set(entry.split("@")[0], (byTask.get(entry.split("@")[0]) ?? 0) + 1);
    expect(byTask.size).toBe(300);
    expect([...byTask.values()].every((c) => c === 1)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(0); // advance already ran them all, on replica 0
  });

  it("runs due tasks once when every replica polls at the same time", async () => {
    const prefix = "t-race:";
    await deleteByPrefix(client(), prefix);
    const replicas = await Promise.all([clock(prefix), clock(prefix), clock(prefix)]);
    const ran: number[] = [];
    replicas.forEach((r) => r.define("note", (args) => void ran.push(Number(args.n))));
    for (let n = 0; n < 200; n++) await replicas[0].schedule(Date.UTC(2026, 0, 1) - 1, "note", { n });
    await Promise.all(replicas.map((r) => r.sync()));
    const counts = await Promise.all(replicas.map((r) => r.runDue()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(new Set(ran).size).toBe(200);
    expect(ran).toHaveLength(200);
  });

  it("gives a task back when the replica that took it dies, and another replica runs it", async () => {
    const prefix = "t-lease:";
    await deleteByPrefix(client(), prefix);
    const dying = await clock(prefix, { leaseMs: 300 });
    const survivor = await clock(prefix, { leaseMs: 300, pollMs: 50 });
    const ranOn: string[] = [];
    dying.define("work", () => new Promise(() => ranOn.push("dying"))); // never finishes: the replica "died" in it
    survivor.define("work", () => void ranOn.push("survivor"));
    await dying.schedule(Date.UTC(2026, 0, 1) - 1, "work");
    void dying.runDue();
    await new Promise((r) => setTimeout(r, 100));
    expect(ranOn).toEqual(["dying"]);
    for (let waited = 0; waited < 3000 && !ranOn.includes("survivor"); waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(ranOn).toEqual(["dying", "survivor"]);
  });

  it("moves one clock for all: an advance on one replica is seen by the other, tasks run at their instants", async () => {
    const prefix = "t-clock:";
    await deleteByPrefix(client(), prefix);
    const a = await clock(prefix);
    const b = await clock(prefix, { start: Date.UTC(2030, 0, 1) }); // joins: the first replica's start wins
    expect(b.now()).toBe(Date.UTC(2026, 0, 1));
    const seen: string[] = [];
    b.define("note", (args) => void seen.push(`${args.name}@${b.now()}`));
    a.define("note", (args) => void seen.push(`${args.name}@${a.now()}`));
    await a.schedule(Date.UTC(2026, 0, 1) + 10_000, "note", { name: "x" });
    expect(await b.advance(30)).toBe(1);
    expect(seen).toEqual([`x@${Date.UTC(2026, 0, 1) + 10_000}`]);
    await a.sync();
    expect(a.now()).toBe(Date.UTC(2026, 0, 1) + 30_000);
    await a.reset();
    await b.sync();
    expect(b.now()).toBe(Date.UTC(2026, 0, 1));
  });
});
