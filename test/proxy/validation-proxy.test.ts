/**
 * The validation proxy in front of a real (tiny) upstream: a spec-violating answer is reported for
 * its operation only, requests reach the target unchanged under their base path, and --errors turns
 * violations into error answers as Prism's --errors does.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxyCommand } from "../../src/cli/proxy-command.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { type RunningProxy, startProxy, TargetUnreachableError } from "../../src/proxy/validation-proxy.ts";
import { formatViolation, summariseViolations } from "../../src/prism/violations.ts";
import { listSpecFiles } from "../../src/openapi/catalogue.ts";
import { type ApiSpec, loadApiSpecs } from "../../src/openapi/operations.ts";

interface Received {
  method: string;
  url: string;
  body: string;
}

/** Number Verification done wrong on /verify (a string instead of a boolean), right on /device-phone-number. */
function startUpstream(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ method: req.method!, url: req.url!, body });
      const answer = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "x-correlator": req.headers["x-correlator"] ?? "upstream" });
        res.end(JSON.stringify(value));
      };
      const path = new URL(req.url!, "http://upstream").pathname;
      if (path === "/number-verification/v2/verify") answer(200, { devicePhoneNumberVerified: "yes" });
      else if (path === "/number-verification/v2/device-phone-number") answer(200, { devicePhoneNumber: "+34600100200" });
      else answer(404, { status: 404, code: "NOT_FOUND", message: "nothing here" });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }));
  });
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const VERIFY_BODY = JSON.stringify({ phoneNumber: "+34600100200" });
const jsonPost = (body: string) => ({ method: "POST", headers: { "content-type": "application/json", authorization: "Bearer t" }, body });

let upstream: Awaited<ReturnType<typeof startUpstream>>;
let specs: ApiSpec[];
let proxy: RunningProxy;
let strict: RunningProxy;
const reported: string[] = [];

beforeAll(async () => {
  upstream = await startUpstream();
  specs = await loadApiSpecs(listSpecFiles().filter((f) => f.api === "number-verification"));
  proxy = await startProxy({ target: upstream.url, specs, port: 0, onViolation: (v) => reported.push(formatViolation(v)) });
  strict = await startProxy({ target: upstream.url, specs, port: 0, errors: true });
});

afterAll(async () => {
  await Promise.all([proxy?.close(), strict?.close()]);
  if (upstream) await closeServer(upstream.server);
});

describe("validation proxy", () => {
  it("forwards a valid exchange unchanged and reports nothing", async () => {
    const before = proxy.violations.length;
    const res = await fetch(`${proxy.url}/number-verification/v2/device-phone-number`, { headers: { "x-correlator": "c-1" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-correlator")).toBe("c-1");
    expect(res.headers.get("sl-violations")).toBeNull();
    expect(await res.json()).toEqual({ devicePhoneNumber: "+34600100200" });
    expect(upstream.received.at(-1)).toMatchObject({ method: "GET", url: "/number-verification/v2/device-phone-number" });
    expect(proxy.violations.length).toBe(before);
  });

  it("reports the target's spec-violating answer, for that operation only, and still forwards it", async () => {
    const before = proxy.violations.length;
    const res = await fetch(`${proxy.url}/number-verification/v2/verify?trace=1`, jsonPost(VERIFY_BODY));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ devicePhoneNumberVerified: "yes" });
    expect(res.headers.get("sl-violations")).toContain("devicePhoneNumberVerified");
    expect(upstream.received.at(-1)).toEqual({ method: "POST", url: "/number-verification/v2/verify?trace=1", body: VERIFY_BODY });

    const found = proxy.violations.slice(before);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      method: "POST",
      path: "/number-verification/v2/verify",
      operationId: "phoneNumberVerify",
      where: "response",
      location: "response.body.devicePhoneNumberVerified",
      severity: "error",
    });
    expect(found[0].message).toMatch(/boolean/);
    expect(reported.at(-1)).toBe(
      `VIOLATION POST /number-verification/v2/verify phoneNumberVerify response.body.devicePhoneNumberVerified: ${found[0].message}`,
    );
    expect(proxy.violations.filter((v) => v.operationId === "phoneNumberShare")).toEqual([]);
  });

  it("reports an invalid request as the client's violation and forwards it", async () => {
    const before = proxy.violations.length;
    const body = JSON.stringify({ phoneNumber: "+34600100200", hashedPhoneNumber: "ab" });
    const res = await fetch(`${proxy.url}/number-verification/v2/verify`, jsonPost(body));
    expect(res.status).toBe(200); // the target answered (wrongly, as always)
    expect(upstream.received.at(-1)?.body).toBe(body);
    const found = proxy.violations.slice(before);
    expect(found.filter((v) => v.where === "request").length).toBeGreaterThan(0);
    expect(found.every((v) => v.operationId === "phoneNumberVerify")).toBe(true);
  });

  it("answers a body over 10 MiB with 413 and forwards nothing", async () => {
    const before = upstream.received.length;
    const res = await fetch(`${proxy.url}/number-verification/v2/verify`, jsonPost(`{"phoneNumber":"${"1".repeat(10 * 1024 * 1024)}"}`));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ status: 413, type: "PAYLOAD_TOO_LARGE" });
    expect(upstream.received.length).toBe(before);
  });

  it("forwards paths outside every spec without checking them", async () => {
    const before = proxy.violations.length;
    const res = await fetch(`${proxy.url}/_harness/testdata`);
    expect(res.status).toBe(404);
    expect(upstream.received.at(-1)?.url).toBe("/_harness/testdata");
    expect(proxy.violations.length).toBe(before);
  });

  it("a path under a spec's base path that no operation has is forwarded with a warning", async () => {
    const before = proxy.violations.length;
    const res = await fetch(`${proxy.url}/number-verification/v2/nope`);
    expect(res.status).toBe(404);
    expect(upstream.received.at(-1)?.url).toBe("/number-verification/v2/nope");
    expect(proxy.violations.slice(before)).toEqual([
      expect.objectContaining({ where: "request", severity: "warning", operationId: undefined, message: "Selected route not found" }),
    ]);
    expect(reported.at(-1)).toBe("WARNING   GET /number-verification/v2/nope (no operation) request: Selected route not found");
  });

  it("summarises the count, target's and client's apart", () => {
    const responses = proxy.violations.filter((v) => v.where === "response").length;
    expect(summariseViolations(proxy.violations)).toBe(
      `${proxy.violations.length} spec violations (${responses} in responses of the target, ${proxy.violations.length - responses} in requests)`,
    );
  });
});

