/**
 * QoD v0.10.1 (pre-meta release, `/qod/v0`) in the mock: the stateful adapter in src/mock/apis/qod-v0
 * over the shared session state machine, driven in-process on a frozen virtual clock with real
 * tokens (client credentials from /token, 3-legged from CIBA). Every answer is also checked against
 * specs/qod/0.10.1.yaml by the mock itself (a violation would show up in `bugs`).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { redactAuthorization } from "../../src/mock/sinks.ts";
import { clientCredentialsToken, expectError, ORIGIN, send, type Answer, type MockFixture, startMock } from "./helpers.ts";

const V0 = "/qod/v0";
const EVENT_TYPE = "org.camaraproject.qod.v0.qos-status-changed";
const V0_SCOPES = "qod-sessions-write qod-sessions-read qod-sessions-delete";
const UNKNOWN_SESSION = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const WEBHOOK_TOKEN = "wh-token-3a7c9e1b5d2f-0001";

/** Devices of data/testdata.yaml. */
const DEVICE = {
  alice: { phoneNumber: "+34600000001" },
  bob: { ipv4Address: { publicAddress: "198.51.100.11", publicPort: 5001 } },
  carol: { phoneNumber: "+34600000003" }, // qod-not-applicable
  dave: { phoneNumber: "+34600000004" }, // qod-unavailable
  mallory: { ipv4Address: { publicAddress: "203.0.113.7", publicPort: 4000 } },
} as const;

const sessionBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  device: DEVICE.alice,
  applicationServer: { ipv4Address: "0.0.0.0/0" },
  qosProfile: "QOS_E",
  duration: 300,
  ...overrides,
});
const without = (key: string) => {
  const body = sessionBody();
  delete body[key];
  return body;
};
const sec = (ms: number) => Math.floor(ms / 1000);

let m: MockFixture;
let activation: number;
let retention: number;
let demo: string;
let other: string;

beforeAll(async () => {
  m = await startMock({ release: "pre-meta" });
  activation = m.app.testdata().operator.qodActivationSeconds;
  retention = m.app.testdata().operator.qodRetentionSeconds;
});
beforeEach(async () => {
  await m.app.reset();
  demo = await clientCredentialsToken(m.app, "demo-app", "demo-app-secret", V0_SCOPES);
  other = await clientCredentialsToken(m.app, "other-app", "other-app-secret", V0_SCOPES);
});
afterEach(() => {
  expect(m.bugs).toEqual([]);
});
afterAll(() => m.app.close());

const api = (token: string) => ({
  create: (body: unknown) => send(m.app, { path: `${V0}/sessions`, token, json: body }),
  get: (id: string) => send(m.app, { path: `${V0}/sessions/${id}`, token }),
  delete: (id: string) => send(m.app, { method: "DELETE", path: `${V0}/sessions/${id}`, token }),
  extend: (id: string, body: unknown) => send(m.app, { path: `${V0}/sessions/${id}/extend`, token, json: body }),
  profiles: (query = "") => send(m.app, { path: `${V0}/qos-profiles${query}`, token }),
  profile: (name: string) => send(m.app, { path: `${V0}/qos-profiles/${name}`, token }),
});

async function created(res: Answer): Promise<string> {
  expect(res.status, res.text).toBe(201);
  return res.body.sessionId as string;
}

async function createAvailable(body = sessionBody(), token = demo): Promise<string> {
  const id = await created(await api(token).create(body));
  await m.clock.advance(activation);
  expect((await api(token).get(id)).body.qosStatus).toBe("AVAILABLE");
  return id;
}

/** A 3-legged token through CIBA (poll mode), client_secret_basic. */
async function cibaToken(loginHint: string, params: Record<string, string>, client = ["demo-app", "demo-app-secret"]): Promise<string> {
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    authorization: `Basic ${Buffer.from(client.join(":")).toString("base64")}`,
  };
  const auth = await send(m.app, { path: "/bc-authorize", headers, raw: new URLSearchParams({ login_hint: loginHint, ...params }).toString() });
  expect(auth.status, auth.text).toBe(200);
  const grant = { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: auth.body.auth_req_id };
  const token = await send(m.app, { path: "/token", headers, raw: new URLSearchParams(grant).toString() });
  expect(token.status, token.text).toBe(200);
  return token.body.access_token;
}

