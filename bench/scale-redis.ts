/**
 * A redis-server of the scale benchmark's own (bench/scale.ts): started on a free loopback port with no
 * persistence (test/support/redis-process.ts, as for the tests), paused and resumed with
 * the replicas that use it (SIGSTOP/SIGCONT, like every idle target), its CPU time read from
 * /proc/<pid>/stat so that a request's server cost includes Redis. Missing redis-server: a loud error.
 */
import { type ChildProcess, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { redisServerInstalled, spawnRedisServer } from "../test/support/redis-process.ts";

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
  if (!redisServerInstalled()) throw new Error("bench:scale needs redis-server on PATH (apt-get install -y redis-server)");
  const { child, url, client } = await spawnRedisServer();
  servers.add(child);
  child.once("exit", () => servers.delete(child));
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
}
