/** Starts bench/target.ts in a child process and talks to it over IPC. */
import { fork } from "node:child_process";
import type { TargetMessage } from "./target.ts";

export interface Target {
  url: string;
  /**
   * SIGSTOP / SIGCONT: a target that is not being measured is stopped, so that its background work
   * (e.g. the timers that activate the sessions a POST measurement created) cannot steal CPU from the
   * target being measured; the work is done when it resumes, inside its own measurement.
   */
  pause(): void;
  resume(): void;
  /** CPU time the target process has used so far (user + system, every thread), µs */
  cpuMicros(): Promise<number>;
  /** closes the server and ends the process; resolves with the mock bugs it reported (onBug) */
  stop(): Promise<{ bugs: number; firstBug?: string }>;
}

export interface TargetOptions {
  env?: Record<string, string>;
}

export function startTarget(args: string[], options: TargetOptions = {}): Promise<Target> {
  const child = fork(new URL("./target.ts", import.meta.url).pathname, args, {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`target ${args.join(" ")} exited early (code ${code})`));
    child.once("exit", onExit);
    child.once("message", (m: TargetMessage) => {
      if (m.type !== "ready") return reject(new Error(`target ${args.join(" ")}: unexpected message ${m.type}`));
      child.off("exit", onExit);
      const cpuWaiters: ((micros: number) => void)[] = [];
      child.on("message", (msg: TargetMessage) => {
        if (msg.type === "cpu") cpuWaiters.shift()?.(msg.micros);
      });
      resolve({
        url: m.url,
        pause: () => child.kill("SIGSTOP"),
        resume: () => child.kill("SIGCONT"),
        cpuMicros: () =>
          new Promise((done) => {
            cpuWaiters.push(done);
            child.send("cpu");
          }),
        stop: () =>
          new Promise((done) => {
            child.kill("SIGCONT");
            let report: { bugs: number; firstBug?: string } = { bugs: 0 };
            child.on("message", (msg: TargetMessage) => {
              if (msg.type === "stopped") report = { bugs: msg.bugs, firstBug: msg.firstBug };
            });
            child.once("exit", () => done(report));
            child.send("stop");
          }),
      });
    });
  });
}