const sinkUrl = (name: string) => `${ORIGIN}/_harness/sink/${name}`;
async function received(name: string): Promise<{ authorization?: string; body: { type: string; source: string; data: Record<string, unknown> } }[]> {
  return (await send(m.app, { path: `/_harness/sink/${name}` })).body;
}

describe("createSession errors", () => {
  const CASES: { name: string; body: unknown; status: number; code: string }[] = [
    { name: "no device", body: without("device"), status: 400, code: "INVALID_ARGUMENT" },
    { name: "empty device", body: sessionBody({ device: {} }), status: 400, code: "INVALID_ARGUMENT" },
    { name: "unknown phone number", body: sessionBody({ device: { phoneNumber: "+34699999999" } }), status: 400, code: "INVALID_ARGUMENT" },
    {
      name: "unknown IPv4 address and port",
      body: sessionBody({ device: { ipv4Address: { publicAddress: "203.0.113.99", publicPort: 1 } } }),
      status: 400,
      code: "INVALID_ARGUMENT",
    },
    {
      name: "only an unsupported identifier (network access identifier)",
      body: sessionBody({ device: { networkAccessIdentifier: "judy@iot.operator.example" } }),
      status: 400,
      code: "INVALID_ARGUMENT",
    },
    {
      name: "IPv4 public address alone",
      body: sessionBody({ device: { ipv4Address: { publicAddress: "203.0.113.7" } } }),
      status: 400,
      code: "INVALID_ARGUMENT",
    },
    { name: "no applicationServer", body: without("applicationServer"), status: 400, code: "INVALID_ARGUMENT" },
    { name: "empty applicationServer", body: sessionBody({ applicationServer: {} }), status: 400, code: "INVALID_ARGUMENT" },
    { name: "no qosProfile", body: without("qosProfile"), status: 400, code: "INVALID_ARGUMENT" },
    { name: "unknown qosProfile", body: sessionBody({ qosProfile: "QOS_X1" }), status: 400, code: "INVALID_ARGUMENT" },
    { name: "DEPRECATED qosProfile", body: sessionBody({ qosProfile: "QOS_LEGACY" }), status: 400, code: "INVALID_ARGUMENT" },
    { name: "INACTIVE qosProfile", body: sessionBody({ qosProfile: "QOS_LAB" }), status: 400, code: "INVALID_ARGUMENT" },
    // schema bounds: INVALID_ARGUMENT, because the request validator picks OUT_OF_RANGE only where a
    // spec enumerates it in a schema, and v0 shows its codes in examples only (the official v0.10.1
    // examples use OUT_OF_RANGE for a bad port)
    { name: "duration 0", body: sessionBody({ duration: 0 }), status: 400, code: "INVALID_ARGUMENT" },
    { name: "duration 86401", body: sessionBody({ duration: 86401 }), status: 400, code: "INVALID_ARGUMENT" },
    { name: "duration not an integer", body: sessionBody({ duration: 300.5 }), status: 400, code: "INVALID_ARGUMENT" },
    { name: "duration above the profile's maxDuration", body: sessionBody({ qosProfile: "QOS_L", duration: 7200 }), status: 400, code: "OUT_OF_RANGE" },
    { name: "duration below the profile's minDuration", body: sessionBody({ qosProfile: "QOS_L", duration: 30 }), status: 400, code: "OUT_OF_RANGE" },
    {
      name: "port range with from > to",
      body: sessionBody({ devicePorts: { ranges: [{ from: 6100, to: 6000 }] } }),
      status: 400,
      code: "OUT_OF_RANGE",
    },
    { name: "port above 65535", body: sessionBody({ applicationServerPorts: { ports: [65536] } }), status: 400, code: "INVALID_ARGUMENT" },
    { name: "webhook without notificationUrl", body: sessionBody({ webhook: {} }), status: 400, code: "INVALID_ARGUMENT" },
    {
      name: "notificationAuthToken shorter than 20 characters",
      body: sessionBody({ webhook: { notificationUrl: sinkUrl("short"), notificationAuthToken: "short" } }),
      status: 400,
      code: "INVALID_ARGUMENT",
    },
    {
      name: "the seed's body (applicationServer, qosProfile and duration nested in device)",
      body: { device: { ...DEVICE.mallory, applicationServer: { ipv4Address: "0.0.0.0/0" }, qosProfile: "QOS_E", duration: 300 } },
      status: 400,
      code: "INVALID_ARGUMENT",
    },
    { name: "a device for which QoD is not offered", body: sessionBody({ device: DEVICE.carol }), status: 501, code: "NOT_IMPLEMENTED" },
  ];

  it.each(CASES)("$name -> $status $code", async ({ body, status, code }) => {
    expectError(await api(demo).create(body), status, code);
  });

  it.each([
    { name: "no token", token: undefined },
    { name: "a token the mock did not issue", token: "not-a-token" },
  ])("$name -> 401 UNAUTHENTICATED", async ({ token }) => {
    expectError(await send(m.app, { path: `${V0}/sessions`, token, json: sessionBody() }), 401, "UNAUTHENTICATED");
  });

  it.each([
    { name: "the same client", second: () => demo },
    { name: "another client", second: () => other },
  ])("a second session for a device with an active one, by $name -> 409 CONFLICT", async ({ second }) => {
    await created(await api(demo).create(sessionBody()));
    expectError(await api(second()).create(sessionBody({ qosProfile: "QOS_M" })), 409, "CONFLICT");
    await m.clock.advance(activation);
    expectError(await api(second()).create(sessionBody()), 409, "CONFLICT");
  });
});

