/**
 * Issue 12 (hardening): one regression test per defect found by the seeded fuzz run, each failing
 * before its fix. No 5xx, no ghost state behind a refused or failed request, every error an ErrorInfo,
 * bounded /_harness inputs, a reset that restores the clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BoundedSet } from "../../src/core/bounded-set.ts";
import { MAX_EVENTS, Notifier } from "../../src/core/notifications.ts";
import { MemoryStore } from "../../src/core/store.ts";
import { CALM_RUNS, type JournaledStore } from "../../src/core/store-journal.ts";
import { MAX_ORIGINS } from "../../src/mock/app.ts";
import { MAX_PER_SINK, MAX_SINK_BYTES, MAX_SINKS, SinkRegistry } from "../../src/mock/sinks.ts";
import { DEVICES, expectError, mint, type MockFixture, ORIGIN, QOD, qod, send, sessionBody, START, startMock } from "./helpers.ts";

const SUBS = "/sim-swap-subscriptions/v0.3/subscriptions";
const SWAPPED = "org.camaraproject.sim-swap-subscriptions.v0.swapped";
const SUBS_SCOPES = `sim-swap-subscriptions:${SWAPPED}:create sim-swap-subscriptions:read`;

/** `{"a":{"a":...{}}}` nested `depth` levels, as text (JSON.stringify itself would overflow). */
export function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}{}${"}".repeat(depth)}`;
}

let m: MockFixture;
beforeAll(async () => {
  m = await startMock();
});
beforeEach(async () => {
  await m.app.reset();
  m.bugs.length = 0;
});
afterAll(() => m.app.close());

describe("defect 1: a leap-second date is a date like any other", () => {
  it("creates the subscription, lists it, and the scheduler keeps running", async () => {
    const token = await mint(m.app, { scope: SUBS_SCOPES });
    const created = await send(m.app, {
      path: SUBS,
      token,
      json: {
        protocol: "HTTP",
        sink: "https://127.0.0.1:9/s",
        types: [SWAPPED],
        config: { subscriptionDetail: { phoneNumber: "+34600000001" }, subscriptionExpireTime: "2099-12-31T23:59:60Z" },
      },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.expiresAt ?? created.body.config?.subscriptionExpireTime).toBeDefined();
    const list = await send(m.app, { path: SUBS, token });
    expect(list.status, list.text).toBe(200);
    // the clock still runs later tasks: a QoD session becomes AVAILABLE
    const api = qod(m.app, await mint(m.app));
    const session = await api.create(sessionBody());
    expect(session.status).toBe(201);
    const moved = await send(m.app, { path: "/_harness/clock", json: { advanceSeconds: 5 } });
    expect(moved.body.tasksRun).toBeGreaterThan(0);
    expect((await api.get(session.body.sessionId)).body.qosStatus).toBe("AVAILABLE");
    expect(m.bugs).toEqual([]);
  });

  it("the clock refuses a task at an instant that is not a number", async () => {
    await expect(m.clock.schedule(Number.NaN, "qod/quality-on-demand/v1:settle", { sessionId: "x" })).rejects.toThrow(RangeError);
  });
});

describe("defect 2: nothing is stored when the answer cannot be produced", () => {
  it("deep nesting in an echoed member is a 400 and leaves no session behind", async () => {
    const api = qod(m.app, await mint(m.app));
    const body = JSON.stringify(sessionBody()).replace(/"applicationServer":\{/, `"applicationServer":{"x":${nested(4100)},`);
    const res = await send(m.app, { path: `${QOD}/sessions`, token: await mint(m.app), raw: body, headers: { "content-type": "application/json" } });
    expectError(res, 400, "INVALID_ARGUMENT");
    expect(res.body.message).toMatch(/nest/i);
    expect((await api.create(sessionBody())).status).toBe(201);
    expect((await api.retrieve({ device: DEVICES.alice })).status).toBe(200);
    expect(m.bugs).toEqual([]);
  });
});

describe("defect 3: /_harness/sink", () => {
  it("malformed percent-encoding is a 400 ErrorInfo", async () => {
    expectError(await send(m.app, { path: "/_harness/sink/%E0%A4%A" }), 400, "INVALID_ARGUMENT");
    expectError(await send(m.app, { path: "/_harness/sink/%E0%A4%A", json: { a: 1 } }), 400, "INVALID_ARGUMENT");
  });

  it("a body nested 10,000 deep never breaks later GETs", async () => {
    const posted = await send(m.app, { path: "/_harness/sink/deep", raw: nested(10_000), headers: { "content-type": "application/json" } });
    expect(posted.status).toBe(204);
    await send(m.app, { path: "/_harness/sink/deep", json: { ok: true } });
    const got = await send(m.app, { path: "/_harness/sink/deep" });
    expect(got.status).toBe(200);
    expect(got.body).toHaveLength(2);
    expect(got.body[1].body).toEqual({ ok: true });
  });
});

describe("defect 4: POST /_harness/tokens expiresIn is finite and bounded", () => {
  it.each([["1e309"], ["-1e309"], ["1e12"], ["\"600\""], ["0.5"]])("expiresIn %s -> 400", async (value) => {
    const res = await send(m.app, {
      path: "/_harness/tokens",
      raw: `{"clientId":"demo-app","scope":"qos-profiles:read","expiresIn":${value}}`,
      headers: { "content-type": "application/json" },
    });
    expectError(res, 400, "INVALID_ARGUMENT");
  });

  it("an expired token (negative expiresIn) can still be minted", async () => {
    const res = await send(m.app, { path: "/_harness/tokens", json: { clientId: "demo-app", expiresIn: -60 } });
    expect(res.status).toBe(200);
  });
});

describe("defect 5: the clock stays within year 9999 and reset restores it", () => {
  it("refuses a jump past 9999-12-31", async () => {
    expectError(await send(m.app, { path: "/_harness/clock", json: { advanceSeconds: 253402300800 } }), 400, "INVALID_ARGUMENT");
    expect((await send(m.app, { path: "/_harness/clock" })).body.now).toBe(new Date(START).toISOString());
  });

  it("POST /_harness/reset puts the clock back to where it started", async () => {
    await send(m.app, { path: "/_harness/clock", json: { advanceSeconds: 86_400 * 365 } });
    expect((await send(m.app, { path: "/_harness/clock" })).body.now).not.toBe(new Date(START).toISOString());
    expect((await send(m.app, { path: "/_harness/reset", method: "POST" })).status).toBe(204);
    expect((await send(m.app, { path: "/_harness/clock" })).body.now).toBe(new Date(START).toISOString());
  });
});

describe("defect 6: a CORS preflight without --cors", () => {
  it("answers an ErrorInfo", async () => {
    const res = await send(m.app, {
      method: "OPTIONS",
      path: `${QOD}/sessions`,
      headers: { origin: "https://app.example", "access-control-request-method": "POST" },
    });
    expectError(res, 403, "PERMISSION_DENIED");
  });
});

describe("defect 10: a 409 names no other client's session", () => {
  it("other-app learns that the device is busy, not the session id", async () => {
    const first = await qod(m.app, await mint(m.app)).create(sessionBody());
    expect(first.status).toBe(201);
    const res = await qod(m.app, await mint(m.app, { clientId: "other-app" })).create(sessionBody());
    expectError(res, 409, "CONFLICT");
    expect(res.text).not.toContain(first.body.sessionId);
  });
});

/** A real MemoryStore whose secondary index fails for the ids `refuses` picks, like a shared store dropping a call. */
class IndexFails extends MemoryStore {
  refuses?: (id: string) => boolean | Promise<boolean>;
  override async indexAdd(index: string, key: string, id: string): Promise<void> {
    if (await this.refuses?.(id)) throw new Error("index unavailable");
    return super.indexAdd(index, key, id);
  }
}

describe("defect 2 (root): writes of a request that fails are undone", () => {
  // 0 creates before: the journal runs under AsyncLocalStorage; CALM_RUNS + 1: createSession runs solo
  it.each([0, CALM_RUNS + 1])("a create that fails after storing its session leaves no session (%i creates before)", async (before) => {
    const store = new IndexFails();
    const f = await startMock({ store });
    try {
      const api = qod(f.app, await mint(f.app));
      for (let i = 0; i < before; i++) {
        const created = await api.create(sessionBody());
        expect(created.status).toBe(201);
        expect((await api.delete(created.body.sessionId)).status).toBe(204);
      }
      const journal = f.app.store as JournaledStore;
      const runs = { ...journal.runs };
      store.refuses = () => {
        store.refuses = undefined; // once
        return true;
      };
      expectError(await api.create(sessionBody()), 500, "INTERNAL");
      const solo = before > CALM_RUNS ? 1 : 0;
      expect(journal.runs).toEqual({ solo: runs.solo + solo, asyncLocal: runs.asyncLocal + 1 - solo });
      expect(await store.values("qod.sessions")).toEqual([]);
      // the device is free: no ghost session answers 409
      expect((await api.create(sessionBody())).status).toBe(201);
    } finally {
      await f.app.close();
    }
  });
});

describe("the request journal with requests side by side", () => {
  it("a request that starts while another is in flight runs apart: never solo itself, and the one in flight may be", async () => {
    const f = await startMock({ store: new MemoryStore() });
    try {
      const token = await mint(f.app);
      const api = qod(f.app, token);
      for (let i = 0; i <= CALM_RUNS; i++) expect((await api.delete((await api.create(sessionBody())).body.sessionId)).status).toBe(204);
      const journal = f.app.store as JournaledStore;
      const runs = { ...journal.runs };
      const create = (device: { phoneNumber: string }) =>
        f.app.handle({
          method: "POST",
          path: `${QOD}/sessions`,
          query: new URLSearchParams(),
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(sessionBody({ device })),
          origin: ORIGIN,
        });
      // both inside handle() at once (app.fetch would read each body first, one after the other)
      const answers = await Promise.all([create(DEVICES.alice), create(DEVICES.bob)]);
      expect(answers.map((a) => a.status)).toEqual([201, 201]);
      expect(journal.runs).toEqual({ solo: runs.solo + 1, asyncLocal: runs.asyncLocal + 1 });
    } finally {
      await f.app.close();
    }
  });

  it("undoes only the failing request's writes, also once the journal was idle in between", async () => {
    const store = new IndexFails();
    const f = await startMock({ store });
    try {
      const api = qod(f.app, await mint(f.app));
      // the index refuses the sessions of one device
      store.refuses = async (id) => (await store.get<{ device?: { phoneNumber?: string } }>("qod.sessions", id))?.device?.phoneNumber === DEVICES.bob.phoneNumber;
      const [kept, failed] = await Promise.all([api.create(sessionBody()), api.create(sessionBody({ device: DEVICES.bob }))]);
      expect(kept.status).toBe(201);
      expectError(failed, 500, "INTERNAL");
      const devices = async () => (await store.values<{ device: { phoneNumber: string } }>("qod.sessions")).map((s) => s.device.phoneNumber);
      expect(await devices()).toEqual([DEVICES.alice.phoneNumber]);

      // no journaled request in flight now; the next failing one is still undone
      expectError(await api.create(sessionBody({ device: DEVICES.bob })), 500, "INTERNAL");
      expect(await devices()).toEqual([DEVICES.alice.phoneNumber]);
      store.refuses = undefined;
      expect((await api.create(sessionBody({ device: DEVICES.bob }))).status).toBe(201);
      expect((await devices()).sort()).toEqual([DEVICES.alice.phoneNumber, DEVICES.bob.phoneNumber]);
    } finally {
      await f.app.close();
    }
  });
});

describe("a GET that writes (a module's writingReads) is journaled too", () => {
  /** A real MemoryStore that writes, then loses the acknowledgement of one collection's writes. */
  class WritesThenFails extends MemoryStore {
    failAfter?: string;
    override async put<T>(collection: string, id: string, value: T): Promise<void> {
      await super.put(collection, id, value);
      if (collection === this.failAfter) throw new Error("the write happened, its acknowledgement was lost");
    }
  }

  it("RelaySMS createSyncSession that fails after storing its session leaves no session", async () => {
    const store = new WritesThenFails();
    const f = await startMock({ store });
    const SESSIONS = "relaysms-gateway:sync-sessions";
    try {
      const token = await mint(f.app, { scope: "relaysms-gateway:sync:create" });
      const open = () => send(f.app, { path: "/relaysms-gateway/v2/sync/users/relay-user-1", token });
      store.failAfter = SESSIONS;
      expectError(await open(), 500, "INTERNAL");
      expect(await store.values(SESSIONS)).toEqual([]);
      store.failAfter = undefined;
      expect((await open()).status).toBe(200);
      expect(await store.values(SESSIONS)).toHaveLength(1);
    } finally {
      await f.app.close();
    }
  });
});

describe("defect 7: bounded memory with documented caps", () => {
  it("a sink keeps its newest MAX_PER_SINK notifications", async () => {
    for (let i = 0; i < MAX_PER_SINK + 20; i++) await send(m.app, { path: "/_harness/sink/many", json: { i } });
    const got = (await send(m.app, { path: "/_harness/sink/many" })).body;
    expect(got).toHaveLength(MAX_PER_SINK);
    expect(got[0].body).toEqual({ i: 20 });
  });

  it("at most MAX_SINKS sink names, the oldest forgotten first", async () => {
    for (let i = 0; i <= MAX_SINKS; i++) await send(m.app, { path: `/_harness/sink/s${i}`, json: { i } });
    expect((await send(m.app, { path: "/_harness/sink/s0" })).body).toEqual([]);
    expect((await send(m.app, { path: `/_harness/sink/s${MAX_SINKS}` })).body).toHaveLength(1);
  });

  it("at most MAX_SINK_BYTES of bodies in all sinks together", () => {
    const sinks = new SinkRegistry();
    const big = "x".repeat(900 * 1024);
    for (let i = 0; i < 300; i++) sinks.record(`b${i % 7}`, { receivedAt: "", body: big }, big.length);
    expect(sinks.heldBytes).toBeLessThanOrEqual(MAX_SINK_BYTES);
    expect(sinks.list("b5").length).toBeGreaterThan(0); // the newest are kept
  });

  it("the events log keeps the newest MAX_EVENTS deliveries", async () => {
    const notifier = new Notifier({ clock: m.clock, retryDelaysMs: [], localDelivery: async () => 204 });
    for (let i = 0; i < MAX_EVENTS + 5; i++) await notifier.send("https://x.example/s", undefined, notifier.event("t", "s", { i }));
    expect(notifier.log).toHaveLength(MAX_EVENTS);
    expect(notifier.log[0].event.data).toEqual({ i: 5 });
  });

  it("distinct origins are remembered up to a cap, least recent forgotten", () => {
    const set = new BoundedSet<string>(3);
    for (const o of ["a", "b", "c", "a", "d"]) set.add(o);
    expect(["a", "b", "c", "d"].map((o) => set.has(o))).toEqual([true, false, true, true]);
    expect(set.size).toBe(3);
  });

  it(`the mock remembers at most MAX_ORIGINS origins: a flood of Host names leaves the first one forgotten`, async () => {
    const token = await mint(m.app);
    const sinkOf = (origin: string) => `${origin}/_harness/sink/host`;
    // the first origin, then a flood of others
    await send(m.app, { base: "https://first.invalid", path: "/_harness/clock" });
    for (let i = 0; i < MAX_ORIGINS; i++) await send(m.app, { base: `https://h${i}.invalid`, path: "/_harness/clock" });
    // a notification to the first origin's sink is no longer taken for one of ours (it is sent out and fails)
    const api = qod(m.app, token);
    expect((await api.create(sessionBody({ sink: sinkOf("https://first.invalid") }))).status).toBe(201);
    await send(m.app, { path: "/_harness/clock", json: { advanceSeconds: 5 } });
    expect((await send(m.app, { base: "https://first.invalid", path: "/_harness/sink/host" })).body).toEqual([]);
  });
});
