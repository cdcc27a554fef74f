/**
 * A `redis-server` of our own (tests and the scale benchmark): on a free loopback port, with no
 * persistence (`--save "" --appendonly no`), resolved once it answers PING with a connection open to it.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { Redis } from "ioredis";
import { freePort } from "./processes.ts";

export interface RedisProcess {
  child: ChildProcess;
  url: string;
  /** the connection that got the first PONG (its owner disconnects it) */
  client: Redis;
}

/** Whether `redis-server` can be started here (it is on PATH). */
export const redisServerInstalled = (): boolean => !spawnSync("redis-server", ["--version"], { encoding: "utf8" }).error;

export async function spawnRedisServer(): Promise<RedisProcess> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.ping();
      return { child, url, client };
    } catch {
      client.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server on port ${port} did not answer within 5 s`);
}