describe("session operation errors", () => {
  type Setup = "unknown" | "malformed" | "other-client" | "requested" | "expired";
  const CASES: { op: "get" | "delete" | "extend"; setup: Setup; body?: unknown; status: number; code: string }[] = [
    { op: "get", setup: "unknown", status: 404, code: "NOT_FOUND" },
    { op: "get", setup: "malformed", status: 400, code: "INVALID_ARGUMENT" },
    { op: "get", setup: "other-client", status: 403, code: "PERMISSION_DENIED" },
    { op: "delete", setup: "unknown", status: 404, code: "NOT_FOUND" },
    { op: "delete", setup: "malformed", status: 400, code: "INVALID_ARGUMENT" },
    { op: "delete", setup: "other-client", status: 403, code: "PERMISSION_DENIED" },
    { op: "extend", setup: "unknown", status: 404, code: "NOT_FOUND" },
    { op: "extend", setup: "malformed", status: 400, code: "INVALID_ARGUMENT" },
    { op: "extend", setup: "other-client", status: 403, code: "PERMISSION_DENIED" },
    { op: "extend", setup: "requested", status: 400, code: "INVALID_ARGUMENT" },
    { op: "extend", setup: "expired", status: 400, code: "INVALID_ARGUMENT" },
    { op: "extend", setup: "requested", body: { requestedAdditionalDuration: 0 }, status: 400, code: "INVALID_ARGUMENT" },
    { op: "extend", setup: "requested", body: { requestedAdditionalDuration: 86400 }, status: 400, code: "INVALID_ARGUMENT" },
    { op: "extend", setup: "requested", body: {}, status: 400, code: "INVALID_ARGUMENT" },
  ];

  async function target(setup: Setup): Promise<{ id: string; token: string }> {
    switch (setup) {
      case "unknown":
        return { id: UNKNOWN_SESSION, token: demo };
      case "malformed":
        return { id: "not-a-uuid", token: demo };
      case "other-client":
        return { id: await createAvailable(), token: other };
      case "requested":
        return { id: await created(await api(demo).create(sessionBody())), token: demo };
      case "expired": {
        const id = await createAvailable(sessionBody({ duration: 60 }));
        await m.clock.advance(60);
        return { id, token: demo };
      }
    }
  }

  it.each(CASES)("$op on a $setup session $body -> $status $code", async ({ op, setup, body, status, code }) => {
    const { id, token } = await target(setup);
    const res =
      op === "extend" ? await api(token).extend(id, body ?? { requestedAdditionalDuration: 60 }) : await api(token)[op](id);
    expectError(res, status, code);
  });
});

