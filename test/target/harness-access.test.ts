/**
 * The runner's side of a shared harness mock (src/target/harness-access.ts): the workspace header on
 * every request to the target, the control token on /_harness requests only, nothing to other hosts,
 * and the token never in recorded evidence.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { knownSecrets } from "../../src/core/redact.ts";
import { CONTROL_TOKEN_HEADER, WORKSPACE_HEADER } from "../../src/core/harness-wire.ts";
import { accessOf, harnessHeadersFor, installHarnessAccess } from "../../src/target/harness-access.ts";
import { recordingFetch } from "../../src/target/recording-fetch.ts";
import type { Exchange } from "../../src/results/results.ts";

const TOKEN = "runner-side-control-token";
const access = accessOf({ apiRoot: "http://mock:4010/", apiRoots: { "sim-swap": "http://other:1" }, workspace: "ci-7", controlToken: TOKEN });

describe("harnessHeadersFor", () => {
  it.each([
    ["an API request", "http://mock:4010/quality-on-demand/v1/sessions", { [WORKSPACE_HEADER]: "ci-7" }],
    ["a control request", "http://mock:4010/_harness/clock", { [WORKSPACE_HEADER]: "ci-7", [CONTROL_TOKEN_HEADER]: TOKEN }],
    ["another API root of the target", "http://other:1/sim-swap/v2/check", { [WORKSPACE_HEADER]: "ci-7" }],
    ["a websocket of the target", "ws://mock:4010/relaysms-gateway/ws", { [WORKSPACE_HEADER]: "ci-7" }],
    ["another host", "http://sink.example/_harness/clock", {}],
    ["a host that only starts like the root", "http://mock:40100/_harness/clock", {}],
  ])("%s", (_, url, expected) => {
    expect(harnessHeadersFor(url, access)).toEqual(expected);
  });

  it("nothing when neither a workspace nor a token is configured", () => {
    expect(harnessHeadersFor("http://mock:4010/_harness/clock", accessOf({ apiRoot: "http://mock:4010", apiRoots: {} }))).toEqual({});
  });
});

describe("installHarnessAccess: this thread's fetch", () => {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
  let root: string;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  let uninstall = () => {};
  afterAll(() => {
    uninstall();
    server.close();
  });

  it("adds the headers to the target's requests, keeps the caller's own, and stops when uninstalled", async () => {
    const remove = installHarnessAccess(accessOf({ apiRoot: root, apiRoots: {}, workspace: "ci-7", controlToken: TOKEN }));
    await fetch(`${root}/_harness/testdata`);
    await fetch(new Request(`${root}/qos-profiles/v1/qos-profiles`, { headers: { "x-correlator": "c-1" } }));
    await fetch(`${root}/_harness/clock`, { headers: { [WORKSPACE_HEADER]: "chosen-by-caller" } });
    remove();
    await fetch(`${root}/_harness/clock`);
    expect(seen.map((h) => [h[WORKSPACE_HEADER], h[CONTROL_TOKEN_HEADER]])).toEqual([
      ["ci-7", TOKEN],
      ["ci-7", undefined],
      ["chosen-by-caller", TOKEN],
      [undefined, undefined],
    ]);
    expect(seen[1]["x-correlator"]).toBe("c-1");
  });

  it("two targets at once (runs side by side): each root gets its own access, and keeps it when the other goes", async () => {
    const other = "http://127.0.0.1:1"; // never called: only the headers chosen for it are looked at
    const removeA = installHarnessAccess(accessOf({ apiRoot: root, apiRoots: {}, workspace: "run-a", controlToken: TOKEN }));
    const removeB = installHarnessAccess(accessOf({ apiRoot: other, apiRoots: {}, workspace: "run-b" }));
    expect(harnessHeadersFor(`${root}/_harness/clock`)).toEqual({ [WORKSPACE_HEADER]: "run-a", [CONTROL_TOKEN_HEADER]: TOKEN });
    expect(harnessHeadersFor(`${other}/_harness/clock`)).toEqual({ [WORKSPACE_HEADER]: "run-b" });
    removeB();
    await fetch(`${root}/qos-profiles/v1/qos-profiles`);
    expect(seen.at(-1)?.[WORKSPACE_HEADER]).toBe("run-a");
    expect(harnessHeadersFor(`${other}/_harness/clock`)).toEqual({});
    removeA();
    expect(harnessHeadersFor(`${root}/_harness/clock`)).toEqual({});
  });

  it("evidence shows the workspace, never the control token", async () => {
    uninstall = installHarnessAccess(accessOf({ apiRoot: root, apiRoots: {}, workspace: "ci-7", controlToken: TOKEN }));
    const recorded: Exchange[] = [];
    await recordingFetch(5000, (x) => recorded.push(x))(`${root}/_harness/clock?echo=${TOKEN}`);
    expect(seen.at(-1)?.[CONTROL_TOKEN_HEADER]).toBe(TOKEN);
    expect(recorded[0].request.headers[WORKSPACE_HEADER]).toBe("ci-7");
    expect(recorded[0].curl).toContain("x-harness-workspace: ci-7");
    expect(JSON.stringify(recorded)).not.toContain(TOKEN);
    expect(knownSecrets.mask(`token=${TOKEN}`)).toBe("token=<redacted>");
  });
});
