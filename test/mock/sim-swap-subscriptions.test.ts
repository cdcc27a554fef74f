/**
 * SIM Swap Subscriptions 0.3.0 in the mock: every scenario idea of the official test definitions
 * (SimSwap r3.3 sim-swap-subscriptions.feature, ids in the test names) and the lifecycle of the CAMARA
 * event subscription guide (§2.2 explicit subscriptions, §2.2.5 termination, §3.4 subscription-ended),
 * with CloudEvents delivered to a REAL local node:http sink (http://127.0.0.1, allowed by
 * allowInsecureSinks). The mock runs on a frozen virtual clock; SIM swaps are recorded through
 * `POST /_harness/subscribers/{phoneNumber}/sim-change`.
 *
 * Where the official expectations contradict the spec (CAMARA-DIGEST §6.8) we follow the spec:
 *   creation_100  official 422 UNSUPPORTED_IDENTIFIER (not in the spec's 422 enum) -> 422 SERVICE_NOT_APPLICABLE
 *   creation_25   row "$.config.subscriptionDetail.phoneNumber" missing: official 400 INVALID_ARGUMENT;
 *                 with a 2-legged token the spec (and the official creation_102) say 422 MISSING_IDENTIFIER,
 *                 with a 3-legged token it is the normal case -> 201
 *   creation_26   official 400 INVALID_ARGUMENT although INVALID_SINK exists: a sink that is not a URL
 *                 breaks the schema, so INVALID_ARGUMENT is what the spec gives too (no contradiction left)
 *   creation_02   async creation (202): bypassed, the mock creates synchronously (creation_01 applies)
 *   delete_05     official asserts Content-Type application/json and a Subscription body on the 204, and
 *                 data.phoneNumber in subscription-ended: the spec's 204 has no body and SubscriptionEnded
 *                 has no phoneNumber -> no body, no phoneNumber
 *   all           official `$.status` checks are read as the HTTP status
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ValidateFunction } from "ajv";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACCESS_TOKEN_MARGIN_MS, ENDED_RETENTION_MS } from "../../src/apis/sim-swap-subscriptions/subscriptions.ts";
import { createAjv } from "../../src/openapi/validation/ajv.ts";
import { loadDereferenced } from "../../src/openapi/contract.ts";
import { type Answer, expectError, mint, type MintOptions, type MockFixture, ORIGIN, send, startMock } from "./helpers.ts";

const BASE = "/sim-swap-subscriptions/v0.3";
const SWAPPED = "org.camaraproject.sim-swap-subscriptions.v0.swapped";
const ENDED = "org.camaraproject.sim-swap-subscriptions.v0.subscription-ended";
const SCOPES = {
  create: `sim-swap-subscriptions:${SWAPPED}:create`,
  read: "sim-swap-subscriptions:read",
  delete: "sim-swap-subscriptions:delete",
};
const ALL = Object.values(SCOPES).join(" ");
const LINES = {
  alice: "+34600000001",
  bob: "+34600000002",
  niaj: "+34600000014",
  trent: "+34600000019", // sim-swap-not-applicable
  unknown: "+34699999999",
} as const;
const SINK_TOKEN = "sink-token-0123456789";
const UNKNOWN_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HOUR = 3600;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

let m: MockFixture;
let sink: Server;
let sinkBase: string;
let received: Received[] = [];
let validateSwapped: ValidateFunction;
let validateEnded: ValidateFunction;
let twoLegged: string;

beforeAll(async () => {
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url!, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  sinkBase = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  m = await startMock({ allowInsecureSinks: true });
  // notifications are checked against the spec's own event schemas
  const spec = (await loadDereferenced("specs/sim-swap-subscriptions/0.3.0.yaml")) as any;
  const ajv = createAjv({ allErrors: true });
  validateSwapped = ajv.compile(spec.components.schemas.EventSimSwap);
  validateEnded = ajv.compile(spec.components.schemas.EventSubscriptionEnded);
});
beforeEach(async () => {
  await m.app.reset();
  received = [];
  twoLegged = await token();
});
afterEach(() => {
  // every answer was checked against the spec by the mock itself; a violation is reported here
  expect(m.bugs.splice(0)).toEqual([]);
});
afterAll(async () => {
  await m.app.close();
  sink.closeAllConnections();
  await new Promise((resolve) => sink.close(resolve));
});

const iso = (ms: number) => new Date(ms).toISOString();
const sinkUrl = (name = "hooks") => `${sinkBase}/${name}`;
const token = (options: MintOptions = {}) => mint(m.app, { scope: ALL, expiresIn: 10 * 24 * HOUR, ...options });
const credential = (overrides: Record<string, unknown> = {}) => ({
  credentialType: "ACCESSTOKEN",
  accessToken: SINK_TOKEN,
  accessTokenExpiresUtc: iso(m.clock.now() + 30 * 24 * HOUR * 1000),
  accessTokenType: "bearer",
  ...overrides,
});

/** A valid 2-legged creation body for alice, with a sink credential. */
function body(overrides: { config?: Record<string, unknown>; detail?: Record<string, unknown>; [k: string]: unknown } = {}) {
  const { config, detail, ...rest } = overrides;
  return {
    protocol: "HTTP",
    sink: sinkUrl(),
    sinkCredential: credential(),
    types: [SWAPPED],
    config: { subscriptionDetail: detail ?? { phoneNumber: LINES.alice }, ...config },
    ...rest,
  };
}
const threeLeggedBody = (overrides: { config?: Record<string, unknown>; [k: string]: unknown } = {}) => body({ detail: {}, ...overrides });

