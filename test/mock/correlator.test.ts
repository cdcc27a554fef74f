/**
 * x-correlator (Commonalities design guide §5.8.5, CAMARA_common `XCorrelator`): a non-empty value
 * is echoed on success and error; without one the mock supplies a valid value; a value outside
 * `^[a-zA-Z0-9-_:;.\/<>{}]{0,256}$` is 400 INVALID_ARGUMENT (QoD r4.1 `*_400.x_invalid_x-correlator`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { X_CORRELATOR_PATTERN } from "../../src/openapi/correlator.ts";
import {
  DEVICES,
  expectError,
  mint,
  type MockFixture,
  OPERATIONS,
  QOD,
  QOS,
  qod,
  send,
  type Send,
  sessionBody,
  startMock,
  UNKNOWN_SESSION,
} from "./helpers.ts";

// an independent copy of the spec pattern, so that a change of the middleware's constant is noticed
const SPEC_PATTERN = /^[a-zA-Z0-9-_:;./<>{}]{0,256}$/;

let m: MockFixture;
let token: string;
/** a valid token without any QoD / QoS scope */
let narrow: string;
beforeAll(async () => {
  m = await startMock();
});
beforeEach(async () => {
  await m.app.reset();
  token = await mint(m.app);
  narrow = await mint(m.app, { scope: "sim-swap" });
});
afterAll(() => m.app.close());

const withCorrelator = (spec: Send, value: string): Send => ({ ...spec, headers: { ...(spec.headers ?? {}), "x-correlator": value } });

describe("echo", () => {
  const VALUES = ["b4333c46-49c0-4f62-80d7-f0ef930f1c46", "abc", "a:b;c.d/e<f>{g}_h-i", "x".repeat(256)];

  it.each(VALUES)("echoed on 201, 200, 204 (%s)", async (value) => {
    const created = await send(m.app, withCorrelator({ path: `${QOD}/sessions`, token, json: sessionBody() }, value));
    expect(created.status).toBe(201);
    expect(created.headers.get("x-correlator")).toBe(value);
    const id = created.body.sessionId;
    const read = await send(m.app, withCorrelator({ path: `${QOD}/sessions/${id}`, token }, value));
    expect([read.status, read.headers.get("x-correlator")]).toEqual([200, value]);
    const deleted = await send(m.app, withCorrelator({ method: "DELETE", path: `${QOD}/sessions/${id}`, token }, value));
    expect([deleted.status, deleted.headers.get("x-correlator")]).toEqual([204, value]);
  });

  const ERRORS: [name: string, spec: () => Send, status: number][] = [
    ["401 (no token)", () => ({ path: `${QOS}/qos-profiles/QOS_E` }), 401],
    ["403 (scope)", () => ({ path: `${QOS}/qos-profiles/QOS_E`, token: narrow }), 403],
    ["400 (schema)", () => ({ path: `${QOD}/sessions`, token, json: {} }), 400],
    ["404 (unknown session)", () => ({ path: `${QOD}/sessions/${UNKNOWN_SESSION}`, token }), 404],
    ["404 (unknown profile)", () => ({ path: `${QOS}/qos-profiles/QOS_NOPE`, token }), 404],
    ["422 (missing identifier)", () => ({ path: `${QOD}/retrieve-sessions`, token, json: {} }), 422],
  ];

  it.each(ERRORS)("echoed on %s", async (_name, spec, status) => {
    const res = await send(m.app, withCorrelator(spec(), "corr-123"));
    expect(res.status).toBe(status);
    expect(res.headers.get("x-correlator")).toBe("corr-123");
  });

  it("echoed on 409 and 429", async () => {
    const api = qod(m.app, token);
    expect((await api.create(sessionBody())).status).toBe(201);
    const conflict = await send(m.app, withCorrelator({ path: `${QOD}/sessions`, token, json: sessionBody() }, "c-409"));
    expect([conflict.status, conflict.headers.get("x-correlator")]).toEqual([409, "c-409"]);

    const throttled = await mint(m.app, { clientId: "throttled-app" });
    const spec = withCorrelator({ path: `${QOS}/qos-profiles/QOS_E`, token: throttled }, "c-429");
    await send(m.app, spec);
    await send(m.app, spec);
    const limited = await send(m.app, spec);
    expect([limited.status, limited.headers.get("x-correlator")]).toEqual([429, "c-429"]);
  });

  it("the header name is case-insensitive", async () => {
    const res = await send(m.app, { path: `${QOS}/qos-profiles/QOS_E`, token, headers: { "X-Correlator": "MiXeD" } });
    expect(res.headers.get("x-correlator")).toBe("MiXeD");
  });
});

