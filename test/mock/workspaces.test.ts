/**
 * Workspaces of a shared mock, in-process (issue 18): each workspace is a world of its own (clock,
 * sessions, tokens, test data, sinks, events, reset), chosen by x-harness-workspace or the
 * /_workspaces/{name} prefix; bad names are refused without creating anything; the number of
 * workspaces is capped (idle ones make room); the workspace list and delete routes.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/core/clock.ts";
import type { MockApp } from "../../src/mock/app.ts";
import { createSharedMock, type SharedMock, type SharedMockOptions } from "../../src/mock/workspaces.ts";
import { WORKSPACE_HEADER } from "../../src/core/harness-wire.ts";
import { clientCredentialsToken, DEVICES, expectError, mint, QOD, qod, send, sessionBody, START } from "./helpers.ts";

/** a line whose QoD consent is PENDING in the test data (as in consent-info.test.ts) */
const PAULA = "+34600001408";

/** The shared mock as seen by a client that sends `x-harness-workspace: name` on every request. */
function inWorkspace(app: SharedMock, name: string): MockApp {
  return {
    ...app,
    fetch: (request: Request) => {
      const r = new Request(request);
      r.headers.set(WORKSPACE_HEADER, name);
      return app.fetch(r);
    },
  };
}

let shared: SharedMock;
let bugs: string[];
let wall: number;

async function start(options: SharedMockOptions = {}): Promise<SharedMock> {
  bugs = [];
  wall = Date.UTC(2026, 0, 1);
  shared = await createSharedMock({
    notificationRetryDelaysMs: [],
    validateResponses: true,
    onBug: (m) => bugs.push(m),
    clock: new VirtualClock({ frozen: true, start: START }),
    worldClock: () => new VirtualClock({ frozen: true, start: START }),
    wallClock: () => wall,
    ...options,
  });
  return shared;
}

const nowOf = async (app: MockApp) => Date.parse((await send(app, { path: "/_harness/clock" })).body.now);
const names = () => shared.workspaces().map((w) => w.name);

afterEach(async () => {
  expect(bugs).toEqual([]);
  await shared.close();
});