describe("session lifecycle", () => {
  it("create -> 201 REQUESTED with startedAt / expiresAt as Unix seconds (counted from the creation), webhook without its token", async () => {
    const webhook = { notificationUrl: sinkUrl("life"), notificationAuthToken: WEBHOOK_TOKEN };
    const t0 = sec(m.clock.now());
    const res = await api(demo).create(sessionBody({ webhook, devicePorts: { ports: [5060] } }));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      device: DEVICE.alice,
      applicationServer: { ipv4Address: "0.0.0.0/0" },
      devicePorts: { ports: [5060] },
      qosProfile: "QOS_E",
      webhook: { notificationUrl: webhook.notificationUrl },
      duration: 300,
      startedAt: t0,
      expiresAt: t0 + 300,
      qosStatus: "REQUESTED",
    });
    expect((await api(demo).get(res.body.sessionId)).body).toEqual(res.body);
  });

  it("REQUESTED -> AVAILABLE after qodActivationSeconds; a v0 CloudEvent with the notificationAuthToken as bearer token", async () => {
    const webhook = { notificationUrl: sinkUrl("avail"), notificationAuthToken: WEBHOOK_TOKEN };
    const id = await createAvailable(sessionBody({ webhook }));
    const now = sec(m.clock.now());
    expect((await api(demo).get(id)).body).toMatchObject({ qosStatus: "AVAILABLE", startedAt: now, expiresAt: now + 300, duration: 300 });
    const events = await received("avail");
    expect(events).toHaveLength(1);
    expect(events[0].authorization).toBe(redactAuthorization(`Bearer ${WEBHOOK_TOKEN}`));
    expect(events[0].body).toMatchObject({
      type: EVENT_TYPE,
      specversion: "1.0",
      source: `${ORIGIN}${V0}/sessions/${id}`,
      data: { sessionId: id, qosStatus: "AVAILABLE" },
    });
  });

  it("a webhook without notificationAuthToken gets its events without Authorization", async () => {
    await createAvailable(sessionBody({ webhook: { notificationUrl: sinkUrl("open") } }));
    const events = await received("open");
    expect(events).toHaveLength(1);
    expect(events[0].authorization).toBeUndefined();
  });

  it.each([
    { profile: "QOS_E", duration: 86400 },
    { profile: "QOS_L", duration: 3600 },
  ])("without duration, a $profile session lasts the longest it may: $duration s", async ({ profile, duration }) => {
    const body = without("duration");
    body.qosProfile = profile;
    const res = await api(demo).create(body);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ duration, expiresAt: res.body.startedAt + duration });
  });

  it("time runs out -> UNAVAILABLE + DURATION_EXPIRED event; kept qodRetentionSeconds, then 404", async () => {
    const id = await createAvailable(sessionBody({ duration: 60, webhook: { notificationUrl: sinkUrl("expiry") } }));
    const started = sec(m.clock.now());
    await m.clock.advance(60);
    const res = await api(demo).get(id);
    expect(res.body).toMatchObject({ qosStatus: "UNAVAILABLE", startedAt: started, expiresAt: started + 60, duration: 60 });
    expect(res.body).not.toHaveProperty("statusInfo"); // not in v0's SessionInfo
    expect((await received("expiry")).map((e) => e.body.data)).toEqual([
      { sessionId: id, qosStatus: "AVAILABLE" },
      { sessionId: id, qosStatus: "UNAVAILABLE", statusInfo: "DURATION_EXPIRED" },
    ]);
    await m.clock.advance(retention);
    expectError(await api(demo).get(id), 404, "NOT_FOUND");
    // the adapter's own record of the session went with it
    expect(await m.app.store.values("qod-v0.sessions")).toEqual([]);
  });

  it("delete of an AVAILABLE session -> 204, DELETE_REQUESTED event, then 404", async () => {
    const id = await createAvailable(sessionBody({ webhook: { notificationUrl: sinkUrl("del") } }));
    const res = await api(demo).delete(id);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect((await received("del")).at(-1)?.body.data).toEqual({ sessionId: id, qosStatus: "UNAVAILABLE", statusInfo: "DELETE_REQUESTED" });
    expectError(await api(demo).get(id), 404, "NOT_FOUND");
    expectError(await api(demo).delete(id), 404, "NOT_FOUND");
    expect(await m.app.store.values("qod-v0.sessions")).toEqual([]);
    // the device is free again
    await created(await api(demo).create(sessionBody()));
  });

  it("delete of a REQUESTED session sends nothing", async () => {
    const id = await created(await api(demo).create(sessionBody({ webhook: { notificationUrl: sinkUrl("early") } })));
    expect((await api(demo).delete(id)).status).toBe(204);
    await m.clock.advance(activation);
    expect(await received("early")).toEqual([]);
  });

  it("the network cannot provide it -> UNAVAILABLE + NETWORK_TERMINATED; the client must delete it before creating another (409)", async () => {
    const t0 = sec(m.clock.now());
    const id = await created(await api(demo).create(sessionBody({ device: DEVICE.dave, webhook: { notificationUrl: sinkUrl("dave") } })));
    await m.clock.advance(activation);
    const info = (await api(demo).get(id)).body;
    expect(info).toMatchObject({ qosStatus: "UNAVAILABLE", startedAt: t0, duration: 300 });
    // never started: expiresAt is the termination instant where the state machine records one, else the planned end
    expect(info.expiresAt).toBeGreaterThanOrEqual(t0);
    expect(info.expiresAt).toBeLessThanOrEqual(t0 + 300);
    expect((await received("dave")).map((e) => e.body.data)).toEqual([
      { sessionId: id, qosStatus: "UNAVAILABLE", statusInfo: "NETWORK_TERMINATED" },
    ]);
    expectError(await api(demo).create(sessionBody({ device: DEVICE.dave })), 409, "CONFLICT");
    // another client cannot delete it, so it is not blocked by it
    expect((await api(other).create(sessionBody({ device: DEVICE.dave }))).status).toBe(201);
    expect((await api(demo).delete(id)).status).toBe(204);
    await m.clock.advance(activation); // the other client's session ends the same way: no longer active
    expect((await api(demo).create(sessionBody({ device: DEVICE.dave }))).status).toBe(201);
  });
});

