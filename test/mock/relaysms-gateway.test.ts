/**
 * The RelaySMS gateway module on a real port with a frozen virtual clock: nodes and their expiry,
 * URL rotation and expiry driven by the clock (no sleeps), the handshake with RSA-OAEP, and the
 * generic websocket wiring of listen() (an upgrade no module owns is refused with an ErrorInfo).
 */
import { constants, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { VirtualClock } from "../../src/core/clock.ts";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { START } from "./helpers.ts";

let app: MockApp;
let server: RunningServer;
let auth: Record<string, string>;
const BASE = "/relaysms-gateway";
const keys = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });

beforeAll(async () => {
  app = await createMock({ clock: new VirtualClock({ start: START, frozen: true }) });
  server = await listen(app, { port: 0 });
  const token = await app.tokens.issue(
    { clientId: "demo-app", scopes: ["relaysms-gateway:seeds:read", "relaysms-gateway:seeds:write", "relaysms-gateway:sync:create"], grant: "client_credentials" } as never,
    86400 * 30,
  );
  auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
});
afterAll(async () => {
  await server.close();
  await app.close();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${server.url}${BASE}${path}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};

/** A client that queues frames; next() resolves with the next one (or the close as "close <code>"). */
function client(url: string): Promise<{ ws: WebSocket; next(): Promise<string> }> {
  const ws = new WebSocket(url);
  const queue: string[] = [];
  const waiting: ((s: string) => void)[] = [];
  const push = (s: string) => (waiting.length ? waiting.shift()!(s) : queue.push(s));
  ws.on("message", (d) => push(d.toString()));
  ws.on("close", (code) => push(`close ${code}`));
  return new Promise((resolve, reject) => {
    ws.on("open", () => resolve({ ws, next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise((r) => waiting.push(r))) }));
    ws.on("unexpected-response", (_q, res) => reject(new Error(`refused ${res.statusCode}`)));
  });
}

describe("gateway nodes", () => {
  it("answers strictly increasing LPS on a frozen clock and lists the node", async () => {
    const ping = { IMSI: "214070000000101", MSISDN: "+34600900101", seed_type: "seed" };
    const a = await call("POST", "/seeds/ping", ping);
    const b = await call("POST", "/seeds/ping", ping);
    expect(a.body.LPS).toBe(START / 1000);
    expect(b.body.LPS).toBe(START / 1000 + 0.001);
    expect((await call("GET", "/seeds")).body).toContainEqual({ ...ping, LPS: b.body.LPS });
  });

  it("refuses a non-E.164 MSISDN with 400 and stores nothing", async () => {
    const res = await call("POST", "/seeds/ping", { IMSI: "214070000000102", MSISDN: "0034600", seed_type: "seed" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("INVALID_ARGUMENT");
    expect((await call("GET", "/seeds")).body.some((s: any) => s.IMSI === "214070000000102")).toBe(false);
  });

  it("drops a node whose last ping is older than seedTtlSeconds (600)", async () => {
    const ping = { IMSI: "214070000000103", MSISDN: "+34600900103", seed_type: "seeder" };
    await call("POST", "/seeds/ping", ping);
    await app.clock.advance(600);
    expect((await call("GET", "/seeds")).body.some((s: any) => s.IMSI === ping.IMSI)).toBe(true);
    await app.clock.advance(1);
    expect((await call("GET", "/seeds")).body.some((s: any) => s.IMSI === ping.IMSI)).toBe(false);
  });
});

describe("sync sessions", () => {
  it("rotates the URL 3 times every 15 s on the clock, refuses replaced URLs, then expires with 4410", async () => {
    const s = (await call("GET", "/v2/sync/users/relay-user-1")).body;
    expect(s).toMatchObject({ sessionChangeLimit: 3, sessionSleepTimeout: 15, sessionPausedTimeout: 60 });
    const c = await client(s.url);
    expect(JSON.parse(await c.next())).toMatchObject({ type: "session_url", url: s.url, change: 0 });
    let url = s.url;
    for (let change = 1; change <= 3; change++) {
      await app.clock.advance(15);
      const m = JSON.parse(await c.next());
      expect(m).toMatchObject({ type: "session_url", change, expiresAt: new Date(app.clock.now() + 15_000).toISOString() });
      expect(m.url).not.toBe(url);
      await expect(client(url)).rejects.toThrow("refused 404");
      url = m.url;
    }
    await app.clock.advance(15);
    expect(JSON.parse(await c.next())).toMatchObject({ type: "error", code: 4410 });
    expect(await c.next()).toBe("close 4410");
  });

  it("runs the handshake: pause, ack, a shared key only the app's private key opens, close 1000", async () => {
    const s = (await call("GET", "/v2/sync/users/relay-user-2")).body;
    const c = await client(s.url);
    await c.next();
    c.ws.send(JSON.stringify({ type: "public_key", publicKey: keys.publicKey }));
    expect(await c.next()).toBe("201- pause");
    c.ws.send(JSON.stringify({ type: "authenticate", userId: "relay-user-2" }));
    expect(await c.next()).toBe("200- ack");
    const data = JSON.parse(await c.next());
    expect(data.platforms).toEqual([{ name: "telegram", description: "Send Telegram messages" }]);
    const key = privateDecrypt({ key: keys.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from(data.encryptedSharedKey, "base64"));
    expect(key).toHaveLength(32);
    expect(await c.next()).toBe("close 1000");
  });

  it("closes a session paused longer than sessionPausedTimeout with 4408", async () => {
    const s = (await call("GET", "/v2/sync/users/relay-user-1")).body;
    const c = await client(s.url);
    await c.next();
    c.ws.send(JSON.stringify({ type: "public_key", publicKey: keys.publicKey }));
    expect(await c.next()).toBe("201- pause");
    await app.clock.advance(60);
    expect(JSON.parse(await c.next())).toMatchObject({ type: "error", code: 4408 });
    expect(await c.next()).toBe("close 4408");
  });

  it("refuses an upgrade on a path no module owns with a 404 ErrorInfo", async () => {
    await expect(client(`${server.url.replace("http", "ws")}/quality-on-demand/v1/sessions`)).rejects.toThrow("refused 404");
  });
});
