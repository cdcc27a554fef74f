/**
 * Workspaces and the control token on a real port (issue 18): two workspaces over HTTP keep their
 * clocks, sessions and tokens apart; websocket upgrades are routed (and refused) per workspace; and
 * two `conformance --workspace` runs share one protected mock, CONFORMANT both, while a third
 * workspace's clock is moved again and again during the runs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CONTROL_TOKEN_HEADER, WORKSPACE_HEADER } from "../../src/core/harness-wire.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { createSharedMock, type SharedMock } from "../../src/mock/workspaces.ts";
import { runCli } from "../conformance/run-cli.ts";
import { expectError, QOD, sendHttp, sessionBody } from "./helpers.ts";

const CONTROL = "real-port-control-token";
let shared: SharedMock;
let server: RunningServer;

beforeAll(async () => {
  shared = await createSharedMock({ allowInsecureSinks: true, notificationRetryDelaysMs: [], controlToken: CONTROL });
  server = await listen(shared, { port: 0 });
});
afterAll(async () => {
  await server.close();
  await shared.close();
});

const headersOf = (workspace: string) => ({ [WORKSPACE_HEADER]: workspace, [CONTROL_TOKEN_HEADER]: CONTROL });
const clockOf = async (workspace: string) => Date.parse((await sendHttp(server.url, { path: "/_harness/clock", headers: headersOf(workspace) })).body.now);

async function tokenIn(workspace: string): Promise<string> {
  const res = await sendHttp(server.url, {
    path: "/token",
    raw: `grant_type=client_credentials&scope=${encodeURIComponent("quality-on-demand:sessions:create quality-on-demand:sessions:read")}`,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}`,
      [WORKSPACE_HEADER]: workspace,
    },
  });
  expect(res.status).toBe(200);
  return res.body.access_token;
}

describe("two workspaces over HTTP", () => {
  it("keep separate clocks: A moved by 1 h, B does not move", async () => {
    const [a0, b0] = [await clockOf("port-a"), await clockOf("port-b")];
    const moved = await sendHttp(server.url, { path: "/_harness/clock", json: { advanceSeconds: 3600 }, headers: headersOf("port-a") });
    expect(moved.status).toBe(200);
    expect((await clockOf("port-a")) - a0).toBeGreaterThanOrEqual(3600_000);
    expect((await clockOf("port-b")) - b0).toBeLessThan(60_000);
  });

  it("keep separate sessions and tokens: A's session is 404 in B, A's token 401 in B", async () => {
    const [tokenA, tokenB] = [await tokenIn("port-a"), await tokenIn("port-b")];
    const created = await sendHttp(server.url, { path: `${QOD}/sessions`, token: tokenA, json: sessionBody(), headers: { [WORKSPACE_HEADER]: "port-a" } });
    expect(created.status).toBe(201);
    const path = `${QOD}/sessions/${created.body.sessionId}`;
    expect((await sendHttp(server.url, { path, token: tokenA, headers: { [WORKSPACE_HEADER]: "port-a" } })).status).toBe(200);
    expect((await sendHttp(server.url, { path: `/_workspaces/port-a${path}`, token: tokenA })).status).toBe(200);
    expectError(await sendHttp(server.url, { path, token: tokenB, headers: { [WORKSPACE_HEADER]: "port-b" } }), 404, "NOT_FOUND");
    expectError(await sendHttp(server.url, { path, token: tokenA, headers: { [WORKSPACE_HEADER]: "port-b" } }), 401, "UNAUTHENTICATED");
  });

  it("the control plane needs the token on the port too", async () => {
    expectError(await sendHttp(server.url, { path: "/_harness/testdata" }), 401, "UNAUTHENTICATED");
    expectError(await sendHttp(server.url, { path: "/_harness/testdata", headers: { [WORKSPACE_HEADER]: "port-a" } }), 401, "UNAUTHENTICATED");
  });

  it("a websocket upgrade naming a bad workspace is refused with the 400 ErrorInfo", async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const ws = new WebSocket(`${server.url.replace("http", "ws")}/relaysms-gateway/v1/ws`, { headers: { [WORKSPACE_HEADER]: "NOT_VALID" } });
      ws.on("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.on("upgrade", () => reject(new Error("upgraded")));
      ws.on("error", () => {});
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

describe("conformance --workspace on a shared, protected mock", () => {
  it("two runs in two workspaces are CONFORMANT while a third workspace's clock keeps moving", async () => {
    const defaultBefore = await clockOf("default");
    const otherBefore = await clockOf("other-team");
    let moving = true;
    let moves = 0;
    const mover = (async () => {
      while (moving) {
        const res = await sendHttp(server.url, { path: "/_harness/clock", json: { advanceSeconds: 3600 }, headers: headersOf("other-team") });
        if (res.status === 200) moves++;
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const common = ["conformance", "--base-url", server.url, "--api", "qod"];
    const [a, b] = await Promise.all([
      runCli([...common, "--workspace", "ci-a", "--control-token", CONTROL], 300_000),
      runCli([...common, "--workspace", "ci-b", "--control-token", CONTROL], 300_000),
    ]);
    moving = false;
    await mover;
    for (const run of [a, b]) {
      expect(run.report?.harnessErrors, run.stdout + run.stderr).toEqual([]);
      expect(run.code, run.stdout).toBe(0);
      expect(run.report!.counts.fail).toBe(0);
      expect(run.report!.counts.pass).toBeGreaterThan(100);
      // the token is nowhere in what the run wrote or printed
      expect(run.stdout + run.stderr).not.toContain(CONTROL);
      for (const file of ["results.json", "junit.xml", "index.html"]) expect(readFileSync(join(run.reportDir, file), "utf8")).not.toContain(CONTROL);
    }
    expect(readFileSync(join(a.reportDir, "results.json"), "utf8")).toContain('"x-harness-workspace": "ci-a"');
    expect(readFileSync(join(b.reportDir, "results.json"), "utf8")).toContain('"x-harness-workspace": "ci-b"');
    expect(moves).toBeGreaterThan(3);
    expect((await clockOf("other-team")) - otherBefore).toBeGreaterThanOrEqual(moves * 3600_000);
    // the default workspace was not used by either run: its clock only went on with real time
    expect((await clockOf("default")) - defaultBefore).toBeLessThan(10 * 60_000);
    expect(shared.workspaces().map((w) => w.name)).toEqual(expect.arrayContaining(["default", "ci-a", "ci-b", "other-team"]));
  }, 320_000);
});
