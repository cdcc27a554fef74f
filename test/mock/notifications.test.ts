/**
 * QoD status notifications (CAMARA event guide §3, QoD 1.1.0 callback): CloudEvents 1.0 POSTed as
 * `application/cloudevents+json` with `Authorization: Bearer <sinkCredential.accessToken>`, to a real
 * local HTTP sink (node:http on 127.0.0.1, allowed by allowInsecureSinks) and to the built-in
 * `/_harness/sink/{name}`; `/_harness/events` lists deliveries with the token redacted.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEVICES, mint, type MockFixture, ORIGIN, qod, send, sessionBody, startMock } from "./helpers.ts";
import { type DeliveryLog, Notifier } from "../../src/core/notifications.ts";
import { VirtualClock } from "../../src/core/clock.ts";

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: any;
}

let m: MockFixture;
let api: ReturnType<typeof qod>;
let sink: Server;
let sinkUrl: string;
let received: Received[] = [];
const SECRET = "sink-secret-0123456789";
const CREDENTIAL = { credentialType: "ACCESSTOKEN", accessToken: SECRET, accessTokenExpiresUtc: "2030-01-01T00:00:00Z", accessTokenType: "bearer" };
const EVENT_TYPE = "org.camaraproject.quality-on-demand.v1.qos-status-changed";

beforeAll(async () => {
  sink = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/notifications`;
  m = await startMock({ allowInsecureSinks: true });
});
beforeEach(async () => {
  await m.app.reset();
  received = [];
  api = qod(m.app, await mint(m.app, { expiresIn: 100_000 }));
});
afterEach(() => {
  expect(m.bugs).toEqual([]);
});
afterAll(async () => {
  await m.app.close();
  sink.closeAllConnections();
  await new Promise((resolve) => sink.close(resolve));
});

async function create(overrides: Record<string, unknown> = {}) {
  const res = await api.create(sessionBody({ sink: sinkUrl, sinkCredential: CREDENTIAL, ...overrides }));
  expect(res.status, res.text).toBe(201);
  return res.body.sessionId as string;
}

const events = () => received.map((r) => r.body.data);

describe("deliveries to a real HTTP sink", () => {
  it("AVAILABLE after activation: a CloudEvent with every required field, bearer token, media type", async () => {
    const id = await create();
    expect(received).toEqual([]);
    await m.clock.advance(1);
    expect(received).toHaveLength(1);
    const [r] = received;
    expect(r.method).toBe("POST");
    expect(r.url).toBe("/notifications");
    expect(r.headers["content-type"]).toMatch(/^application\/cloudevents\+json/);
    expect(r.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(r.body).toEqual({
      id: expect.any(String),
      source: `${ORIGIN}/quality-on-demand/v1/sessions/${id}`,
      type: EVENT_TYPE,
      specversion: "1.0",
      datacontenttype: "application/json",
      time: new Date(m.clock.now()).toISOString(),
      data: { sessionId: id, qosStatus: "AVAILABLE" },
    });
    expect(Date.parse(r.body.time)).not.toBeNaN();
  });

  it("UNAVAILABLE / DURATION_EXPIRED when the duration ends; ids unique", async () => {
    const id = await create({ duration: 30 });
    await m.clock.advance(1);
    await m.clock.advance(30);
    expect(events()).toEqual([
      { sessionId: id, qosStatus: "AVAILABLE" },
      { sessionId: id, qosStatus: "UNAVAILABLE", statusInfo: "DURATION_EXPIRED" },
    ]);
    expect(new Set(received.map((r) => r.body.id)).size).toBe(2);
    // nothing more when the session is removed after its retention
    await m.clock.advance(m.app.testdata().operator.qodRetentionSeconds);
    expect(received).toHaveLength(2);
  });

  it("one clock advance over activation and expiry sends both events, each stamped with its own instant", async () => {
    const id = await create({ duration: 30 });
    const created = m.clock.now();
    await m.clock.advance(1 + 30);
    expect(events()).toEqual([
      { sessionId: id, qosStatus: "AVAILABLE" },
      { sessionId: id, qosStatus: "UNAVAILABLE", statusInfo: "DURATION_EXPIRED" },
    ]);
    expect(received.map((r) => r.body.time)).toEqual([new Date(created + 1000).toISOString(), new Date(created + 31_000).toISOString()]);
  });

  it("UNAVAILABLE / NETWORK_TERMINATED for a qod-unavailable subscriber", async () => {
    const id = await create({ device: DEVICES.dave });
    await m.clock.advance(1);
    expect(events()).toEqual([{ sessionId: id, qosStatus: "UNAVAILABLE", statusInfo: "NETWORK_TERMINATED" }]);
  });

  it("delete of an AVAILABLE session: UNAVAILABLE / DELETE_REQUESTED", async () => {
    const id = await create();
    await m.clock.advance(1);
    expect((await api.delete(id)).status).toBe(204);
    expect(events()).toEqual([
      { sessionId: id, qosStatus: "AVAILABLE" },
      { sessionId: id, qosStatus: "UNAVAILABLE", statusInfo: "DELETE_REQUESTED" },
    ]);
  });

  it("delete of a REQUESTED session: no event, now or later", async () => {
    const id = await create();
    expect((await api.delete(id)).status).toBe(204);
    await m.clock.advance(1000);
    expect(received).toEqual([]);
  });

  it("delete of an UNAVAILABLE session: no further event", async () => {
    const id = await create({ duration: 5 });
    await m.clock.advance(1);
    await m.clock.advance(5);
    expect(received).toHaveLength(2);
    await api.delete(id);
    expect(received).toHaveLength(2);
  });

  it("no sink, no delivery", async () => {
    await api.create(sessionBody());
    await m.clock.advance(1);
    expect(received).toEqual([]);
    expect((await send(m.app, { path: "/_harness/events" })).body).toEqual([]);
  });

  it("a sink without sinkCredential gets no Authorization header", async () => {
    await create({ sinkCredential: undefined });
    await m.clock.advance(1);
    expect(received).toHaveLength(1);
    expect(received[0].headers.authorization).toBeUndefined();
  });
});

describe("/_harness/events", () => {
  it("lists every delivery with the token redacted", async () => {
    const id = await create({ duration: 5 });
    await send(m.app, { path: "/_harness/clock", json: { advanceSeconds: 1 } });
    await send(m.app, { path: "/_harness/clock", json: { advanceSeconds: 5 } });
    const res = await send(m.app, { path: "/_harness/events" });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(SECRET);
    expect(res.body).toHaveLength(2);
    expect(res.body[0]).toMatchObject({
      sink: sinkUrl,
      authorization: "Bearer <redacted>",
      delivered: true,
      event: { type: EVENT_TYPE, data: { sessionId: id, qosStatus: "AVAILABLE" } },
    });
    expect(res.body[0].attempts).toEqual([{ at: expect.any(String), status: 204 }]);
    expect(res.body[1].event.data).toEqual({ sessionId: id, qosStatus: "UNAVAILABLE", statusInfo: "DURATION_EXPIRED" });
  });

  it("records a failed delivery (sink answering 500 is an error, not a crash of the mock)", async () => {
    const closed = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/x`;
    await create({ sink: url });
    await m.clock.advance(1);
    const log = (await send(m.app, { path: "/_harness/events" })).body;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ sink: url, delivered: false, attempts: [{ status: 500 }] });
    closed.closeAllConnections();
    await new Promise((resolve) => closed.close(resolve));
  });

  it("records an unreachable sink (connection refused) without failing the transition", async () => {
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(spare.address() as AddressInfo).port}/gone`;
    await new Promise((resolve) => spare.close(resolve)); // nothing listens there any more
    const id = await create({ sink: url });
    await m.clock.advance(1);
    expect((await api.get(id)).body.qosStatus).toBe("AVAILABLE");
    const [record] = (await send(m.app, { path: "/_harness/events" })).body;
    expect(record).toMatchObject({ sink: url, delivered: false, attempts: [{ error: expect.any(String) }] });
  });

  it("is emptied by reset", async () => {
    await create();
    await m.clock.advance(1);
    expect((await send(m.app, { path: "/_harness/events" })).body).toHaveLength(1);
    await send(m.app, { method: "POST", path: "/_harness/reset" });
    expect((await send(m.app, { path: "/_harness/events" })).body).toEqual([]);
  });
});

describe("the built-in sink /_harness/sink/{name}", () => {
  it.each([
    ["http (same origin as the request)", ORIGIN],
    ["https (same origin as the request)", "https://mock.local"],
  ])("records in-process deliveries, %s, token redacted", async (_name, base) => {
    const sinkPath = "/_harness/sink/my-app";
    const res = await send(m.app, {
      base,
      path: "/quality-on-demand/v1/sessions",
      token: await mint(m.app),
      json: sessionBody({ sink: `${base}${sinkPath}`, sinkCredential: CREDENTIAL }),
    });
    expect(res.status, res.text).toBe(201);
    await m.clock.advance(1);
    expect(received).toEqual([]); // not the external sink
    const list = await send(m.app, { base, path: sinkPath });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(SECRET);
    expect(list.body).toEqual([
      {
        receivedAt: new Date(m.clock.now()).toISOString(),
        contentType: "application/cloudevents+json",
        authorization: expect.stringMatching(/^Bearer <redacted sha256:[0-9a-f]{12}>$/),
        body: expect.objectContaining({ type: EVENT_TYPE, specversion: "1.0", data: { sessionId: res.body.sessionId, qosStatus: "AVAILABLE" } }),
      },
    ]);
    expect((await send(m.app, { path: "/_harness/events" })).body[0]).toMatchObject({ delivered: true, attempts: [{ status: 204 }] });
  });

  it("accepts a direct POST and lists it; an unknown sink name lists []", async () => {
    const post = await send(m.app, { path: "/_harness/sink/manual", raw: '{"hello":1}', headers: { "content-type": "application/json", authorization: "Bearer abc" } });
    expect(post.status).toBe(204);
    const list = await send(m.app, { path: "/_harness/sink/manual" });
    expect(list.body).toEqual([
      { receivedAt: expect.any(String), contentType: "application/json", authorization: expect.stringMatching(/^Bearer <redacted/), body: { hello: 1 } },
    ]);
    expect(list.text).not.toContain("abc\"");
    expect((await send(m.app, { path: "/_harness/sink/nobody" })).body).toEqual([]);
  });
});

describe("a shared delivery log that fails", () => {
  it("a delivered notification is neither retried nor counted as failed when the log's update is lost", async () => {
    let deliveries = 0;
    const lost: DeliveryLog = {
      add: async () => {},
      update: async () => {
        throw new Error("the shared log is unreachable");
      },
      list: async () => [],
      clear: async () => {},
    };
    const notifier = new Notifier({
      clock: new VirtualClock(),
      sharedLog: lost,
      retryDelaysMs: [0, 0],
      localDelivery: async () => (deliveries++, 204),
    });
    const record = await notifier.send("https://sink.example/s", undefined, notifier.event("t", "s", {}));
    await new Promise((r) => setTimeout(r, 50)); // any retry would have run by now
    expect(record.delivered).toBe(true);
    expect(record.attempts).toEqual([{ at: expect.any(String), status: 204 }]);
    expect(deliveries).toBe(1);
  });
});
