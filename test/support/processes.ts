/**
 * Real processes for the tests that need them: the CLI started as a user starts it (each child in
 * a process group of its own, so that killing the group also ends what npm or the shell started),
 * waiting for what it prints, and a free port on the loopback.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { PROJECT_ROOT } from "../../src/core/paths.ts";

/** A child and what it printed so far (stdout and stderr together). */
export interface Started {
  child: ChildProcess;
  text(): string;
}

/** The children one test file started; `killAll()` (in afterAll) ends those still running. */
export class Processes {
  private readonly started: ChildProcess[] = [];

  /** `command args`, run from the project root; PORT is cleared so a default port never leaks in. */
  spawn(command: string, args: string[], env: Record<string, string> = {}): Started {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PORT: "", ...env } });
    this.started.push(child);
    let out = "";
    const collect = (chunk: Buffer) => (out += chunk.toString());
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    return { child, text: () => out };
  }

  /** `camara-harness ...args` from the sources (node --import tsx src/cli.ts). */
  cli(args: string[], env: Record<string, string> = {}): Started {
    return this.spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], env);
  }

  /** `camara-harness mock --port 0 ...args`, resolved once it prints that it listens. */
  async mock(args: string[], env: Record<string, string> = {}): Promise<Started & Listening> {
    const started = this.cli(["mock", "--port", "0", ...args], env);
    return { ...started, ...(await listening(started)) };
  }

  killAll(signal: NodeJS.Signals = "SIGKILL"): void {
    for (const child of this.started) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    }
  }
}

/** Resolves with the first match of `pattern` in what the child prints; rejects if it exits first or after timeoutMs. */
export function waitForOutput({ child, text }: Started, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const m = pattern.exec(text());
      if (!m) return;
      done();
      resolve(m);
    };
    const exited = (code: number | null) => {
      done();
      reject(new Error(`exited (${code}) before printing ${pattern}:\n${text()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`nothing matching ${pattern} within ${timeoutMs / 1000} s:\n${text()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout!.off("data", look);
      child.stderr!.off("data", look);
      child.off("exit", exited);
    };
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    child.on("exit", exited);
    look();
  });
}

export interface Listening {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  port: number;
}

/** Waits for the "listening on http://host:port" line of a server command. */
export async function listening(started: Started, timeoutMs?: number): Promise<Listening> {
  const m = await waitForOutput(started, /listening on (http:\/\/[^\s:]+:(\d+))/, timeoutMs);
  return { url: m[1], port: Number(m[2]) };
}

/** A port free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
