/**
 * The protected control plane (issue 18): with a control token, every /_harness request needs it
 * (x-harness-control-token or Authorization: Bearer) else 401 UNAUTHENTICATED and nothing changes;
 * deliveries to the built-in sinks, CORS preflights and the CAMARA APIs are not affected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock.ts";
import { controlTokenGuard } from "../../src/mock/control-token.ts";
import { CONTROL_TOKEN_HEADER, WORKSPACE_HEADER } from "../../src/core/harness-wire.ts";
import { createSharedMock, type SharedMock } from "../../src/mock/workspaces.ts";
import { clientCredentialsToken, expectError, QOD, send, START } from "./helpers.ts";

const TOKEN = "control-token-for-tests-1";
const WITH_TOKEN = { [CONTROL_TOKEN_HEADER]: TOKEN };
let shared: SharedMock;

beforeAll(async () => {
  shared = await createSharedMock({
    controlToken: TOKEN,
    notificationRetryDelaysMs: [],
    clock: new VirtualClock({ frozen: true, start: START }),
    corsOrigins: ["http://localhost:3000"],
  });
});
afterAll(() => shared.close());

const clockNow = async () => (await send(shared, { path: "/_harness/clock", headers: WITH_TOKEN })).body.now;

describe("a mock with --control-token", () => {
  it.each([
    ["GET /_harness/testdata", "GET", "/_harness/testdata"],
    ["GET /_harness/clock", "GET", "/_harness/clock"],
    ["GET /_harness/events", "GET", "/_harness/events"],
    ["GET /_harness/sink/x (reading a sink)", "GET", "/_harness/sink/x"],
    ["GET /_harness/workspaces", "GET", "/_harness/workspaces"],
    ["an unknown control path", "GET", "/_harness/nothing"],
  ])("%s without the token: 401 UNAUTHENTICATED", async (_, method, path) => {
    const res = await send(shared, { method, path });
    expectError(res, 401, "UNAUTHENTICATED");
    expect(res.body.message).toContain(CONTROL_TOKEN_HEADER);
    expect(res.text).not.toContain(TOKEN);
  });

  it("refused requests change nothing: clock, reset, token minting, workspaces", async () => {
    const before = await clockNow();
    expectError(await send(shared, { path: "/_harness/clock", json: { advanceSeconds: 3600 } }), 401, "UNAUTHENTICATED");
    expectError(await send(shared, { path: "/_harness/clock", json: { advanceSeconds: 3600 }, headers: { [CONTROL_TOKEN_HEADER]: `${TOKEN}x` } }), 401, "UNAUTHENTICATED");
    expectError(await send(shared, { path: "/_harness/clock", json: { advanceSeconds: 3600 }, token: "wrong-token" }), 401, "UNAUTHENTICATED");
    expectError(await send(shared, { path: "/_harness/tokens", json: { clientId: "demo-app" } }), 401, "UNAUTHENTICATED");
    expectError(await send(shared, { path: "/_harness/clock", headers: { [WORKSPACE_HEADER]: "intruder" } }), 401, "UNAUTHENTICATED");
    expectError(await send(shared, { path: "/_workspaces/intruder2/_harness/clock" }), 401, "UNAUTHENTICATED");
    expect(await clockNow()).toBe(before);
    expect(shared.workspaces().map((w) => w.name)).toEqual(["default"]);
  });

  it("the token is accepted in x-harness-control-token and as Authorization: Bearer", async () => {
    const moved = await send(shared, { path: "/_harness/clock", json: { advanceSeconds: 1 }, headers: WITH_TOKEN });
    expect(moved.status).toBe(200);
    const viaBearer = await send(shared, { path: "/_harness/clock", json: { advanceSeconds: 1 }, token: TOKEN });
    expect(viaBearer.status).toBe(200);
    expect(Date.parse(viaBearer.body.now) - Date.parse(moved.body.now)).toBe(1000);
    expect((await send(shared, { path: "/_harness/workspaces", token: TOKEN })).status).toBe(200);
  });

  it("deliveries to a built-in sink need no control token (they carry the subscriber's sink credential)", async () => {
    const res = await send(shared, { path: "/_harness/sink/deliveries", json: { id: "1" }, token: "sink-credential-of-the-subscriber" });
    expect(res.status).toBe(204);
    const read = await send(shared, { path: "/_harness/sink/deliveries", headers: WITH_TOKEN });
    expect(read.body).toHaveLength(1);
  });

  it("CAMARA APIs and the authorization server are not affected", async () => {
    const token = await clientCredentialsToken(shared, "demo-app", "demo-app-secret", "quality-on-demand:sessions:read");
    expectError(await send(shared, { path: `${QOD}/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6`, token }), 404, "NOT_FOUND");
  });

  it("a CORS preflight to the control plane is answered without the token, and allows the harness headers", async () => {
    const res = await shared.fetch(
      new Request("http://mock.local/_harness/clock", {
        method: "OPTIONS",
        headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-headers")).toContain("x-harness-workspace");
    expect(res.headers.get("access-control-allow-headers")).toContain(CONTROL_TOKEN_HEADER);
  });
});

describe("controlTokenGuard", () => {
  const req = (path: string, headers: Record<string, string> = {}, method = "GET") => ({ method, path, query: new URLSearchParams(), headers, body: "", origin: "x" });

  it("without a token configured, lets everything through", () => {
    expect(controlTokenGuard(undefined)(req("/_harness/reset", {}, "POST"))).toBeUndefined();
    expect(controlTokenGuard("")(req("/_harness/reset", {}, "POST"))).toBeUndefined();
  });

  it("checks /_harness/ only, and compares whole values (no prefix, no empty match)", () => {
    const guard = controlTokenGuard("abcdefgh");
    expect(guard(req("/quality-on-demand/v1/sessions"))).toBeUndefined();
    expect(guard(req("/_harness/clock", { [CONTROL_TOKEN_HEADER]: "abcdefgh" }))).toBeUndefined();
    expect(guard(req("/_harness/clock", { authorization: "bearer abcdefgh" }))).toBeUndefined();
    expect(guard(req("/_harness/clock", { [CONTROL_TOKEN_HEADER]: "abcdefg" }))?.status).toBe(401);
    expect(guard(req("/_harness/clock", { [CONTROL_TOKEN_HEADER]: "" }))?.status).toBe(401);
    expect(guard(req("/_harness/clock", { authorization: "Basic abcdefgh" }))?.status).toBe(401);
  });
});
