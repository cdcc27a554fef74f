/** Starts bench/target.ts in a child process and talks to it over IPC. */
import { fork } from "node:child_process";
import { mkdirSync } from "node:fs";
import type { TargetMessage } from "./target.ts";

export interface Target {
  url: string;
  /** closes the server and ends the process; resolves with the mock bugs it reported (onBug) */
  stop(): Promise<{ bugs: number; firstBug?: string }>;
}

export interface TargetOptions {
  env?: Record<string, string>;
  /** write a V8 CPU profile of the target to this directory (file name: `${name}.cpuprofile`) */
  cpuProfile?: { dir: string; name: string };
}

export function startTarget(args: string[], options: TargetOptions = {}): Promise<Target> {
  const execArgv = [...process.execArgv];
  if (options.cpuProfile) {
    mkdirSync(options.cpuProfile.dir, { recursive: true });
    execArgv.push("--cpu-prof", `--cpu-prof-dir=${options.cpuProfile.dir}`, `--cpu-prof-name=${options.cpuProfile.name}.cpuprofile`);
  }
  const child = fork(new URL("./target.ts", import.meta.url).pathname, args, {
    execArgv,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`target ${args.join(" ")} exited early (code ${code})`));
    child.once("exit", onExit);
    child.once("message", (m: TargetMessage) => {
      if (m.type !== "ready") return reject(new Error(`target ${args.join(" ")}: unexpected message ${m.type}`));
      child.off("exit", onExit);
      resolve({
        url: m.url,
        stop: () =>
          new Promise((done) => {
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