describe("two workspaces on one mock", () => {
  let a: MockApp;
  let b: MockApp;
  beforeEach(async () => {
    await start();
    a = inWorkspace(shared, "team-a");
    b = inWorkspace(shared, "team-b");
  });

  it("keep separate clocks: A moved by 1 h, B and the default do not move", async () => {
    const moved = await send(a, { path: "/_harness/clock", json: { advanceSeconds: 3600 } });
    expect(moved.status).toBe(200);
    expect(await nowOf(a)).toBe(START + 3600_000);
    expect(await nowOf(b)).toBe(START);
    expect(await nowOf(shared)).toBe(START);
    expect(names()).toEqual(["default", "team-a", "team-b"]);
  });

  it("keep separate sessions: a QoD session created in A is 404 in B and in the default workspace", async () => {
    const created = await qod(a, await mint(a)).create(sessionBody());
    expect(created.status).toBe(201);
    const id = created.body.sessionId;
    expect((await qod(a, await mint(a)).get(id)).status).toBe(200);
    expectError(await qod(b, await mint(b)).get(id), 404, "NOT_FOUND");
    expectError(await qod(shared, await mint(shared)).get(id), 404, "NOT_FOUND");
    // the same device is free in B: no 409 CONFLICT from A's session
    expect((await qod(b, await mint(b)).create(sessionBody())).status).toBe(201);
  });

  it("keep separate tokens: a token minted in A is refused (401) in B", async () => {
    const tokenA = await mint(a);
    expect((await qod(a, tokenA).retrieve({ device: DEVICES.alice })).status).toBe(200);
    expectError(await qod(b, tokenA).retrieve({ device: DEVICES.alice }), 401, "UNAUTHENTICATED");
    expectError(await qod(shared, tokenA).retrieve({ device: DEVICES.alice }), 401, "UNAUTHENTICATED");
  });

  it("keep separate test data: each world holds its own copy", async () => {
    const [worldA, worldB] = [await shared.workspace("team-a"), await shared.workspace("team-b")];
    expect(worldA!.testdata()).toEqual(worldB!.testdata());
    expect(worldA!.testdata()).not.toBe(worldB!.testdata());
    expect(worldA!.testdata()).not.toBe(shared.testdata());
    expect((await send(a, { path: "/_harness/testdata" })).body).toEqual((await send(b, { path: "/_harness/testdata" })).body);
  });

  it("reset in A clears A only", async () => {
    const inA = await qod(a, await mint(a)).create(sessionBody());
    const tokenB = await mint(b);
    const inB = await qod(b, tokenB).create(sessionBody());
    await send(a, { path: "/_harness/clock", json: { advanceSeconds: 60 } });
    expect((await send(a, { method: "POST", path: "/_harness/reset" })).status).toBe(204);
    expectError(await qod(a, await mint(a)).get(inA.body.sessionId), 404, "NOT_FOUND");
    expect(await nowOf(a)).toBe(START);
    expect((await qod(b, tokenB).get(inB.body.sessionId)).status).toBe(200);
  });

  it("notifications of A reach A's sink and A's events only", async () => {
    const sink = "https://mock.local/_harness/sink/n";
    expect((await qod(a, await mint(a)).create(sessionBody({ sink }))).status).toBe(201);
    // both worlds have been reached at the sink's origin: a delivery to it would stay in-process in either
    await send(a, { base: "https://mock.local", path: "/_harness/sink/n" });
    await send(b, { base: "https://mock.local", path: "/_harness/sink/n" });
    await send(a, { path: "/_harness/clock", json: { advanceSeconds: 5 } });
    await send(b, { path: "/_harness/clock", json: { advanceSeconds: 5 } });
    const inA = (await send(a, { path: "/_harness/sink/n" })).body;
    expect(inA.length).toBeGreaterThan(0);
    expect(inA[0].body.type).toBe("org.camaraproject.quality-on-demand.v1.qos-status-changed");
    expect((await send(a, { path: "/_harness/events" })).body.length).toBeGreaterThan(0);
    expect((await send(b, { path: "/_harness/sink/n" })).body).toEqual([]);
    expect((await send(b, { path: "/_harness/events" })).body).toEqual([]);
    expect((await send(shared, { path: "/_harness/events" })).body).toEqual([]);
  });

  it("the /_workspaces/{name} prefix reaches the same world as the header, CAMARA paths intact", async () => {
    await send(a, { path: "/_harness/clock", json: { advanceSeconds: 7 } });
    expect(await nowOf(shared)).toBe(START);
    const viaPrefix = await send(shared, { path: "/_workspaces/team-a/_harness/clock" });
    expect(Date.parse(viaPrefix.body.now)).toBe(START + 7000);
    const token = (await send(shared, { path: "/_workspaces/team-a/_harness/tokens", json: { clientId: "demo-app", scope: "quality-on-demand:sessions:read" } })).body.access_token;
    const res = await send(shared, { path: `/_workspaces/team-a${QOD}/sessions/3fa85f64-5717-4562-b3fc-2c963f66afa6`, token });
    expectError(res, 404, "NOT_FOUND"); // authenticated by A's key: the operation ran in A
    // header and prefix naming the same workspace are fine; different ones are refused
    expect((await send(a, { path: "/_workspaces/team-a/_harness/clock" })).status).toBe(200);
    expectError(await send(b, { path: "/_workspaces/team-a/_harness/clock" }), 400, "INVALID_ARGUMENT");
  });
});

