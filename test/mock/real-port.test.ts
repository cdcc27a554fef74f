/**
 * The same mock on a real port (`listen(app, {port: 0})`) driven by the global fetch: the node:http
 * adapter must give the answers the in-process app gives (status, headers, ErrorInfo bodies), build
 * the right origin for the built-in sink, and keep concurrent requests apart. A smaller set than the
 * in-process files: only what the adapter could change.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MockResponse } from "../../src/core/http.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { DEVICES, expectError, type MockFixture, QOD, QOS, sendHttp, sessionBody, startMock } from "./helpers.ts";

let m: MockFixture;
let server: RunningServer;
let token: string;
beforeAll(async () => {
  m = await startMock({ allowInsecureSinks: true, corsOrigins: ["http://localhost:3000"] });
  server = await listen(m.app, { port: 0 });
});
beforeEach(async () => {
  await sendHttp(server.url, { method: "POST", path: "/_harness/reset" });
  const res = await sendHttp(server.url, {
    path: "/token",
    raw: "grant_type=client_credentials&scope=" + encodeURIComponent("quality-on-demand:sessions:create quality-on-demand:sessions:read quality-on-demand:sessions:delete qos-profiles:read"),
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}` },
  });
  expect(res.status).toBe(200);
  token = res.body.access_token;
});
afterAll(async () => {
  await server.close();
  await m.app.close();
});

describe("over HTTP", () => {
  it("listens on an ephemeral port of 127.0.0.1", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:4010$/);
  });

  it("create 201 / get 200 / delete 204 / get 404 with a /token token, x-correlator echoed", async () => {
    const headers = { "x-correlator": "port-1" };
    const created = await sendHttp(server.url, { path: `${QOD}/sessions`, token, json: sessionBody(), headers });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-correlator")).toBe("port-1");
    expect(created.headers.get("content-type")).toMatch(/^application\/json/);
    const id = created.body.sessionId;
    expect((await sendHttp(server.url, { path: `${QOD}/sessions/${id}`, token })).body.qosStatus).toBe("REQUESTED");
    const deleted = await sendHttp(server.url, { method: "DELETE", path: `${QOD}/sessions/${id}`, token, headers });
    expect([deleted.status, deleted.text, deleted.headers.get("x-correlator")]).toEqual([204, "", "port-1"]);
    expectError(await sendHttp(server.url, { path: `${QOD}/sessions/${id}`, token }), 404, "NOT_FOUND");
  });

  it.each([
    ["no token", { path: `${QOS}/qos-profiles/QOS_E` }, 401, "UNAUTHENTICATED"],
    ["expired-looking garbage token", { path: `${QOS}/qos-profiles/QOS_E`, token: "a.b.c" }, 401, "UNAUTHENTICATED"],
    ["malformed JSON", { path: `${QOD}/sessions`, raw: "{", headers: { "content-type": "application/json" } }, 400, "INVALID_ARGUMENT"],
    ["no body", { method: "POST", path: `${QOD}/sessions` }, 400, "INVALID_ARGUMENT"],
    ["bad x-correlator", { path: `${QOS}/qos-profiles/QOS_E`, headers: { "x-correlator": "no spaces please" } }, 400, "INVALID_ARGUMENT"],
    ["a /token token without the retrieve-by-device scope", { path: `${QOD}/retrieve-sessions`, json: {} }, 403, "PERMISSION_DENIED"],
    ["unknown profile", { path: `${QOS}/qos-profiles/QOS_NOPE` }, 404, "NOT_FOUND"],
    ["unknown path", { path: "/nope" }, 404, "NOT_FOUND"],
    ["wrong method", { method: "PUT", path: `${QOD}/sessions` }, 405, "METHOD_NOT_ALLOWED"],
  ] as const)("%s -> %i %s", async (name, spec, status, code) => {
    const withToken = name === "no token" || "token" in spec ? spec : { ...spec, token };
    expectError(await sendHttp(server.url, withToken), status, code);
  });

  it("the built-in sink gets the CloudEvent; the origin is the real host:port", async () => {
    const sink = `${server.url}/_harness/sink/port-test`;
    const created = await sendHttp(server.url, {
      path: `${QOD}/sessions`,
      token,
      json: sessionBody({ device: DEVICES.bob, sink, sinkCredential: { credentialType: "ACCESSTOKEN", accessToken: "t0k3n", accessTokenExpiresUtc: "2030-01-01T00:00:00Z", accessTokenType: "bearer" } }),
    });
    expect(created.status, created.text).toBe(201);
    expect((await sendHttp(server.url, { path: "/_harness/clock", json: { advanceSeconds: 1 } })).status).toBe(200);
    const list = await sendHttp(server.url, { path: "/_harness/sink/port-test" });
    expect(list.body).toHaveLength(1);
    expect(list.body[0].body).toMatchObject({
      source: `${server.url}/quality-on-demand/v1/sessions/${created.body.sessionId}`,
      data: { sessionId: created.body.sessionId, qosStatus: "AVAILABLE" },
    });
    expect(list.text).not.toContain("t0k3n");
  });

  it("CORS preflight on the real port", async () => {
    const res = await sendHttp(server.url, {
      method: "OPTIONS",
      path: `${QOD}/sessions`,
      headers: { origin: "http://localhost:3000", "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
  });

  it("30 concurrent requests each get their own answer and correlator", async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        sendHttp(server.url, { path: `${QOS}/qos-profiles/${i % 2 ? "QOS_E" : "QOS_M"}`, token, headers: { "x-correlator": `c-${i}` } }),
      ),
    );
    answers.forEach((res, i) => {
      expect(res.status).toBe(200);
      expect(res.headers.get("x-correlator")).toBe(`c-${i}`);
      expect(res.body.name).toBe(i % 2 ? "QOS_E" : "QOS_M");
    });
  });

  it("a malformed percent-encoding in the path is a 4xx ErrorInfo, not 500", async () => {
    const res = await sendHttp(server.url, { path: `${QOD}/sessions/%E0%A4%A`, token, headers: { "x-correlator": "pct" } });
    expect(res.status, res.text).toBeGreaterThanOrEqual(400);
    expect(res.status, res.text).toBeLessThan(500);
    expect(res.body).toMatchObject({ status: res.status, code: expect.any(String), message: expect.any(String) });
  });

  it("a body over 1 MiB is refused with a documented status and a consistent ErrorInfo", async () => {
    let res;
    try {
      res = await sendHttp(server.url, { path: `${QOD}/sessions`, token, raw: `{"pad":"${"x".repeat(1024 * 1024 + 10)}"}`, headers: { "content-type": "application/json", "x-correlator": "big" } });
    } catch (error) {
      throw new Error(`the connection failed instead of an answer: ${(error as Error).message} ${(error as { cause?: Error }).cause?.message ?? ""}`);
    }
    // ErrorInfo.status must equal the HTTP status, and INVALID_ARGUMENT is a 400 code (CAMARA_common)
    expect(res.body.status, res.text).toBe(res.status);
    expectError(res, 400, "INVALID_ARGUMENT");
    expect(res.headers.get("x-correlator")).toBe("big");
  });
});

describe("answers node:http cannot write", () => {
  it("an answer whose header node:http refuses is a 500 ErrorInfo, and the server lives on", async () => {
    const broken = await listen({ ...m.app, handle: async () => ({ status: 200, headers: { "x-broken": "a\nb" }, body: "{}" }) }, { port: 0 });
    const errors: unknown[] = [];
    const logged = console.error;
    console.error = (e: unknown) => errors.push(e);
    try {
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`${broken.url}/anything`);
        expect(res.status).toBe(500);
        expect(await res.json()).toMatchObject({ status: 500, code: "INTERNAL" });
      }
      expect(errors).toHaveLength(2);
    } finally {
      console.error = logged;
      await broken.close();
    }
  });

  it("answers written together (pipelined requests, one read) keep their order; a refused one is a 500, the others go out", async () => {
    const handled: string[] = [];
    const app = {
      ...m.app,
      handle: async (req: { path: string }): Promise<MockResponse> => {
        handled.push(req.path);
        return req.path === "/broken"
          ? { status: 200, headers: { "x-broken": "a\nb" }, body: "{}" }
          : { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ path: req.path }) };
      },
    };
    const server2 = await listen(app, { port: 0 });
    const logged = console.error;
    console.error = () => {};
    try {
      const { port } = new URL(server2.url);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), "127.0.0.1");
        let text = "";
        socket.on("data", (d) => {
          text += d;
          if ((text.match(/HTTP\/1\.1 /g) ?? []).length === 3) {
            socket.end();
            resolve(text);
          }
        });
        socket.on("error", reject);
        const request = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
        // one write: node:http reads the three requests in one go, and the answers are ready together
        socket.write(request("/first") + request("/broken") + request("/third"));
      });
      expect(handled).toEqual(["/first", "/broken", "/third"]);
      const statuses = [...raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((x) => x[1]);
      expect(statuses).toEqual(["200", "500", "200"]);
      expect(raw.indexOf('{"path":"/first"}')).toBeGreaterThan(-1);
      expect(raw.indexOf('{"path":"/first"}')).toBeLessThan(raw.indexOf("INTERNAL"));
      expect(raw.indexOf("INTERNAL")).toBeLessThan(raw.indexOf('{"path":"/third"}'));
    } finally {
      console.error = logged;
      await server2.close();
    }
  });
});
