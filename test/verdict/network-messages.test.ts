/**
 * Runner messages in words (issue 11): every network or protocol failure is one line saying what was
 * tried, what happened and what to check; a huge answer body is not read beyond 1 MiB and is reported
 * as what it is. Real servers on real ports, each misbehaving in one way.
 */
import { afterEach, describe, expect, it } from "vitest";
import { describeFetchFailure, MAX_BODY_BYTES } from "../../src/target/network-error.ts";
import { readHarnessTestData } from "../../src/target/harness-testdata.ts";
import { CONTROL_PLANE_CHALLENGE } from "../../src/core/harness-wire.ts";
import { recordingFetch, TargetError } from "../../src/target/recording-fetch.ts";
import { preflight } from "../../src/target/preflight.ts";
import type { Exchange } from "../../src/results/results.ts";
import { hugeBody, tinyServer, type TinyServer } from "./misbehaving-server.ts";
import { freePort } from "../support/processes.ts";

const servers: TinyServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});
const serve = async (...args: Parameters<typeof tinyServer>) => {
  const s = await tinyServer(...args);
  servers.push(s);
  return s;
};

async function failureOf(url: string, timeoutMs = 2000, init: RequestInit = {}): Promise<string> {
  try {
    await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return describeFetchFailure(`GET ${url}`, error, timeoutMs);
  }
  throw new Error(`${url} answered`);
}

const ONE_LINE = /^[^\n]+$/;

describe("network failures in words", () => {
  it("a port fetch blocks (9): names the port and the fix, not 'bad port'", async () => {
    const line = await failureOf("http://127.0.0.1:9/quality-on-demand/v1/sessions");
    expect(line).toMatch(ONE_LINE);
    expect(line).toBe(
      "GET http://127.0.0.1:9/quality-on-demand/v1/sessions: fetch refuses to connect to port 9 (a port the Fetch standard blocks for safety) — run the target on another port, e.g. 4010",
    );
  });

  it("nothing listening: connection refused, is the target started", async () => {
    const port = await freePort();
    const line = await failureOf(`http://127.0.0.1:${port}/x`);
    expect(line).toBe(`GET http://127.0.0.1:${port}/x: connection refused — nothing listens at http://127.0.0.1:${port}; is the target started, and are the host and port right?`);
  });

  it("the target drops the connection (UND_ERR_SOCKET / ECONNRESET): closed without a complete answer", async () => {
    const s = await serve((req) => req.socket.destroy());
    const line = await failureOf(`${s.url}/x`);
    expect(line).toMatch(ONE_LINE);
    expect(line).toContain("the target closed the connection without a complete answer — check its logs");
    expect(line).not.toMatch(/UND_ERR|fetch failed/);
  });

  it("the target never answers: did not answer within the timeout", async () => {
    const s = await serve(() => {});
    const line = await failureOf(`${s.url}/slow`, 300);
    expect(line).toBe(`GET ${s.url}/slow: did not answer within 0.3 s — is the target up and not hanging? (raise --timeout for a slow target)`);
  });

  it("https to a plain http server: the TLS handshake failed, with what to check", async () => {
    const s = await serve((_req, res) => res.end("{}"));
    const line = await failureOf(`https://127.0.0.1:${s.port}/x`);
    expect(line).toMatch(ONE_LINE);
    expect(line).toMatch(/^GET https:\/\/127\.0\.0\.1:\d+\/x: the TLS handshake failed \(.+\) — is it an https server with a certificate this machine trusts\?/);
  });

  it("preflight reports an unreachable target in one line", async () => {
    const port = await freePort();
    const problems = await preflight([`http://127.0.0.1:${port}/sim-swap/v2/`], 2000);
    expect(problems).toEqual([`cannot reach GET http://127.0.0.1:${port}/sim-swap/v2/: connection refused — nothing listens at http://127.0.0.1:${port}; is the target started, and are the host and port right?`]);
  });
});

describe("answers that are not what they seem", () => {
  it("a 500 with a 50 MiB body: read up to 1 MiB only, reported as a failing target, not as 'no /_harness/testdata'", async () => {
    const written = { bytes: 0 };
    const s = await serve(hugeBody(500, 50, written));
    const answer = await readHarnessTestData(s.url, 5000);
    expect(answer).toEqual({ problem: `GET ${s.url}/_harness/testdata answered 500 with a body over 1 MiB (not read further) — check the target` });
    // the runner stopped reading: far less than 50 MiB left the server
    expect(written.bytes).toBeLessThan(20 * 1024 * 1024);
  });

  it("a 500 with a small body: the target failed, with the start of its body", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("java.lang.NullPointerException at Foo.bar");
    });
    expect(await readHarnessTestData(s.url, 5000)).toEqual({
      problem: `GET ${s.url}/_harness/testdata answered 500 (java.lang.NullPointerException at Foo.bar) — the target failed; check its logs`,
    });
  });

  it("a 404: the target is not our mock (then --config is the answer)", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"status":404,"code":"NOT_FOUND","message":"no"}');
    });
    expect(await readHarnessTestData(s.url, 5000)).toEqual({ absent: `GET ${s.url}/_harness/testdata answered 404` });
  });

  it("a 401: our protected control plane (its challenge) asks for the token; any other 401 is not our mock", async () => {
    for (const [challenge, expected] of [
      [CONTROL_PLANE_CHALLENGE, "problem"],
      ['Bearer realm="operator gateway"', "absent"],
    ] as const) {
      const s = await serve((_req, res) => {
        res.writeHead(401, { "content-type": "application/json", "www-authenticate": challenge });
        res.end('{"status":401,"code":"UNAUTHENTICATED","message":"no"}');
      });
      const read = await readHarnessTestData(s.url, 5000);
      if (expected === "problem") expect("problem" in read && read.problem).toMatch(/protects its control plane \(401 on \/_harness\/testdata\): give its token with --control-token/);
      else expect(read).toEqual({ absent: `GET ${s.url}/_harness/testdata answered 401` });
    }
  });

  it("a scenario's request whose answer is over 1 MiB is a harness error with the evidence, not a hang or a crash", async () => {
    const written = { bytes: 0 };
    const s = await serve(hugeBody(200, 50, written));
    const exchanges: Exchange[] = [];
    const f = recordingFetch(5000, (x) => exchanges.push(x));
    const error = await f(`${s.url}/quality-on-demand/v1/sessions/1`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetError);
    expect((error as Error).message).toBe(`GET ${s.url}/quality-on-demand/v1/sessions/1 answered 200 with a body over 1 MiB (not read further) — no API answer is that large: check the target`);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].response?.status).toBe(200);
    expect(exchanges[0].response!.body!.length).toBeLessThanOrEqual(2048);
    expect(written.bytes).toBeLessThan(20 * 1024 * 1024);
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
  });

  it("a scenario's request to a target that drops the connection is one plain line in the evidence", async () => {
    const s = await serve((req) => req.socket.destroy());
    const exchanges: Exchange[] = [];
    const error = await recordingFetch(2000, (x) => exchanges.push(x))(`${s.url}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetError);
    expect((error as Error).message).toContain("the target closed the connection without a complete answer");
    expect(exchanges[0].error).toBe((error as Error).message);
  });
});
