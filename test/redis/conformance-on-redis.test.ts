/**
 * The mock on Redis is the same operator as the mock in memory: the conformance run of the most
 * stateful APIs (sessions on the clock, notifications, calls) against a replica on a real Redis, through
 * --base-url, is CONFORMANT with no failure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteByPrefix } from "../../src/core/redis/redis-store.ts";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { REDIS_UNAVAILABLE, redisClient, startRedis, type TestRedis } from "./redis-server.ts";
import { runCli } from "../conformance/run-cli.ts";

describe.skipIf(REDIS_UNAVAILABLE)("conformance against a replica on Redis", () => {
  let redis: TestRedis;
  let app: MockApp;
  let server: RunningServer;

  beforeAll(async () => {
    redis = await startRedis();
    const client = redisClient(redis.url);
    await deleteByPrefix(client, "camara-harness:conformance:");
    client.disconnect();
    app = await createMock({ store: redis.url, workspace: "conformance", allowInsecureSinks: true });
    server = await listen(app, { port: 0 });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await app?.close();
    await redis?.stop();
  });

  it("QoD and Click to Dial: CONFORMANT, nothing failed", async () => {
    const run = await runCli(["conformance", "--base-url", server.url, "--api", "quality-on-demand,click-to-dial"], 300_000);
    const out = run.stdout + run.stderr;
    expect(out, out).toMatch(/Verdict: CONFORMANT/);
    expect(run.code).toBe(0);
    const row = /quality-on-demand\s+(\d+)\s+(\d+)/.exec(out);
    expect(Number(row?.[1])).toBeGreaterThan(150); // scenarios really ran
    expect(Number(row?.[2])).toBe(0);
  }, 300_000);
});