describe("links a browser follows stay in the workspace", () => {
  it("a Consent Info captureUrl asked in A leads to A's capture page, whose form decides in A", async () => {
    await start();
    const a = inWorkspace(shared, "team-a");
    const retrieve = async (app: MockApp, requestCaptureUrl: boolean) =>
      send(app, {
        path: "/consent-info/v0.2/retrieve",
        token: await clientCredentialsToken(app, "demo-app", "demo-app-secret", "consent-info:retrieve"),
        json: { phoneNumber: PAULA, scopes: ["quality-on-demand:sessions:create"], purpose: "dpv:RequestedServiceProvision", requestCaptureUrl },
      });
    const first = await retrieve(a, true);
    expect(first.status).toBe(200);
    const capture = new URL(first.body.captureUrl);
    expect(capture.pathname).toMatch(/^\/_workspaces\/team-a\/consent-capture\//);
    // a browser: no header, only the link
    const page = await send(shared, { path: capture.pathname });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`action="${capture.pathname}"`);
    const decided = await send(shared, { path: capture.pathname, raw: "decision=grant", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(decided.status).toBe(200); // no callbackUrl: the page says it is done
    expect((await retrieve(a, false)).body.statusInfo[0].statusValidForProcessing).toBe(true);
    // the default workspace never heard of it
    expect((await retrieve(shared, false)).body.statusInfo[0].statusReason).toBe("PENDING");
    expect((await send(shared, { path: capture.pathname.replace("/_workspaces/team-a", "") })).status).toBe(404);
  });
});

describe("workspace names", () => {
  beforeEach(() => start());

  it.each([
    ["upper case", { headers: { [WORKSPACE_HEADER]: "Team-A" } }],
    ["underscore", { headers: { [WORKSPACE_HEADER]: "team_a" } }],
    ["leading dash", { headers: { [WORKSPACE_HEADER]: "-a" } }],
    ["empty", { headers: { [WORKSPACE_HEADER]: "" } }],
    ["64 characters", { headers: { [WORKSPACE_HEADER]: "a".repeat(64) } }],
    ["a dot in the prefix", { path: "/_workspaces/a.b/_harness/clock" }],
    ["upper case in the prefix", { path: "/_workspaces/TEAM/_harness/clock" }],
  ])("%s: 400 INVALID_ARGUMENT, no workspace created", async (_, spec) => {
    const res = await send(shared, { path: "/_harness/clock", ...spec });
    expectError(res, 400, "INVALID_ARGUMENT");
    expect(res.body.message).toMatch(/workspace/);
    expect(names()).toEqual(["default"]);
  });

  it("a path that climbs out of the prefix (sent raw, as a client that does not normalise would) is refused", async () => {
    const res = await shared.handle({ method: "GET", path: "/_workspaces/../_harness/clock", query: new URLSearchParams(), headers: {}, body: "", origin: "http://mock.local" });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body!)).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(names()).toEqual(["default"]);
  });

  it("63 characters, digits and dashes are fine", async () => {
    const name = `0-${"z".repeat(61)}`;
    expect((await send(inWorkspace(shared, name), { path: "/_harness/clock" })).status).toBe(200);
    expect(names()).toEqual(["default", name]);
  });

  it("'default' names the default workspace", async () => {
    await send(inWorkspace(shared, "default"), { path: "/_harness/clock", json: { advanceSeconds: 9 } });
    expect(await nowOf(shared)).toBe(START + 9000);
    expect(names()).toEqual(["default"]);
  });
});