describe("validation proxy with errors: true (Prism's --errors)", () => {
  it("turns a violating answer into a 500 problem listing the violation", async () => {
    const res = await fetch(`${strict.url}/number-verification/v2/verify`, jsonPost(VERIFY_BODY));
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = await res.json();
    expect(problem.type).toBe("https://stoplight.io/prism/errors#VIOLATIONS");
    expect(problem.validation[0]).toMatchObject({ location: "response.body.devicePhoneNumberVerified" });
  });

  it("lets a valid exchange through", async () => {
    const res = await fetch(`${strict.url}/number-verification/v2/device-phone-number`);
    expect(res.status).toBe(200);
  });

  it("answers an invalid request with 422 without reaching the target, and records why", async () => {
    const hits = upstream.received.length;
    const before = strict.violations.length;
    const res = await fetch(`${strict.url}/number-verification/v2/verify`, jsonPost(JSON.stringify({ phoneNumber: 34600100200 })));
    expect(res.status).toBe(422);
    expect(upstream.received.length).toBe(hits);
    const found = strict.violations.slice(before);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ where: "request", operationId: "phoneNumberVerify", severity: "error" });
    expect(found[0].location).toMatch(/^request\.body/);
  });
});

describe("start-up failures", () => {
  async function deadUrl(): Promise<string> {
    const dead = await startUpstream();
    await closeServer(dead.server);
    return dead.url;
  }

  it("an unreachable target is a TargetUnreachableError naming it", async () => {
    const url = await deadUrl();
    const attempt = startProxy({ target: url, specs, port: 0 });
    await expect(attempt).rejects.toBeInstanceOf(TargetUnreachableError);
    await expect(attempt).rejects.toThrow(`target ${url}/ is unreachable (ECONNREFUSED)`);
  });

  it.each([
    [[], /--target URL is required/],
    [["--target", "ftp://example.com"], /--target must be an http\(s\) URL/],
    [["--target", "http://127.0.0.1:1", "--port", "x"], /--port must be 0\.\.65535/],
    [["--target", "http://127.0.0.1:1", "--spec", "specs/nope/1.0.0.yaml"], /no such file/],
    [["--bogus"], /bogus/],
  ])("proxy %j is a usage error", async (args, message) => {
    const attempt = proxyCommand.run(args);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(message);
  });

  it("the command turns an unreachable target into one usage line", async () => {
    const url = await deadUrl();
    const attempt = proxyCommand.run(["--target", url, "--port", "0", "--spec", "specs/number-verification/2.1.0.yaml"]);
    await expect(attempt).rejects.toBeInstanceOf(UsageError);
    await expect(attempt).rejects.toThrow(/is unreachable \(ECONNREFUSED\)$/);
  });
});