describe("extend", () => {
  // [created duration, seconds elapsed after activation, requested, expected overall duration]
  const CASES = [
    { name: "plain", duration: 300, elapsed: 0, requested: 300, expected: 600 },
    { name: "official v0.10.1 example: remaining capped at 86,400 s", duration: 80_000, elapsed: 10_000, requested: 20_000, expected: 96_400 },
    { name: "our spec's example", duration: 50_000, elapsed: 20_000, requested: 60_000, expected: 106_400 },
    { name: "already one day left: nothing added", duration: 86_400, elapsed: 0, requested: 1, expected: 86_400 },
    { name: "not capped by the profile's maxDuration (QOS_L: 3600 s)", duration: 3600, elapsed: 0, requested: 3600, expected: 7200, profile: "QOS_L" },
  ];

  it.each(CASES)("$name: $duration s + $requested s after $elapsed s -> $expected s", async ({ duration, elapsed, requested, expected, profile }) => {
    const id = await createAvailable(sessionBody({ duration, qosProfile: profile ?? "QOS_E" }));
    const started = sec(m.clock.now());
    await m.clock.advance(elapsed);
    // sessions belong to the client, not to a token: a fresh token (the first one expired) may extend
    demo = await clientCredentialsToken(m.app, "demo-app", "demo-app-secret", V0_SCOPES);
    const res = await api(demo).extend(id, { requestedAdditionalDuration: requested });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ sessionId: id, qosStatus: "AVAILABLE", duration: expected, startedAt: started, expiresAt: started + expected });
    expect(res.body.expiresAt - sec(m.clock.now())).toBeLessThanOrEqual(86_400);
    expect((await api(demo).get(id)).body).toEqual(res.body);
  });

  it("the extended session expires at its new expiresAt", async () => {
    const id = await createAvailable(sessionBody({ duration: 60 }));
    await api(demo).extend(id, { requestedAdditionalDuration: 60 });
    await m.clock.advance(119);
    expect((await api(demo).get(id)).body.qosStatus).toBe("AVAILABLE");
    await m.clock.advance(1);
    expect((await api(demo).get(id)).body.qosStatus).toBe("UNAVAILABLE");
  });
});

