/**
 * Issue 18, done-when: two replicas of `camara-harness mock --store redis://…` (real processes on real
 * ports, one real Redis) behave as one operator: a token from A works on B, a session created on A is
 * read on B, the clock moved on one is the clock of the other, and after A is killed (SIGKILL) the
 * expiry A scheduled fires on B, the AVAILABLE and UNAVAILABLE notifications each delivered exactly once.
 */
import type { ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteByPrefix } from "../../src/core/redis/redis-store.ts";
import { REDIS_UNAVAILABLE, redisClient, startRedis, type TestRedis } from "./redis-server.ts";
import { Processes } from "../support/processes.ts";

const processes = new Processes();

/** A replica: `camara-harness mock --store URL` on a port of its own. */
async function replica(url: string): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const started = await processes.mock(["--store", url, "--allow-insecure-sinks"]);
  return { child: started.child, base: started.url, output: started.text };
}

async function call(base: string, path: string, init: { method?: string; token?: string; json?: unknown; form?: Record<string, string>; basic?: string } = {}) {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.basic) headers.authorization = `Basic ${Buffer.from(init.basic).toString("base64")}`;
  if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  if (init.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(`${base}${path}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : undefined };
}

describe.skipIf(REDIS_UNAVAILABLE)("two replicas on one Redis", () => {
  let redis: TestRedis;
  let sink: Server;
  let sinkUrl: string;
  const received: { qosStatus: string; statusInfo?: string; sessionId: string }[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const client = redisClient(redis.url);
    await deleteByPrefix(client, "camara-harness:default:");
    client.disconnect();
    sink = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString()).data);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/notifications`;
  }, 30_000);

  afterAll(async () => {
    processes.killAll();
    sink?.closeAllConnections();
    await new Promise((resolve) => sink?.close(resolve));
    await redis?.stop();
  });

  it("share tokens, sessions, the clock and the schedule; B runs what A scheduled after A is killed", async () => {
    const [a, b] = await Promise.all([replica(redis.url), replica(redis.url)]);

    // a token from A works on B
    const token = await call(a.base, "/token", {
      basic: "demo-app:demo-app-secret",
      form: { grant_type: "client_credentials", scope: "quality-on-demand:sessions:create quality-on-demand:sessions:read" },
    });
    expect(token.status, token.text).toBe(200);
    const bearer = token.body.access_token as string;

    // a session created on A is read on B
    const created = await call(a.base, "/quality-on-demand/v1/sessions", {
      token: bearer,
      json: { device: { phoneNumber: "+34600000001" }, applicationServer: { ipv4Address: "203.0.113.50" }, qosProfile: "QOS_E", duration: 600, sink: sinkUrl },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.sessionId as string;
    const onB = await call(b.base, `/quality-on-demand/v1/sessions/${id}`, { token: bearer });
    expect(onB.status, onB.text).toBe(200);
    expect(onB.body.qosStatus).toBe("REQUESTED");

    // the clock moved on A (it runs the activation it scheduled, and schedules the expiry) is B's clock
    const before = (await call(b.base, "/_harness/clock")).body.now as string;
    const moved = await call(a.base, "/_harness/clock", { json: { advanceSeconds: 2 } });
    expect(moved.status, moved.text).toBe(200);
    const after = (await call(b.base, "/_harness/clock")).body.now as string;
    expect(Date.parse(after) - Date.parse(before)).toBeGreaterThanOrEqual(2000);
    expect((await call(b.base, `/quality-on-demand/v1/sessions/${id}`, { token: bearer })).body.qosStatus).toBe("AVAILABLE");

    // and the other way round: moved on B, seen on A
    const beforeA = (await call(a.base, "/_harness/clock")).body.now as string;
    await call(b.base, "/_harness/clock", { json: { advanceSeconds: 60 } });
    const afterA = (await call(a.base, "/_harness/clock")).body.now as string;
    expect(Date.parse(afterA) - Date.parse(beforeA)).toBeGreaterThanOrEqual(60_000);

    // A dies without a word; the expiry it scheduled fires on B
    a.child.kill("SIGKILL");
    await new Promise((resolve) => a.child.once("exit", resolve));
    const expiry = await call(b.base, "/_harness/clock", { json: { advanceSeconds: 600 } });
    expect(expiry.status, expiry.text).toBe(200);
    const ended = await call(b.base, `/quality-on-demand/v1/sessions/${id}`, { token: bearer });
    expect(ended.body.qosStatus).toBe("UNAVAILABLE");
    expect(ended.body.statusInfo).toBe("DURATION_EXPIRED");

    expect(b.output()).toContain("state: redis://127.0.0.1");
    // each notification once: wait for several poll rounds of B for a late duplicate
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received.filter((e) => e.sessionId === id).map((e) => `${e.qosStatus}/${e.statusInfo ?? ""}`)).toEqual(["AVAILABLE/", "UNAVAILABLE/DURATION_EXPIRED"]);
  }, 120_000);
});