describe("absent -> generated", () => {
  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))("%s answers with a valid generated x-correlator", async (_id, op) => {
    const res = await send(m.app, op.request(token));
    const value = res.headers.get("x-correlator");
    expect(value).toMatch(SPEC_PATTERN);
    expect(value!.length).toBeGreaterThan(0);
  });

  it("an empty header counts as absent", async () => {
    const res = await send(m.app, withCorrelator({ path: `${QOS}/qos-profiles/QOS_E`, token }, ""));
    expect(res.status).toBe(200);
    expect(res.headers.get("x-correlator")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("two requests get two different values", async () => {
    const a = await send(m.app, { path: `${QOS}/qos-profiles/QOS_E`, token });
    const b = await send(m.app, { path: `${QOS}/qos-profiles/QOS_E`, token });
    expect(a.headers.get("x-correlator")).not.toBe(b.headers.get("x-correlator"));
  });
});

describe("invalid -> 400 INVALID_ARGUMENT", () => {
  const INVALID = ["has space", "hash#", "percent%20", "quote\"", "comma,", "star*", "é", "x".repeat(257), "a=b", "(paren)"];

  it("the middleware pattern is the spec pattern", () => {
    for (const v of [...INVALID, "ok", "a:b;c.d/e<f>{g}_h-i", "x".repeat(256)]) {
      expect(X_CORRELATOR_PATTERN.test(v), v).toBe(SPEC_PATTERN.test(v));
    }
  });

  const table = INVALID.flatMap((value) => OPERATIONS.map((op) => [op.operationId, value, op] as const));
  it.each(table)("%s with x-correlator %j", async (_id, value, op) => {
    // Request headers must be ByteStrings: "é" goes through handle() as a node server would see it
    const spec = op.request(token);
    const res = /^[\x20-\x7e]*$/.test(value)
      ? await send(m.app, withCorrelator(spec, value))
      : await handleRaw(spec, value);
    expectError(res, 400, "INVALID_ARGUMENT");
    expect(res.body.message).toContain("x-correlator");
    // the answer carries a valid correlator, never the invalid one
    expect(res.headers.get("x-correlator")).not.toBe(value);
    expect(res.headers.get("x-correlator")).toMatch(SPEC_PATTERN);
  });

  it("is checked before authentication (no token needed to be told the header is wrong)", async () => {
    const res = await send(m.app, withCorrelator({ path: `${QOS}/qos-profiles/QOS_E` }, "bad value"));
    expectError(res, 400, "INVALID_ARGUMENT");
  });

  it("does not create anything", async () => {
    const res = await send(m.app, withCorrelator({ path: `${QOD}/sessions`, token, json: sessionBody() }, "bad value"));
    expect(res.status).toBe(400);
    const list = await qod(m.app, token).retrieve({ device: DEVICES.alice });
    expect(list.body).toEqual([]);
  });
});

async function handleRaw(spec: Send, correlator: string) {
  const headers: Record<string, string> = { "x-correlator": correlator };
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  if (spec.json !== undefined) headers["content-type"] = "application/json";
  const res = await m.app.handle({
    method: spec.method ?? (spec.json !== undefined ? "POST" : "GET"),
    path: spec.path,
    query: new URLSearchParams(),
    headers,
    body: spec.json === undefined ? "" : JSON.stringify(spec.json),
    origin: "http://mock.local",
  });
  const text = res.body ?? "";
  return { status: res.status, headers: new Headers(res.headers), body: text ? JSON.parse(text) : "", text };
}
