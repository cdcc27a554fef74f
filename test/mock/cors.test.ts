/**
 * CORS for browser apps using the mock as their backend (`--cors <origins>` = createMock({corsOrigins})):
 * preflight answered before authentication, allowed origins reflected, x-correlator exposed; nothing
 * CORS-related without the option.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, mint, type MockFixture, QOD, QOS, send, sessionBody, startMock } from "./helpers.ts";

const APP_ORIGIN = "http://localhost:3000";
let listed: MockFixture;
let any: MockFixture;
let none: MockFixture;
beforeAll(async () => {
  [listed, any, none] = await Promise.all([
    startMock({ corsOrigins: [APP_ORIGIN] }),
    startMock({ corsOrigins: ["*"] }),
    startMock(),
  ]);
});
afterAll(() => {
  for (const f of [listed, any, none]) f.app.close();
});

const preflight = (f: MockFixture, origin: string, path = `${QOD}/sessions`, headers = "authorization, content-type, x-correlator") =>
  send(f.app, {
    method: "OPTIONS",
    path,
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": headers },
  });

describe("corsOrigins: [http://localhost:3000]", () => {
  it.each([`${QOD}/sessions`, `${QOS}/retrieve-qos-profiles`, "/token", "/_harness/clock"])(
    "preflight %s from the allowed origin -> 204 with the CORS answer",
    async (path) => {
      const res = await preflight(listed, APP_ORIGIN, path);
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
      expect(res.headers.get("access-control-allow-methods")).toContain("POST");
      expect(res.headers.get("access-control-allow-headers")).toBe("authorization, content-type, x-correlator");
      expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
      expect(res.headers.get("vary")).toContain("Origin");
    },
  );

  it("preflight from another origin -> refused, no allow-origin", async () => {
    const res = await preflight(listed, "http://evil.example");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("an actual request from the allowed origin gets allow-origin and sees x-correlator (success and error)", async () => {
    const token = await mint(listed.app);
    const ok = await send(listed.app, { path: `${QOD}/sessions`, token, json: sessionBody(), headers: { origin: APP_ORIGIN } });
    expect(ok.status).toBe(201);
    expect(ok.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(ok.headers.get("access-control-expose-headers")).toMatch(/x-correlator/i);
    const denied = await send(listed.app, { path: `${QOS}/qos-profiles/QOS_E`, headers: { origin: APP_ORIGIN } });
    expectError(denied, 401, "UNAUTHENTICATED");
    expect(denied.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
  });

  it("an actual request from another origin is answered without allow-origin", async () => {
    const res = await send(listed.app, { path: `${QOS}/qos-profiles/QOS_E`, token: await mint(listed.app), headers: { origin: "http://evil.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("an OPTIONS without access-control-request-method is not a preflight (405 on an operation path)", async () => {
    const res = await send(listed.app, { method: "OPTIONS", path: `${QOD}/sessions`, headers: { origin: APP_ORIGIN } });
    expectError(res, 405, "METHOD_NOT_ALLOWED");
  });
});

describe("corsOrigins: [*]", () => {
  it("any origin, allow-origin *", async () => {
    const res = await preflight(any, "http://whatever.example");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const actual = await send(any.app, { path: `${QOS}/qos-profiles/QOS_E`, token: await mint(any.app), headers: { origin: "http://x.example" } });
    expect(actual.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("without corsOrigins", () => {
  it("no CORS headers, and a preflight is not granted", async () => {
    const res = await send(none.app, { path: `${QOS}/qos-profiles/QOS_E`, token: await mint(none.app), headers: { origin: APP_ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const pre = await preflight(none, APP_ORIGIN);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
  });
});
