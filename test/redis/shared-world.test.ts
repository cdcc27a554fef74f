/**
 * Two mocks in one process on one real Redis (issue 18): besides sessions and the clock, the replicas
 * share pending CIBA requests, rate-limit counters, the delivery log (`/_harness/events`), the built-in
 * sinks, reset, and refuse nothing the in-memory mock accepts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { createSharedMock, type SharedMock } from "../../src/mock/workspaces.ts";
import { deleteByPrefix } from "../../src/core/redis/redis-store.ts";
import { expectError, mint, QOS, send, sessionBody, START, QOD } from "../mock/helpers.ts";
import { REDIS_UNAVAILABLE, redisClient, startRedis, type TestRedis } from "./redis-server.ts";

const form = (fields: Record<string, string>) => ({
  raw: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}` },
});

describe.skipIf(REDIS_UNAVAILABLE)("replicas in one process share the world", () => {
  let redis: TestRedis;
  let a: MockApp;
  let b: MockApp;
  const bugs: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const client = redisClient(redis.url);
    await deleteByPrefix(client, "camara-harness:shared-world:");
    client.disconnect();
    const options = {
      store: redis.url,
      workspace: "shared-world",
      clockOptions: { frozen: true, start: START },
      allowInsecureSinks: true,
      notificationRetryDelaysMs: [],
      onBug: (m: string) => bugs.push(m),
    };
    [a, b] = await Promise.all([createMock(options), createMock(options)]);
  }, 30_000);
  beforeEach(async () => {
    await a.reset();
    // every test starts on a whole virtual second (rate limits count per second)
    const into = a.clock.now() % 1000;
    if (into !== 0) await a.clock.advance((1000 - into) / 1000);
  });
  afterAll(async () => {
    expect(bugs).toEqual([]);
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it("a CIBA request started on A is redeemed on B, once", async () => {
    const started = await send(a, { path: "/bc-authorize", ...form({ login_hint: "tel:+34600000001", scope: "openid sim-swap:check dpv:FraudPreventionAndDetection" }) });
    expect(started.status, started.text).toBe(200);
    const poll = { path: "/token", ...form({ grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: started.body.auth_req_id }) };
    const redeemed = await send(b, poll);
    expect(redeemed.status, redeemed.text).toBe(200);
    expect(redeemed.body.access_token).toEqual(expect.any(String));
    const again = await send(a, poll);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
  });

  it("rate limits count the requests of every replica", async () => {
    const throttled = await mint(a, { clientId: "throttled-app" });
    const profile = (app: MockApp) => send(app, { path: `${QOS}/qos-profiles/QOS_E`, token: throttled });
    expect((await profile(a)).status).toBe(200);
    expect((await profile(b)).status).toBe(200);
    expectError(await profile(a), 429, "TOO_MANY_REQUESTS");
    expectError(await profile(b), 429, "TOO_MANY_REQUESTS");
  });

  it("the delivery log and the built-in sinks are the same on both; reset on B clears A", async () => {
    const token = await mint(a, { expiresIn: 100_000 });
    const created = await send(a, { path: `${QOD}/sessions`, token, json: sessionBody({ sink: "http://127.0.0.1:9/never" }) });
    expect(created.status, created.text).toBe(201);
    await b.clock.advance(1); // B activates A's session: one AVAILABLE delivery attempt, logged for both
    const onA = await send(a, { path: "/_harness/events" });
    const onB = await send(b, { path: "/_harness/events" });
    expect(onB.body).toHaveLength(1);
    expect(onA.body).toEqual(onB.body);
    expect(onB.body[0].event.data).toMatchObject({ sessionId: created.body.sessionId, qosStatus: "AVAILABLE" });

    const posted = await send(a, { path: "/_harness/sink/shared", json: { hello: "world" } });
    expect(posted.status).toBeLessThan(300);
    const held = await send(b, { path: "/_harness/sink/shared" });
    expect(held.body.map((e: { body: unknown }) => e.body)).toEqual([{ hello: "world" }]);

    await b.reset();
    expect((await send(a, { path: "/_harness/events" })).body).toEqual([]);
    expect((await send(a, { path: "/_harness/sink/shared" })).body).toEqual([]);
    expectError(await send(a, { path: `${QOD}/sessions/${created.body.sessionId}`, token: await mint(a) }), 404, "NOT_FOUND");
  });
});

describe.skipIf(REDIS_UNAVAILABLE)("workspaces on Redis", () => {
  let redis: TestRedis;
  let one: SharedMock;
  let two: SharedMock;

  beforeAll(async () => {
    redis = await startRedis();
    const client = redisClient(redis.url);
    await deleteByPrefix(client, "camara-harness:");
    client.disconnect();
    const options = { store: redis.url, clockOptions: { frozen: true, start: START }, notificationRetryDelaysMs: [] };
    [one, two] = await Promise.all([createSharedMock(options), createSharedMock(options)]);
  }, 30_000);
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await redis?.stop();
  });

  const clockOf = async (app: MockApp, workspace: string) =>
    Date.parse((await send(app, { path: "/_harness/clock", headers: { "x-harness-workspace": workspace } })).body.now);

  it("a workspace is one world on every replica, and worlds stay apart", async () => {
    const moved = await send(one, { path: "/_harness/clock", json: { advanceSeconds: 3600 }, headers: { "x-harness-workspace": "team-a" } });
    expect(moved.status, moved.text).toBe(200);
    expect(await clockOf(two, "team-a")).toBe(START + 3_600_000);
    expect(await clockOf(two, "team-b")).toBe(START);
    expect(await clockOf(one, "default")).toBe(START);

    const token = await send(two, { path: "/_harness/tokens", json: { clientId: "demo-app", scope: "quality-on-demand:sessions:create quality-on-demand:sessions:read" }, headers: { "x-harness-workspace": "team-a" } });
    const bearer = token.body.access_token as string;
    const created = await send(two, { path: `${QOD}/sessions`, token: bearer, json: sessionBody(), headers: { "x-harness-workspace": "team-a" } });
    expect(created.status, created.text).toBe(201);
    const read = await send(one, { path: `${QOD}/sessions/${created.body.sessionId}`, token: bearer, headers: { "x-harness-workspace": "team-a" } });
    expect(read.status, read.text).toBe(200);
    // team-b is another world: the token of team-a is not its token
    const elsewhere = await send(one, { path: `${QOD}/sessions/${created.body.sessionId}`, token: bearer, headers: { "x-harness-workspace": "team-b" } });
    expect(elsewhere.status).toBe(401);

    // deleting team-a on one replica erases its state for both
    expect((await send(two, { method: "DELETE", path: "/_harness/workspaces/team-a" })).status).toBeLessThan(300);
    expect(await clockOf(one, "team-a")).toBe(START);
    // on the replica that erased it, team-a starts again: a token minted before is not its token
    const after = await send(two, { path: `${QOD}/sessions/${created.body.sessionId}`, token: bearer, headers: { "x-harness-workspace": "team-a" } });
    expect(after.status).toBe(401);
  });
});
