/**
 * A redis-server of the scale benchmark's own (bench/scale.ts): started on a free loopback port with no
 * persistence (`--save "" --appendonly no`, as test/redis/redis-server.ts does), paused and resumed with
 * the replicas that use it (SIGSTOP/SIGCONT, like every idle target), its CPU time read from
 * /proc/<pid>/stat so that a request's server cost includes Redis. Missing redis-server: a loud error.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { Redis } from "ioredis";

export interface RedisProcess {
  url: string;
  pause(): void;
  resume(): void;
  /** user + system CPU time so far, µs (Linux /proc); NaN elsewhere */
  cpuMicros(): number;
  /** commands the server has processed so far (INFO stats total_commands_processed) */
  commands(): Promise<number>;
  stop(): void;
}

const servers = new Set<ChildProcess>();
process.on("exit", () => {
  for (const s of servers) s.kill("SIGKILL");
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const TICKS_PER_SECOND = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

function procCpuMicros(pid: number): number {
  try {
    // fields after the command name (which may hold spaces): utime is the 12th, stime the 13th
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
  } catch {
    return Number.NaN;
  }
}

export async function startRedisServer(): Promise<RedisProcess> {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.error) throw new Error("bench:scale needs redis-server on PATH (apt-get install -y redis-server)");
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  servers.add(child);
  child.once("exit", () => servers.delete(child));
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.ping();
      const pid = child.pid!;
      return {
        url,
        pause: () => child.kill("SIGSTOP"),
        resume: () => child.kill("SIGCONT"),
        cpuMicros: () => procCpuMicros(pid),
        commands: async () => {
          const m = /^total_commands_processed:(\d+)/m.exec(await client.info("stats"));
          if (!m) throw new Error("INFO stats has no total_commands_processed line");
          return Number(m[1]);
        },
        stop: () => {
          client.disconnect();
          child.kill("SIGCONT");
          child.kill("SIGKILL");
        },
      };
    } catch {
      client.disconnect();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server on port ${port} did not answer within 5 s`);
}