describe("3-legged tokens (CIBA)", () => {
  it.each<{ name: string; params: Record<string, string> }>([
    { name: "Open Gateway purpose only", params: { purpose: "dpv:RequestedServiceProvision#qod" } },
    { name: "v0 scopes", params: { scope: "openid qod-sessions-write qod-sessions-read qod-sessions-delete" } },
  ])("$name: create, get, extend, delete", async ({ params }) => {
    const token = await cibaToken("ipport:203.0.113.7:4000", params);
    const id = await createAvailable(sessionBody({ device: DEVICE.mallory }), token);
    expect((await api(token).extend(id, { requestedAdditionalDuration: 60 })).status).toBe(200);
    expect((await api(token).delete(id)).status).toBe(204);
  });

  it("v0 has no link between token and device: mallory's token may create and read a session for bob", async () => {
    const token = await cibaToken("tel:+34600000013", { purpose: "dpv:RequestedServiceProvision#qod" });
    const id = await created(await api(token).create(sessionBody({ device: DEVICE.bob })));
    expect((await api(token).get(id)).body.device).toEqual(DEVICE.bob);
    // the session belongs to the client: a client-credentials token of the same client reads it too
    expect((await api(demo).get(id)).status).toBe(200);
    expectError(await api(other).get(id), 403, "PERMISSION_DENIED");
  });
});

describe("QoS profiles", () => {
  const names = (status?: string) =>
    m.app
      .testdata()
      .qosProfiles.filter((p) => !p.restrictedTo && (status === undefined || p.status === status))
      .map((p) => p.name);

  it.each([
    { query: "", want: () => names() },
    { query: "?name=QOS_E", want: () => ["QOS_E"] },
    { query: "?status=ACTIVE", want: () => names("ACTIVE") },
    { query: "?status=DEPRECATED", want: () => ["QOS_LEGACY"] },
    { query: "?name=QOS_LAB&status=INACTIVE", want: () => ["QOS_LAB"] },
  ])("GET /qos-profiles$query -> 200", async ({ query, want }) => {
    const res = await api(demo).profiles(query);
    expect(res.status, res.text).toBe(200);
    expect(res.body.map((p: { name: string }) => p.name)).toEqual(want());
  });

  it.each(["?name=QOS_X1", "?name=QOS_E&status=INACTIVE"])("GET /qos-profiles%s (nothing matches) -> 404 NOT_FOUND", async (query) => {
    expectError(await api(demo).profiles(query), 404, "NOT_FOUND");
  });

  it("GET /qos-profiles/{name} -> 200 with the properties of the v0 schema", async () => {
    const res = await api(demo).profile("QOS_L");
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ name: "QOS_L", status: "ACTIVE", maxDuration: { value: 3600, unit: "Seconds" } });
  });

  it.each([
    { name: "QOS_X1", status: 404, code: "NOT_FOUND" },
    { name: "ab", status: 400, code: "INVALID_ARGUMENT" },
    { name: "bad%20name", status: 400, code: "INVALID_ARGUMENT" },
  ])("GET /qos-profiles/$name -> $status $code", async ({ name, status, code }) => {
    expectError(await api(demo).profile(name), status, code);
  });

  it("profiles need a token too", async () => {
    expectError(await send(m.app, { path: `${V0}/qos-profiles` }), 401, "UNAUTHENTICATED");
  });
});
