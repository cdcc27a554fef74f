/**
 * The control plane under /_harness (testdata, reset, clock, tokens, 404) and the routing of
 * everything that is not an operation: unknown APIs and paths (404 NOT_FOUND), known paths with
 * another method (405 METHOD_NOT_ALLOWED with Allow), malformed paths (never a crash).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEVICES, expectError, mint, type MockFixture, QOD, QOS, qod, send, sessionBody, START, startMock } from "./helpers.ts";

let m: MockFixture;
beforeAll(async () => {
  m = await startMock();
});
beforeEach(async () => {
  await m.app.reset();
});
afterEach(() => {
  expect(m.bugs).toEqual([]);
});
afterAll(() => m.app.close());

describe("/_harness", () => {
  it("GET /testdata: the active test data, secrets included", async () => {
    const res = await send(m.app, { path: "/_harness/testdata" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(m.app.testdata())));
    expect(res.body.clients.map((c: { clientId: string }) => c.clientId)).toEqual(
      expect.arrayContaining(["demo-app", "other-app", "profiles-only-app", "throttled-app", "partner-app"]),
    );
    expect(res.body.clients.find((c: { clientId: string }) => c.clientId === "demo-app").clientSecret).toBe("demo-app-secret");
    expect(res.body.subscribers.length).toBeGreaterThan(5);
    expect(res.body.operator).toMatchObject({ qodActivationSeconds: 1, qodRetentionSeconds: 360 });
  });

  it("POST /reset: 204, sessions and events cleared, pending transitions dropped", async () => {
    const api = qod(m.app, await mint(m.app));
    const { body } = await api.create(sessionBody({ sink: "https://mock.local/_harness/sink/r" }));
    const ended = await api.create(sessionBody({ device: DEVICES.bob, sink: "https://mock.local/_harness/sink/r" }));
    await send(m.app, { base: "https://mock.local", path: "/_harness/clock", json: { advanceSeconds: 1 } });
    expect(ended.status).toBe(201);
    expect((await send(m.app, { path: "/_harness/events" })).body).toHaveLength(2);
    const pending = await api.create(sessionBody({ device: DEVICES.ken }));

    const res = await send(m.app, { method: "POST", path: "/_harness/reset" });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expectError(await api.get(body.sessionId), 404, "NOT_FOUND");
    expect((await api.retrieve({ device: DEVICES.alice })).body).toEqual([]);
    expect((await send(m.app, { path: "/_harness/events" })).body).toEqual([]);
    expect((await send(m.app, { base: "https://mock.local", path: "/_harness/sink/r" })).body).toEqual([]);
    await m.clock.advance(5);
    expect(await m.app.store.values("qod.sessions")).toEqual([]);
    expect((await api.get(pending.body.sessionId)).status).toBe(404);
    // a token minted before the reset still works (the signing key is kept)
    expect((await api.create(sessionBody())).status).toBe(201);
  });

  it("GET /clock and POST /clock {advanceSeconds}", async () => {
    const before = await send(m.app, { path: "/_harness/clock" });
    expect(before.status).toBe(200);
    expect(before.body.now).toBe(new Date(m.clock.now()).toISOString());
    expect(Date.parse(before.body.now)).toBeGreaterThanOrEqual(START);
    await qod(m.app, await mint(m.app)).create(sessionBody());
    const res = await send(m.app, { path: "/_harness/clock", json: { advanceSeconds: 1.5 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ now: new Date(Date.parse(before.body.now) + 1500).toISOString(), tasksRun: 1 });
    const zero = await send(m.app, { path: "/_harness/clock", json: { advanceSeconds: 0 } });
    expect(zero.body).toEqual({ now: res.body.now, tasksRun: 0 });
  });

  it.each([
    ["negative", '{"advanceSeconds": -1}'],
    ["a string", '{"advanceSeconds": "5"}'],
    ["null", '{"advanceSeconds": null}'],
    ["missing", "{}"],
    ["no body", ""],
    ["not JSON", "five"],
    ["an array", "[5]"],
    ["Infinity (1e309)", '{"advanceSeconds": 1e309}'],
  ])("POST /clock with advanceSeconds %s -> 400", async (_name, raw) => {
    const now = m.clock.now();
    const res = await send(m.app, { method: "POST", path: "/_harness/clock", raw, headers: { "content-type": "application/json" } });
    expectError(res, 400, "INVALID_ARGUMENT");
    expect(m.clock.now()).toBe(now);
  });

  it("POST /clock beyond the range of a date (1e15 s) -> 400, and the clock still works", async () => {
    const own = await startMock(); // its own mock: a broken clock must not spill into the other tests
    try {
      const now = own.clock.now();
      let res;
      try {
        res = await send(own.app, { path: "/_harness/clock", json: { advanceSeconds: 1e15 } });
      } catch (error) {
        throw new Error(`app.fetch rejected instead of answering: ${(error as Error).message}`);
      }
      expectError(res, 400, "INVALID_ARGUMENT");
      expect(own.clock.now()).toBe(now);
      expect((await send(own.app, { path: "/_harness/clock" })).status).toBe(200);
    } finally {
      own.app.close();
    }
  });

  it("POST /tokens: 2-legged and 3-legged tokens with the asked lifetime and scope", async () => {
    const res = await send(m.app, { path: "/_harness/tokens", json: { clientId: "other-app", scope: "qos-profiles:read openid", expiresIn: 42 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 42, scope: "qos-profiles:read" });
    const claims = await m.app.tokens.verify(res.body.access_token);
    expect(claims).toMatchObject({ clientId: "other-app", scopes: ["qos-profiles:read"], grant: "client_credentials" });
    expect(claims.expiresAt - claims.issuedAt).toBe(42_000);
    const t3 = await send(m.app, { path: "/_harness/tokens", json: { clientId: "demo-app", scope: "qos-profiles:read", phoneNumber: "+34600000002" } });
    expect(await m.app.tokens.verify(t3.body.access_token)).toMatchObject({ subscriberId: "sub-bob", grant: "authorization_code" });
  });

  it.each([
    ["unknown client", { clientId: "nobody", scope: "qos-profiles:read" }],
    ["no client", { scope: "qos-profiles:read" }],
    ["unknown phone number", { clientId: "demo-app", phoneNumber: "+34699999999" }],
    ["unknown subscriber id", { clientId: "demo-app", subscriberId: "sub-nobody" }],
    ["a JSON array", ["demo-app"]],
  ])("POST /tokens with %s -> 400", async (_name, json) => {
    expectError(await send(m.app, { path: "/_harness/tokens", json }), 400, "INVALID_ARGUMENT");
  });

  it.each([
    ["GET", "/_harness/nope"],
    ["GET", "/_harness/"],
    ["DELETE", "/_harness/reset"],
    ["GET", "/_harness/reset"],
    ["PUT", "/_harness/clock"],
    ["DELETE", "/_harness/sink/x"],
  ])("%s %s -> 404 NOT_FOUND", async (method, path) => {
    expectError(await send(m.app, { method, path }), 404, "NOT_FOUND");
  });
});

describe("routing outside the operations", () => {
  it.each([
    ["/"],
    ["/nope"],
    ["/quality-on-demand/v2/sessions"],
    ["/quality-on-demand/v1/nope"],
    ["/quality-on-demand/v1"],
    ["/qos-profiles/v1/qos-profiles"],
    ["/qos-profiles/v1/qos-profiles/QOS_E/extra"],
  ])("GET %s -> 404 NOT_FOUND (ErrorInfo)", async (path) => {
    expectError(await send(m.app, { path, token: await mint(m.app) }), 404, "NOT_FOUND");
  });

  it.each([
    ["PUT", `${QOD}/sessions`, ["POST"]],
    ["GET", `${QOD}/sessions`, ["POST"]],
    ["PATCH", `${QOD}/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6`, ["GET", "DELETE"]],
    ["POST", `${QOD}/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6`, ["GET", "DELETE"]],
    ["GET", `${QOD}/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6/extend`, ["POST"]],
    ["GET", `${QOD}/retrieve-sessions`, ["POST"]],
    ["DELETE", `${QOS}/qos-profiles/QOS_E`, ["GET"]],
    ["GET", `${QOS}/retrieve-qos-profiles`, ["POST"]],
  ])("%s %s -> 405 METHOD_NOT_ALLOWED, Allow %j", async (method, path, allowed) => {
    const res = await send(m.app, { method, path, token: await mint(m.app) });
    expectError(res, 405, "METHOD_NOT_ALLOWED");
    expect(res.headers.get("allow")!.split(/,\s*/).sort()).toEqual([...allowed].sort());
  });

  it("a trailing slash and a query string do not change the operation", async () => {
    const token = await mint(m.app);
    expect((await send(m.app, { path: `${QOS}/qos-profiles/QOS_E/`, token })).status).toBe(200);
    expect((await send(m.app, { path: `${QOS}/qos-profiles/QOS_E?x=1`, token })).status).toBe(200);
  });

  it("a percent-encoded path parameter is decoded", async () => {
    const res = await send(m.app, { path: `${QOS}/qos-profiles/QOS%5FE`, token: await mint(m.app) });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("QOS_E");
  });

  it.each([`${QOD}/sessions/%E0%A4%A`, `${QOD}/sessions/%`, `${QOS}/qos-profiles/QOS%ZZ`, `${QOD}/sessions/%C0%AF/extend`])(
    "a malformed percent-encoding (%s) is a 4xx ErrorInfo, not a crash",
    async (path) => {
      const token = await mint(m.app);
      const method = path.endsWith("/extend") ? "POST" : "GET";
      let res;
      try {
        res = await send(m.app, { method, path, token, json: method === "POST" ? { requestedAdditionalDuration: 1 } : undefined });
      } catch (error) {
        throw new Error(`app.fetch rejected instead of answering: ${(error as Error).message}`);
      }
      expect([400, 404]).toContain(res.status);
      expect(res.body).toMatchObject({ status: res.status, code: expect.any(String), message: expect.any(String) });
    },
  );
});