const create = (json: unknown, as = twoLegged, headers?: Record<string, string>) =>
  send(m.app, { path: `${BASE}/subscriptions`, token: as, json, headers });
const get = (id: string, as = twoLegged) => send(m.app, { path: `${BASE}/subscriptions/${id}`, token: as });
const list = (as = twoLegged) => send(m.app, { path: `${BASE}/subscriptions`, token: as });
const del = (id: string, as = twoLegged) => send(m.app, { method: "DELETE", path: `${BASE}/subscriptions/${id}`, token: as });
const swap = async (phoneNumber: string) => {
  const res = await send(m.app, { path: `/_harness/subscribers/${encodeURIComponent(phoneNumber)}/sim-change`, json: {} });
  expect(res.status, res.text).toBe(201);
  return Date.parse(res.body.at);
};

async function created(json: unknown = body(), as = twoLegged): Promise<string> {
  const res = await create(json, as);
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

const events = () => received.map((r) => ({ type: r.body.type, data: r.body.data }));

function expectConformingEvent(r: Received): void {
  const validate = r.body.type === SWAPPED ? validateSwapped : validateEnded;
  expect(validate(r.body), JSON.stringify(validate.errors)).toBe(true);
  expect(r.headers["content-type"]).toMatch(/^application\/cloudevents\+json/);
}

describe("creation (sim_swap_subscription_creation_01_sync_creation)", () => {
  it("2-legged: 201 Subscription echoing types, protocol, sink and phoneNumber; startsAt = now; ACTIVE; no sinkCredential", async () => {
    const res = await create(body(), twoLegged, { "x-correlator": "c0rr-01" });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-correlator")).toBe("c0rr-01");
    expect(res.body).toEqual({
      protocol: "HTTP",
      sink: sinkUrl(),
      types: [SWAPPED],
      config: { subscriptionDetail: { phoneNumber: LINES.alice } },
      id: expect.stringMatching(UUID),
      startsAt: iso(m.clock.now()),
      status: "ACTIVE",
    });
  });

  it("subscriptionExpireTime and subscriptionMaxEvents are echoed; expiresAt = subscriptionExpireTime", async () => {
    const expire = iso(m.clock.now() + 48 * HOUR * 1000);
    const res = await create(body({ config: { subscriptionExpireTime: expire, subscriptionMaxEvents: 3 } }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.config).toEqual({ subscriptionDetail: { phoneNumber: LINES.alice }, subscriptionExpireTime: expire, subscriptionMaxEvents: 3 });
    expect(res.body.expiresAt).toBe(expire);
  });

  it("3-legged: 201 without any phone number (data minimisation)", async () => {
    const res = await create(threeLeggedBody(), await token({ phoneNumber: LINES.alice }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.config).toEqual({ subscriptionDetail: {} });
    expect(res.text).not.toContain(LINES.alice);
  });

  it("without sinkCredential: 201 (the credential is optional)", async () => {
    const { sinkCredential: _omitted, ...rest } = body();
    expect((await create(rest)).status).toBe(201);
  });
});

describe("creation: 400", () => {
  const withCredential = (overrides: Record<string, unknown>) => () => body({ sinkCredential: credential(overrides) });
  const cases: [name: string, code: string, make: () => unknown][] = [
    ["creation_20_invalid_protocol MQTT3", "INVALID_PROTOCOL", () => body({ protocol: "MQTT3" })],
    ["creation_20_invalid_protocol MQTT5", "INVALID_PROTOCOL", () => body({ protocol: "MQTT5" })],
    ["creation_20_invalid_protocol AMQP", "INVALID_PROTOCOL", () => body({ protocol: "AMQP" })],
    ["creation_20_invalid_protocol NATS", "INVALID_PROTOCOL", () => body({ protocol: "NATS" })],
    ["creation_20_invalid_protocol KAFKA", "INVALID_PROTOCOL", () => body({ protocol: "KAFKA" })],
    ["protocol outside the enum (schema)", "INVALID_ARGUMENT", () => body({ protocol: "FTP" })],
    ["creation_21_invalid_credential PLAIN", "INVALID_CREDENTIAL", withCredential({ credentialType: "PLAIN" })],
    [
      "creation_21_invalid_credential REFRESHTOKEN",
      "INVALID_CREDENTIAL",
      withCredential({ credentialType: "REFRESHTOKEN" }),
    ],
    // PRIVATE_KEY_JWT is not in this spec's credentialType enum: a schema violation
    ["credentialType PRIVATE_KEY_JWT (not in the enum)", "INVALID_ARGUMENT", withCredential({ credentialType: "PRIVATE_KEY_JWT" })],
    ["creation_22_invalid_token", "INVALID_TOKEN", withCredential({ accessTokenType: "mac" })],
    ["ACCESSTOKEN without accessToken", "INVALID_ARGUMENT", withCredential({ accessToken: undefined })],
    ["ACCESSTOKEN without accessTokenType", "INVALID_ARGUMENT", withCredential({ accessTokenType: undefined })],
    ["accessTokenExpiresUtc not a date-time", "INVALID_ARGUMENT", withCredential({ accessTokenExpiresUtc: "tomorrow" })],
    ["accessTokenExpiresUtc in the past", "INVALID_ARGUMENT", () => body({ sinkCredential: credential({ accessTokenExpiresUtc: iso(m.clock.now() - 1000) }) })],
    ["creation_23_invalid_eventType", "INVALID_ARGUMENT", () => body({ types: ["org.camaraproject.sim-swap-subscriptions.v0.unknown"] })],
    ["types: subscription-ended cannot be subscribed to", "INVALID_ARGUMENT", () => body({ types: [ENDED] })],
    ["types: empty", "INVALID_ARGUMENT", () => body({ types: [] })],
    ["types: two items", "INVALID_ARGUMENT", () => body({ types: [SWAPPED, SWAPPED] })],
    [
      "creation_24_invalid_subscription_expire_time (past)",
      "INVALID_ARGUMENT",
      () => body({ config: { subscriptionExpireTime: iso(m.clock.now() - 1000) } }),
    ],
    ["subscriptionExpireTime = now", "INVALID_ARGUMENT", () => body({ config: { subscriptionExpireTime: iso(m.clock.now()) } })],
    ["subscriptionExpireTime not a date-time", "INVALID_ARGUMENT", () => body({ config: { subscriptionExpireTime: "soon" } })],
    ["creation_25 missing $.protocol", "INVALID_ARGUMENT", () => body({ protocol: undefined })],
    ["creation_25 missing $.sink", "INVALID_ARGUMENT", () => body({ sink: undefined })],
    ["creation_25 missing $.types", "INVALID_ARGUMENT", () => body({ types: undefined })],
    ["missing $.config", "INVALID_ARGUMENT", () => ({ ...body(), config: undefined })],
    ["missing $.config.subscriptionDetail", "INVALID_ARGUMENT", () => ({ ...body(), config: {} })],
    [
      "creation_26_invalid_sink (not a URL, expire time in the past)",
      "INVALID_ARGUMENT",
      () => body({ sink: "not-a-url", config: { subscriptionExpireTime: iso(m.clock.now() - 1000) } }),
    ],
    ["subscriptionMaxEvents 0 (minimum 1)", "OUT_OF_RANGE", () => body({ config: { subscriptionMaxEvents: 0 } })],
    ["subscriptionMaxEvents not an integer", "INVALID_ARGUMENT", () => body({ config: { subscriptionMaxEvents: 1.5 } })],
    ["phoneNumber not E.164", "INVALID_ARGUMENT", () => body({ detail: { phoneNumber: "600000001" } })],
  ];
  it.each(cases)("%s -> 400 %s", async (_name, code, make) => {
    // JSON.stringify drops the undefined properties: they are "not included"
    expectError(await create(JSON.parse(JSON.stringify(make()))), 400, code);
  });

  it("no body -> 400 INVALID_ARGUMENT", async () => {
    expectError(await send(m.app, { method: "POST", path: `${BASE}/subscriptions`, token: twoLegged }), 400, "INVALID_ARGUMENT");
  });

  it("an http sink without allowInsecureSinks -> 400 INVALID_ARGUMENT (the spec requires https)", async () => {
    const strict = await startMock();
    try {
      const as = await mint(strict.app, { scope: ALL });
      const res = await send(strict.app, { path: `${BASE}/subscriptions`, token: as, json: body() });
      expectError(res, 400, "INVALID_ARGUMENT");
      const ok = await send(strict.app, { path: `${BASE}/subscriptions`, token: as, json: body({ sink: "https://hooks.example/sim" }) });
      expect(ok.status, ok.text).toBe(201);
      expect(strict.bugs).toEqual([]);
    } finally {
      strict.app.close();
    }
  });
});

describe("creation: 401 / 403", () => {
  const unauthenticated: [string, () => Promise<string | undefined>][] = [
    ["creation_40_no_authorization_header", async () => undefined],
    ["creation_41_expired_access_token", () => mint(m.app, { scope: ALL, expiresIn: -60 })],
    ["creation_42_invalid_access_token", async () => "not-a-valid-token"],
  ];
  it.each(unauthenticated)("%s -> 401 UNAUTHENTICATED", async (_name, make) => {
    const res = await send(m.app, { path: `${BASE}/subscriptions`, token: await make(), json: body(), headers: { "x-correlator": "c-401" } });
    expectError(res, 401, "UNAUTHENTICATED");
    expect(res.headers.get("x-correlator")).toBe("c-401");
  });

  const operations: [string, string, (as: string) => Promise<Answer>][] = [
    ["createSimSwapSubscription", SCOPES.create, (as) => create(body(), as)],
    ["retrieveSubscriptionList", SCOPES.read, (as) => list(as)],
    ["retrieveSubscription", SCOPES.read, (as) => get(UNKNOWN_ID, as)],
    ["deleteSubscription", SCOPES.delete, (as) => del(UNKNOWN_ID, as)],
  ];
  it.each(operations)("%s without its scope (%s) -> 403 PERMISSION_DENIED", async (_op, scope, call) => {
    const others = Object.values(SCOPES).filter((s) => s !== scope).join(" ");
    expectError(await call(await mint(m.app, { scope: others })), 403, "PERMISSION_DENIED");
  });
});

describe("creation: identification (422)", () => {
  const cases: [name: string, code: string, as: () => Promise<string>, make: () => unknown][] = [
    // official: 3-legged token + phoneNumber in the body (even the token's own number)
    ["creation_101_phone_number_token_mismatch (same number)", "UNNECESSARY_IDENTIFIER", () => token({ phoneNumber: LINES.alice }), () => body()],
    ["3-legged token + another number", "UNNECESSARY_IDENTIFIER", () => token({ phoneNumber: LINES.bob }), () => body()],
    ["creation_102_missing_identifier", "MISSING_IDENTIFIER", () => token(), () => threeLeggedBody()],
    // creation_25 row $.config.subscriptionDetail.phoneNumber: official 400 INVALID_ARGUMENT, spec 422
    ["creation_25 missing phoneNumber, 2-legged", "MISSING_IDENTIFIER", () => token(), () => body({ detail: {} })],
    // official creation_100 expects UNSUPPORTED_IDENTIFIER, which the spec's 422 enum does not have
    [
      "creation_100_not_applicable (2-legged)",
      "SERVICE_NOT_APPLICABLE",
      () => token(),
      () => body({ detail: { phoneNumber: LINES.trent } }),
    ],
    ["not applicable (3-legged)", "SERVICE_NOT_APPLICABLE", () => token({ phoneNumber: LINES.trent }), () => threeLeggedBody()],
    // createSimSwapSubscription documents no 404 IDENTIFIER_NOT_FOUND: an unknown number is not served
    ["unknown phone number", "SERVICE_NOT_APPLICABLE", () => token(), () => body({ detail: { phoneNumber: LINES.unknown } })],
  ];
  it.each(cases)("%s -> 422 %s", async (_name, code, as, make) => {
    expectError(await create(make(), await as()), 422, code);
  });

  it("3-legged without phoneNumber -> 201 (creation_25's missing phoneNumber is the normal 3-legged case)", async () => {
    expect((await create(threeLeggedBody(), await token({ phoneNumber: LINES.alice }))).status).toBe(201);
  });

  it("400 rules come before identification: invalid protocol + missing identifier -> 400 INVALID_PROTOCOL", async () => {
    expectError(await create(body({ protocol: "MQTT5", detail: {} })), 400, "INVALID_PROTOCOL");
  });
});

describe("creation: 409 ALREADY_EXISTS", () => {
  const cases: [name: string, status: 201 | 409, as: () => Promise<string>, make: () => unknown][] = [
    ["same client, number, type and sink (2-legged twice)", 409, async () => twoLegged, () => body()],
    ["the same line through a 3-legged token", 409, () => token({ phoneNumber: LINES.alice }), () => threeLeggedBody()],
    ["another sink", 201, async () => twoLegged, () => body({ sink: sinkUrl("other") })],
    ["another number", 201, async () => twoLegged, () => body({ detail: { phoneNumber: LINES.bob } })],
    ["another client", 201, () => token({ clientId: "other-app" }), () => body()],
  ];
  it.each(cases)("existing ACTIVE subscription, then %s -> %i", async (_name, status, as, make) => {
    await created();
    const res = await create(make(), await as());
    if (status === 409) expectError(res, 409, "ALREADY_EXISTS");
    else expect(res.status, res.text).toBe(201);
  });

  it("a deleted or ended subscription no longer blocks a new one", async () => {
    await del(await created());
    const ended = await created(body({ config: { subscriptionMaxEvents: 1 } }));
    await swap(LINES.alice);
    expect((await get(ended)).body.status).toBe("EXPIRED");
    expect((await create(body())).status).toBe(201);
  });
});

describe("retrieve", () => {
  it("retrieve_03_retrieve_by_id: 200, the Subscription as created", async () => {
    const res = await create(body({ config: { subscriptionMaxEvents: 2 } }));
    const got = await get(res.body.id);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toMatch(/^application\/json/);
    expect(got.body).toEqual(res.body);
  });

  it("retrieve_80_not_found_retrieve_by_id -> 404 NOT_FOUND", async () => {
    expectError(await get(UNKNOWN_ID), 404, "NOT_FOUND");
  });

  it.each([
    ["another client (2-legged)", () => token({ clientId: "other-app" })],
    ["another client (3-legged, same line)", () => token({ clientId: "other-app", phoneNumber: LINES.alice })],
    ["the same client, 3-legged for another line", () => token({ phoneNumber: LINES.bob })],
  ])("%s -> 403 PERMISSION_DENIED on GET and DELETE", async (_name, as) => {
    const id = await created();
    const other = await as();
    expectError(await get(id, other), 403, "PERMISSION_DENIED");
    expectError(await del(id, other), 403, "PERMISSION_DENIED");
    expect((await get(id)).body.status).toBe("ACTIVE");
    expect(received).toEqual([]);
  });

  it("3-legged token of the watched line reads a 2-legged subscription without its number", async () => {
    const id = await created();
    const res = await get(id, await token({ phoneNumber: LINES.alice }));
    expect(res.status).toBe(200);
    expect(res.body.config.subscriptionDetail).toEqual({});
    expect(res.text).not.toContain(LINES.alice);
  });

  it("retrieve_04_retrieve_list_2legs: the client's subscriptions only, with their numbers", async () => {
    const mine = [await created(), await created(body({ detail: { phoneNumber: LINES.bob } }))];
    await created(body(), await token({ clientId: "other-app" }));
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.map((s: any) => s.id)).toEqual(mine);
    expect(res.body.map((s: any) => s.config.subscriptionDetail.phoneNumber)).toEqual([LINES.alice, LINES.bob]);
  });

  it("retrieve_07_retrieve_list_3legs: only the token's line, without numbers", async () => {
    const alice3 = await token({ phoneNumber: LINES.alice });
    const fromToken = await created(threeLeggedBody(), alice3);
    const fromBody = await created(body({ sink: sinkUrl("b") }));
    await created(body({ detail: { phoneNumber: LINES.bob } }));
    await created(threeLeggedBody(), await token({ clientId: "other-app", phoneNumber: LINES.alice }));
    const res = await list(alice3);
    expect(res.status).toBe(200);
    expect(res.body.map((s: any) => s.id)).toEqual([fromToken, fromBody]);
    expect(res.text).not.toContain("phoneNumber");
  });

  it("retrieve_08_retrieve_empty_list_3legs: 200 []", async () => {
    await created(body({ detail: { phoneNumber: LINES.bob } }));
    const res = await list(await token({ phoneNumber: LINES.alice }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it("a 2-legged list does not reveal the number of a subscription made with a 3-legged token", async () => {
    await created(threeLeggedBody(), await token({ phoneNumber: LINES.alice }));
    const res = await list();
    expect(res.body).toHaveLength(1);
    expect(res.body[0].config.subscriptionDetail).toEqual({});
  });
});

describe("delete", () => {
  it("delete_05_delete_subscription: 204 without body, subscription-ended SUBSCRIPTION_DELETED at the sink, then 404", async () => {
    const id = await created();
    await m.clock.advance(90);
    const res = await del(id);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(received).toHaveLength(1);
    const [r] = received;
    expectConformingEvent(r);
    expect(r.path).toBe("/hooks");
    expect(r.headers.authorization).toBe(`Bearer ${SINK_TOKEN}`);
    expect(r.body).toMatchObject({
      type: ENDED,
      source: `${ORIGIN}${BASE}/subscriptions/${id}`,
      specversion: "1.0",
      time: iso(m.clock.now()),
      data: { terminationReason: "SUBSCRIPTION_DELETED", subscriptionId: id },
    });
    // official delete_05 also expects data.phoneNumber: SubscriptionEnded has no such field
    expect(r.body.data).not.toHaveProperty("phoneNumber");
    expectError(await get(id), 404, "NOT_FOUND");
    await swap(LINES.alice);
    expect(received).toHaveLength(1);
  });

  it("delete_81_not_found_delete_by_id -> 404 NOT_FOUND", async () => {
    expectError(await del(UNKNOWN_ID), 404, "NOT_FOUND");
  });

  it("deleting an ended (EXPIRED) subscription: 204 and no second subscription-ended", async () => {
    const id = await created(body({ config: { subscriptionMaxEvents: 1 } }));
    await swap(LINES.alice);
    expect(events().map((e) => e.type)).toEqual([SWAPPED, ENDED]);
    expect((await del(id)).status).toBe(204);
    expect(received).toHaveLength(2);
  });
});

describe("swapped events", () => {
  it("creation_06_swapped: a SIM swap sends `swapped` {subscriptionId, phoneNumber} with the sink's bearer token", async () => {
    const id = await created();
    await m.clock.advance(HOUR);
    const at = await swap(LINES.alice);
    expect(received).toHaveLength(1);
    const [r] = received;
    expectConformingEvent(r);
    expect(r.headers.authorization).toBe(`Bearer ${SINK_TOKEN}`);
    expect(r.body).toEqual({
      id: expect.any(String),
      source: `${ORIGIN}${BASE}/subscriptions/${id}`,
      type: SWAPPED,
      specversion: "1.0",
      datacontenttype: "application/json",
      time: iso(at),
      data: { subscriptionId: id, phoneNumber: LINES.alice },
    });
    expect((await get(id)).body.status).toBe("ACTIVE");
  });

  it("3-legged subscription: `swapped` without phoneNumber", async () => {
    const id = await created(threeLeggedBody(), await token({ phoneNumber: LINES.alice }));
    await swap(LINES.alice);
    expectConformingEvent(received[0]);
    expect(received[0].body.data).toEqual({ subscriptionId: id });
  });

  it("without sinkCredential: no Authorization header", async () => {
    const { sinkCredential: _omitted, ...rest } = body();
    await created(rest);
    await swap(LINES.alice);
    expect(received).toHaveLength(1);
    expect(received[0].headers.authorization).toBeUndefined();
  });

  it("only the subscriptions of the swapped line are notified, each at its own sink", async () => {
    const a1 = await created(body({ sink: sinkUrl("a1") }));
    const a2 = await created(body({ sink: sinkUrl("a2") }), await token({ clientId: "other-app" }));
    await created(body({ sink: sinkUrl("b"), detail: { phoneNumber: LINES.bob } }));
    await swap(LINES.alice);
    expect(received.map((r) => [r.path, r.body.data.subscriptionId])).toEqual([
      ["/a1", a1],
      ["/a2", a2],
    ]);
  });

  it("every swap is notified while the subscription is ACTIVE", async () => {
    await created();
    for (let i = 0; i < 3; i++) {
      await swap(LINES.alice);
      await m.clock.advance(60);
    }
    expect(events().map((e) => e.type)).toEqual([SWAPPED, SWAPPED, SWAPPED]);
    expect(new Set(received.map((r) => r.body.id)).size).toBe(3);
  });

  it("the /_harness/events log lists the deliveries with the token redacted", async () => {
    await created();
    await swap(LINES.alice);
    const log = await send(m.app, { path: "/_harness/events" });
    expect(log.body).toHaveLength(1);
    expect(log.body[0]).toMatchObject({ sink: sinkUrl(), delivered: true, authorization: "Bearer <redacted>" });
    expect(log.text).not.toContain(SINK_TOKEN);
  });

  it("reset forgets every subscription", async () => {
    await created();
    await m.app.reset();
    await swap(LINES.alice);
    expect(received).toEqual([]);
    expect((await list(await token())).body).toEqual([]);
  });
});

describe("termination", () => {
  it.each([1, 2, 3])(
    "creation_07_subscription_ends_on_max_events: subscriptionMaxEvents %i -> that many `swapped`, then MAX_EVENTS_REACHED",
    async (max) => {
      const id = await created(body({ config: { subscriptionMaxEvents: max } }));
      for (let i = 0; i < max + 1; i++) await swap(LINES.alice);
      expect(events().map((e) => e.type)).toEqual([...Array(max).fill(SWAPPED), ENDED]);
      const ended = received.at(-1)!;
      expectConformingEvent(ended);
      expect(ended.body.data).toMatchObject({ terminationReason: "MAX_EVENTS_REACHED", subscriptionId: id });
      expect(ended.headers.authorization).toBe(`Bearer ${SINK_TOKEN}`);
      expect((await get(id)).body.status).toBe("EXPIRED");
    },
  );

  it("subscriptionExpireTime reached on the virtual clock -> EXPIRED + SUBSCRIPTION_EXPIRED at that instant", async () => {
    const expire = m.clock.now() + HOUR * 1000;
    const id = await created(body({ config: { subscriptionExpireTime: iso(expire) } }));
    await m.clock.advance(HOUR - 0.001);
    expect(received).toEqual([]);
    expect((await get(id)).body.status).toBe("ACTIVE");
    await m.clock.advance(10);
    expect(received).toHaveLength(1);
    expectConformingEvent(received[0]);
    expect(received[0].body).toMatchObject({
      type: ENDED,
      time: iso(expire),
      data: { terminationReason: "SUBSCRIPTION_EXPIRED", subscriptionId: id },
    });
    const res = await get(id);
    expect(res.body).toMatchObject({ status: "EXPIRED", expiresAt: iso(expire) });
    await swap(LINES.alice);
    expect(received).toHaveLength(1);
  });

  it("an EXPIRED subscription stays readable for the retention period, then GET answers 404", async () => {
    const id = await created(body({ config: { subscriptionMaxEvents: 1 } }));
    await swap(LINES.alice);
    await m.clock.advance(ENDED_RETENTION_MS / 1000 - 1);
    expect((await get(id)).status).toBe(200);
    await m.clock.advance(1);
    expectError(await get(id), 404, "NOT_FOUND");
    expect((await list()).body).toEqual([]);
  });

  it("max events reached before the expire time: one subscription-ended only", async () => {
    await created(body({ config: { subscriptionMaxEvents: 1, subscriptionExpireTime: iso(m.clock.now() + HOUR * 1000) } }));
    await swap(LINES.alice);
    await m.clock.advance(2 * HOUR);
    expect(events().map((e) => e.data.terminationReason ?? e.type)).toEqual([SWAPPED, "MAX_EVENTS_REACHED"]);
  });

  it("deleted before its expire time: SUBSCRIPTION_DELETED only, no SUBSCRIPTION_EXPIRED later", async () => {
    const id = await created(body({ config: { subscriptionExpireTime: iso(m.clock.now() + HOUR * 1000) } }));
    await del(id);
    await m.clock.advance(2 * HOUR);
    expect(events().map((e) => e.data.terminationReason)).toEqual(["SUBSCRIPTION_DELETED"]);
  });

  it("sink token about to expire -> ACCESS_TOKEN_EXPIRED just before accessTokenExpiresUtc (event guide §3.4)", async () => {
    const tokenExpires = m.clock.now() + 2 * HOUR * 1000;
    const id = await created(body({ sinkCredential: credential({ accessTokenExpiresUtc: iso(tokenExpires) }) }));
    await m.clock.advance(2 * HOUR - ACCESS_TOKEN_MARGIN_MS / 1000 - 1);
    expect(received).toEqual([]);
    await m.clock.advance(1);
    expect(received).toHaveLength(1);
    expectConformingEvent(received[0]);
    expect(received[0].body).toMatchObject({
      time: iso(tokenExpires - ACCESS_TOKEN_MARGIN_MS),
      data: { terminationReason: "ACCESS_TOKEN_EXPIRED", subscriptionId: id },
    });
    expect(received[0].headers.authorization).toBe(`Bearer ${SINK_TOKEN}`);
    expect((await get(id)).body.status).toBe("EXPIRED");
  });
});
