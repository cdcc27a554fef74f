/** Starts bench/target.ts in a child process and talks to it over IPC. */
import { type ChildProcess, fork } from "node:child_process";
import type { PreloadFigures } from "./scale-preload.ts";
import type { TargetCommand, TargetMessage } from "./target.ts";

type Reply = Extract<TargetMessage, { type: "reply" }>;

export interface Target {
  url: string;
  /** the memory store's preload figures, when the target was started with a preload (bench/scale.ts) */
  preload?: PreloadFigures;
  /** the child's process id (bench/scale.ts reads its memory) */
  pid: number;
  /**
   * SIGSTOP / SIGCONT: a target that is not being measured is stopped, so that its background work
   * (e.g. the timers that activate the sessions a POST measurement created) cannot steal CPU from the
   * target being measured; the work is done when it resumes, inside its own measurement.
   */
  pause(): void;
  resume(): void;
  /** CPU time the target process has used so far (user + system, every thread), µs */
  cpuMicros(): Promise<number>;
  startProfile(): Promise<void>;
  /** stops the profiler and writes the .cpuprofile to `file` */
  stopProfile(file: string): Promise<void>;
  /** closes the server and ends the process; resolves with the mock bugs it reported (onBug) */
  stop(): Promise<{ bugs: number; firstBug?: string }>;
}

// A paused (SIGSTOP) child cannot notice that this process died: wake every child on the way out, so
// that each sees its IPC channel close and exits.
const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of children) child.kill("SIGCONT");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill("SIGCONT");
    process.exit(130);
  });
}

export function startTarget(args: string[], options: { env?: Record<string, string> } = {}): Promise<Target> {
  const child = fork(new URL("./target.ts", import.meta.url).pathname, args, {
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  const waiting: ((reply: Reply) => void)[] = [];
  const call = (command: TargetCommand) =>
    new Promise<Reply>((resolve) => {
      waiting.push(resolve);
      child.send(command);
    });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`target ${args.join(" ")} exited early (code ${code})`));
    child.once("exit", onExit);
    child.on("message", (m: TargetMessage) => {
      if (m.type === "reply") {
        waiting.shift()?.(m);
        return;
      }
      child.off("exit", onExit);
      resolve({
        url: m.url,
        preload: m.preload,
        pid: child.pid!,
        pause: () => child.kill("SIGSTOP"),
        resume: () => child.kill("SIGCONT"),
        cpuMicros: async () => (await call({ cmd: "cpu" })).cpuMicros,
        startProfile: async () => void (await call({ cmd: "profile-start" })),
        stopProfile: async (file) => void (await call({ cmd: "profile-stop", file })),
        stop: async () => {
          child.kill("SIGCONT");
          const exited = new Promise((done) => child.once("exit", done));
          const { bugs, firstBug } = await call({ cmd: "stop" });
          await exited;
          return { bugs, firstBug };
        },
      });
    });
  });
}
