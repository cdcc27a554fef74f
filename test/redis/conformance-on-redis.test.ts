/**
 * The mock on Redis is the same operator as the mock in memory: the conformance run of the most
 * stateful APIs (sessions on the clock, notifications, calls) against a replica on a real Redis, through
 * --base-url, is CONFORMANT with no failure.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/core/paths.ts";
import { deleteByPrefix } from "../../src/core/redis/redis-store.ts";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { REDIS_UNAVAILABLE, redisClient, startRedis, type TestRedis } from "./redis-server.ts";

function conformance(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "conformance", ...args], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

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
    const { code, out } = await conformance(["--base-url", server.url, "--api", "quality-on-demand,click-to-dial", "--report-dir", "reports/redis-conformance"]);
    expect(out, out).toMatch(/Verdict: CONFORMANT/);
    expect(code).toBe(0);
    const row = /quality-on-demand\s+(\d+)\s+(\d+)/.exec(out);
    expect(Number(row?.[1])).toBeGreaterThan(150); // scenarios really ran
    expect(Number(row?.[2])).toBe(0);
  }, 300_000);
});
