/**
 * The QoD 1.1.0 session state machine on the frozen virtual clock (no sleeps):
 *   create -> REQUESTED -> (qodActivationSeconds) AVAILABLE -> (duration) UNAVAILABLE/DURATION_EXPIRED
 *   -> (qodRetentionSeconds, QoD: at least 360 s) gone; qod-unavailable -> UNAVAILABLE/NETWORK_TERMINATED;
 * delete, extend (capped at the profile's maxDuration, 409 unless AVAILABLE), 409 CONFLICT per device.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEVICES, expectError, mint, type MockFixture, qod, sessionBody, startMock } from "./helpers.ts";

let m: MockFixture;
let api: ReturnType<typeof qod>;
let activation: number;
let retention: number;
beforeAll(async () => {
  m = await startMock();
  activation = m.app.testdata().operator.qodActivationSeconds;
  retention = m.app.testdata().operator.qodRetentionSeconds;
});
beforeEach(async () => {
  await m.app.reset();
  api = qod(m.app, await mint(m.app, { expiresIn: 100_000 }));
});
afterEach(() => {
  expect(m.bugs).toEqual([]);
});
afterAll(() => m.app.close());

const iso = (ms: number) => new Date(ms).toISOString();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function createAvailable(body = sessionBody()) {
  const res = await api.create(body);
  expect(res.status, res.text).toBe(201);
  await m.clock.advance(activation);
  return res.body.sessionId as string;
}

describe("lifecycle", () => {
  it("create -> 201 REQUESTED without startedAt / expiresAt / statusInfo", async () => {
    const res = await api.create(sessionBody({ duration: 600, devicePorts: { ports: [5060] } }));
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      qosStatus: "REQUESTED",
      duration: 600,
      qosProfile: "QOS_E",
      applicationServer: { ipv4Address: "203.0.113.50" },
      devicePorts: { ports: [5060] },
      device: DEVICES.alice,
    });
    expect(res.body.sessionId).toMatch(UUID);
    for (const absent of ["startedAt", "expiresAt", "statusInfo", "sinkCredential"]) expect(res.body).not.toHaveProperty(absent);
  });

  it("REQUESTED until qodActivationSeconds have passed, then AVAILABLE with startedAt / expiresAt", async () => {
    const { body } = await api.create(sessionBody({ duration: 600 }));
    const created = m.clock.now();
    await m.clock.advance(activation - 0.001);
    expect((await api.get(body.sessionId)).body.qosStatus).toBe("REQUESTED");
    await m.clock.advance(0.001);
    const res = await api.get(body.sessionId);
    expect(res.status).toBe(200);
    const startedAt = created + activation * 1000;
    expect(res.body).toMatchObject({ qosStatus: "AVAILABLE", duration: 600, startedAt: iso(startedAt), expiresAt: iso(startedAt + 600_000) });
    expect(res.body).not.toHaveProperty("statusInfo");
  });

  it("AVAILABLE -> UNAVAILABLE / DURATION_EXPIRED after duration, readable for qodRetentionSeconds, then 404", async () => {
    const id = await createAvailable(sessionBody({ duration: 60 }));
    const startedAt = Date.parse((await api.get(id)).body.startedAt);
    await m.clock.advance(59.999);
    expect((await api.get(id)).body.qosStatus).toBe("AVAILABLE");
    await m.clock.advance(0.001);
    const ended = await api.get(id);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      qosStatus: "UNAVAILABLE",
      statusInfo: "DURATION_EXPIRED",
      duration: 60,
      startedAt: iso(startedAt),
      expiresAt: iso(startedAt + 60_000),
    });
    expect(retention).toBeGreaterThanOrEqual(360);
    await m.clock.advance(retention - 1);
    expect((await api.get(id)).status).toBe(200);
    await m.clock.advance(1);
    expectError(await api.get(id), 404, "NOT_FOUND");
    expect((await api.retrieve({ device: DEVICES.alice })).body).toEqual([]);
  });

  it("qod-unavailable subscriber: REQUESTED -> UNAVAILABLE / NETWORK_TERMINATED, still readable", async () => {
    const { body } = await api.create(sessionBody({ device: DEVICES.dave }));
    expect(body.qosStatus).toBe("REQUESTED");
    await m.clock.advance(activation);
    const res = await api.get(body.sessionId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ qosStatus: "UNAVAILABLE", statusInfo: "NETWORK_TERMINATED" });
    expect(res.body).not.toHaveProperty("startedAt"); // it never became AVAILABLE
    await m.clock.advance(retention - 1);
    expect((await api.get(body.sessionId)).status).toBe(200);
    await m.clock.advance(1);
    expect((await api.get(body.sessionId)).status).toBe(404);
  });

  // QoD 1.1.0 SessionInfo.expiresAt: "When qosStatus is UNAVAILABLE, it is the time when the session
  // was terminated" (only "REQUESTED" leaves it out), also for a session that never became AVAILABLE.
  it("UNAVAILABLE / NETWORK_TERMINATED straight from REQUESTED carries expiresAt = the termination instant", async () => {
    const { body } = await api.create(sessionBody({ device: DEVICES.dave }));
    const created = m.clock.now();
    await m.clock.advance(activation);
    const res = await api.get(body.sessionId);
    expect(res.body).toMatchObject({ qosStatus: "UNAVAILABLE", expiresAt: iso(created + activation * 1000) });
  });

  // Each due transition must happen at its own instant, as with fake timers: one advance that spans
  // activation and expiry must give the same session as two advances.
  it("one advance spanning activation and expiry: UNAVAILABLE, with the instants of a stepwise run", async () => {
    const { body } = await api.create(sessionBody({ duration: 60 }));
    const created = m.clock.now();
    await m.clock.advance(activation + 60);
    const res = await api.get(body.sessionId);
    expect(res.body).toMatchObject({
      qosStatus: "UNAVAILABLE",
      statusInfo: "DURATION_EXPIRED",
      duration: 60,
      startedAt: iso(created + activation * 1000),
      expiresAt: iso(created + (activation + 60) * 1000),
    });
  });

  it("one big advance past activation, expiry and retention removes the session", async () => {
    const { body } = await api.create(sessionBody({ duration: 60 }));
    await m.clock.advance(activation + 60 + retention);
    expectError(await qod(m.app, await mint(m.app)).get(body.sessionId), 404, "NOT_FOUND");
  });
});

describe("delete", () => {
  it.each([
    ["REQUESTED", 0],
    ["AVAILABLE", 1],
  ])("a %s session -> 204, then 404 for get, delete and extend", async (_state, wait) => {
    const { body } = await api.create(sessionBody());
    await m.clock.advance(wait * activation);
    const res = await api.delete(body.sessionId);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expectError(await api.get(body.sessionId), 404, "NOT_FOUND");
    expectError(await api.delete(body.sessionId), 404, "NOT_FOUND");
    expectError(await api.extend(body.sessionId, 60), 404, "NOT_FOUND");
  });

  it("a deleted REQUESTED session is not brought back by its pending activation", async () => {
    const { body } = await api.create(sessionBody());
    await api.delete(body.sessionId);
    await m.clock.advance(activation * 2);
    expect((await api.get(body.sessionId)).status).toBe(404);
    expect(await m.app.store.values("qod.sessions")).toEqual([]);
  });

  it("an UNAVAILABLE session can be deleted before its retention ends", async () => {
    const id = await createAvailable(sessionBody({ duration: 10 }));
    await m.clock.advance(10);
    expect((await api.get(id)).body.qosStatus).toBe("UNAVAILABLE");
    expect((await api.delete(id)).status).toBe(204);
    expect((await api.get(id)).status).toBe(404);
  });
});

describe("extend", () => {
  it("adds to an AVAILABLE session, moves expiresAt, and the old expiry no longer ends it", async () => {
    const id = await createAvailable(sessionBody({ duration: 600 }));
    const startedAt = Date.parse((await api.get(id)).body.startedAt);
    const res = await api.extend(id, 300);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ qosStatus: "AVAILABLE", duration: 900, expiresAt: iso(startedAt + 900_000) });
    expect((await api.get(id)).body.duration).toBe(900);
    await m.clock.advance(600);
    expect((await api.get(id)).body.qosStatus).toBe("AVAILABLE");
    await m.clock.advance(300);
    expect((await api.get(id)).body).toMatchObject({ qosStatus: "UNAVAILABLE", statusInfo: "DURATION_EXPIRED", duration: 900 });
  });

  it("is capped at the profile's maxDuration (QOS_L: 3600 s), without an error", async () => {
    const id = await createAvailable(sessionBody({ qosProfile: "QOS_L", duration: 3000 }));
    const startedAt = Date.parse((await api.get(id)).body.startedAt);
    const res = await api.extend(id, 1000);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ duration: 3600, expiresAt: iso(startedAt + 3_600_000) });
    const again = await api.extend(id, 1);
    expect(again.status).toBe(200);
    expect(again.body.duration).toBe(3600);
  });

  it.each([
    ["REQUESTED", sessionBody(), []],
    ["UNAVAILABLE (DURATION_EXPIRED)", sessionBody({ duration: 10 }), [1, 10]],
    ["UNAVAILABLE (NETWORK_TERMINATED)", sessionBody({ device: DEVICES.dave }), [1]],
  ])("a %s session -> 409 QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED", async (state, body, steps) => {
    const created = await api.create(body);
    for (const step of steps) await m.clock.advance(step);
    const res = await api.extend(created.body.sessionId, 60);
    expectError(res, 409, "QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED");
    expect(res.body.message).toContain(state.split(" ")[0]);
    const after = await api.get(created.body.sessionId);
    expect(after.body.duration).toBe(created.body.duration);
  });
});

describe("one active session per device", () => {
  it.each([
    ["REQUESTED", 0],
    ["AVAILABLE", 1],
  ])("a second session for a device with a %s one -> 409 CONFLICT", async (_state, wait) => {
    await api.create(sessionBody({ device: DEVICES.ken }));
    await m.clock.advance(wait);
    expectError(await api.create(sessionBody({ device: DEVICES.ken, qosProfile: "QOS_M" })), 409, "CONFLICT");
    expect(await m.app.store.values("qod.sessions")).toHaveLength(1);
  });

  it("concurrent creations for one device: exactly one 201, the others 409 CONFLICT", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => api.create(sessionBody({ device: DEVICES.ken }))));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await m.app.store.values("qod.sessions")).toHaveLength(1);
  });

  it("another device is independent", async () => {
    expect((await api.create(sessionBody({ device: DEVICES.ken }))).status).toBe(201);
    expect((await api.create(sessionBody({ device: DEVICES.bob }))).status).toBe(201);
  });

  it("a new session is allowed once the first has expired (UNAVAILABLE, not yet removed)", async () => {
    const first = await createAvailable(sessionBody({ device: DEVICES.ken, duration: 30 }));
    await m.clock.advance(30);
    expect((await api.get(first)).body.qosStatus).toBe("UNAVAILABLE");
    const second = await api.create(sessionBody({ device: DEVICES.ken }));
    expect(second.status, second.text).toBe(201);
    const list = await api.retrieve({ device: DEVICES.ken });
    expect(list.body.map((s: { qosStatus: string }) => s.qosStatus).sort()).toEqual(["REQUESTED", "UNAVAILABLE"]);
  });

  it("a new session is allowed after the first was deleted or network-terminated", async () => {
    const { body } = await api.create(sessionBody({ device: DEVICES.ken }));
    await api.delete(body.sessionId);
    expect((await api.create(sessionBody({ device: DEVICES.ken }))).status).toBe(201);
    await api.create(sessionBody({ device: DEVICES.dave }));
    await m.clock.advance(activation);
    expect((await api.create(sessionBody({ device: DEVICES.dave }))).status).toBe(201);
  });
});