describe("the workspace cap, the list and delete", () => {
  it("beyond --max-workspaces: 429 QUOTA_EXCEEDED and nothing created; delete makes room", async () => {
    await start({ maxWorkspaces: 2 });
    await send(inWorkspace(shared, "a"), { path: "/_harness/clock" });
    await send(inWorkspace(shared, "b"), { path: "/_harness/clock" });
    const refused = await send(inWorkspace(shared, "c"), { path: "/_harness/clock" });
    expectError(refused, 429, "QUOTA_EXCEEDED");
    expect(refused.body.message).toContain("DELETE /_harness/workspaces/{name}");
    expect(names()).toEqual(["default", "a", "b"]);
    // the default workspace and existing ones still answer
    expect((await send(shared, { path: "/_harness/clock" })).status).toBe(200);
    expect((await send(inWorkspace(shared, "a"), { path: "/_harness/clock" })).status).toBe(200);

    expect((await send(shared, { method: "DELETE", path: "/_harness/workspaces/b" })).status).toBe(204);
    expect((await send(inWorkspace(shared, "c"), { path: "/_harness/clock" })).status).toBe(200);
    expect(names()).toEqual(["default", "a", "c"]);
  });

  it("a workspace idle longer than idleSeconds makes room for a new one", async () => {
    await start({ maxWorkspaces: 2, idleSeconds: 600 });
    await send(inWorkspace(shared, "a"), { path: "/_harness/clock" });
    wall += 300_000;
    await send(inWorkspace(shared, "b"), { path: "/_harness/clock" });
    wall += 301_000; // a idle 601 s, b 301 s
    expect((await send(inWorkspace(shared, "c"), { path: "/_harness/clock" })).status).toBe(200);
    expect(names()).toEqual(["default", "b", "c"]);
  });

  it("only one idle workspace, the least recently used, is dropped per new one", async () => {
    await start({ maxWorkspaces: 2, idleSeconds: 0 });
    await send(inWorkspace(shared, "a"), { path: "/_harness/clock" });
    wall += 1000;
    await send(inWorkspace(shared, "b"), { path: "/_harness/clock" });
    wall += 1000;
    await send(inWorkspace(shared, "a"), { path: "/_harness/clock" }); // a is now the more recent
    expect((await send(inWorkspace(shared, "c"), { path: "/_harness/clock" })).status).toBe(200);
    expect(names()).toEqual(["default", "a", "c"]);
  });

  it("GET /_harness/workspaces lists name, wall-clock creation and use, virtual now", async () => {
    await start();
    await send(inWorkspace(shared, "a"), { path: "/_harness/clock", json: { advanceSeconds: 60 } });
    const res = await send(inWorkspace(shared, "whatever"), { path: "/_harness/workspaces" });
    expect(res.status).toBe(200);
    expect(res.body.maxWorkspaces).toBe(32);
    // the list is about the mock, not inside a workspace: asking from "whatever" did not create it
    expect(res.body.workspaces).toEqual([
      { name: "default", createdAt: new Date(wall).toISOString(), lastUsedAt: new Date(wall).toISOString(), now: new Date(START).toISOString() },
      { name: "a", createdAt: new Date(wall).toISOString(), lastUsedAt: new Date(wall).toISOString(), now: new Date(START + 60_000).toISOString() },
    ]);
  });

  it("DELETE drops the world (a later request starts a fresh one); the default cannot be deleted; unknown: 404", async () => {
    await start();
    const a = inWorkspace(shared, "a");
    const created = await qod(a, await mint(a)).create(sessionBody());
    await send(a, { path: "/_harness/clock", json: { advanceSeconds: 60 } });
    expect((await send(shared, { method: "DELETE", path: "/_harness/workspaces/a" })).status).toBe(204);
    expect(names()).toEqual(["default"]);
    expect(await nowOf(a)).toBe(START);
    expectError(await qod(a, await mint(a)).get(created.body.sessionId), 404, "NOT_FOUND");
    expectError(await send(shared, { method: "DELETE", path: "/_harness/workspaces/default" }), 400, "INVALID_ARGUMENT");
    expectError(await send(shared, { method: "DELETE", path: "/_harness/workspaces/nope" }), 404, "NOT_FOUND");
    expectError(await send(shared, { method: "DELETE", path: "/_harness/workspaces/No_Such" }), 400, "INVALID_ARGUMENT");
    expectError(await send(shared, { method: "POST", path: "/_harness/workspaces", json: {} }), 405, "METHOD_NOT_ALLOWED");
  });

  it("concurrent first requests to one workspace build one world", async () => {
    await start();
    const w = inWorkspace(shared, "race");
    const answers = await Promise.all([1, 2, 3, 4].map(() => send(w, { path: "/_harness/clock", json: { advanceSeconds: 10 } })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(await nowOf(w)).toBe(START + 40_000);
  });
});

describe("websocket upgrades are routed to the workspace", () => {
  it("a bad name is refused with the 400 ErrorInfo; a good one reaches that world's socket routes", async () => {
    await start();
    const upgrade = (path: string, headers: Record<string, string> = {}) =>
      shared.upgrade({ method: "GET", path, query: new URLSearchParams(), headers, body: "", origin: "http://mock.local" });
    const bad = await upgrade("/relaysms-gateway/ws", { [WORKSPACE_HEADER]: "BAD" });
    expect(bad && "refuse" in bad && bad.refuse.status).toBe(400);
    expect(await upgrade("/nothing-here", { [WORKSPACE_HEADER]: "a" })).toBeUndefined();
    expect(names()).toEqual(["default", "a"]);
    expect(await upgrade("/_workspaces/b/nothing-here")).toBeUndefined();
    expect(names()).toEqual(["default", "a", "b"]);
  });
});
