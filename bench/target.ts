/**
 * One server under test, in its own process so that it does not share an event loop with the load
 * generator (bench/targets.ts forks it). argv: `bare` | `mock <validateResponses:true|false> <extraSubscribers>
 * [<store: memory | redis://…> [<preloadSessions>]]` (bench/scale.ts: a Redis store, or a memory store
 * filled with that many QoD session records before the mock starts, see bench/scale-preload.ts).
 * Says {type:"ready", url, preload?} over IPC, then answers the parent's commands, one reply each:
 *   cpu            its CPU time so far
 *   profile-start  starts the V8 sampling profiler (node:inspector), so that a profile covers only the load
 *   profile-stop   stops it and writes the profile to `file`
 *   stop           closes the server and exits
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { listenBare } from "./bare-server.ts";
import { benchTestData } from "./bench-data.ts";
import { type PreloadFigures, preloadMemoryStore } from "./scale-preload.ts";
import { createMock } from "../src/mock/app.ts";
import { listen } from "../src/mock/server.ts";

export type TargetCommand = { cmd: "cpu" } | { cmd: "profile-start" } | { cmd: "profile-stop"; file: string } | { cmd: "stop" };

export type TargetMessage =
  | { type: "ready"; url: string; preload?: PreloadFigures }
  /** cpuMicros: process.cpuUsage() user + system, µs (every thread); bugs: mock bugs reported so far (onBug) */
  | { type: "reply"; cmd: TargetCommand["cmd"]; cpuMicros: number; bugs: number; firstBug?: string };

function send(message: TargetMessage): void {
  process.send!(message);
}

async function main(): Promise<void> {
  const [kind, validate, extra, storeArg, preloadArg] = process.argv.slice(2);
  let bugs = 0;
  let firstBug: string | undefined;
  let close: () => Promise<void>;
  if (kind === "bare") {
    const bare = await listenBare();
    close = bare.close;
    send({ type: "ready", url: bare.url });
  } else if (kind === "mock") {
    const memory = storeArg === undefined || storeArg === "memory";
    const preloaded = memory && preloadArg !== undefined ? await preloadMemoryStore(Number(preloadArg)) : undefined;
    const app = await createMock({
      testdata: benchTestData(Number(extra)),
      store: memory ? preloaded?.store : storeArg,
      validateResponses: validate === "true",
      onBug: (message) => {
        bugs++;
        firstBug ??= message;
      },
    });
    const running = await listen(app, { port: 0, host: "127.0.0.1" });
    close = async () => {
      await running.close();
      await app.close();
    };
    send({ type: "ready", url: running.url, preload: preloaded?.figures });
  } else {
    throw new Error(`unknown target '${kind}'`);
  }

  let inspector: Session | undefined;
  process.on("message", async (m: TargetCommand) => {
    if (m.cmd === "profile-start") {
      inspector = new Session();
      inspector.connect();
      await inspector.post("Profiler.enable");
      await inspector.post("Profiler.setSamplingInterval", { interval: 250 });
      await inspector.post("Profiler.start");
    } else if (m.cmd === "profile-stop" && inspector) {
      const { profile } = await inspector.post("Profiler.stop");
      writeFileSync(m.file, JSON.stringify(profile));
      inspector.disconnect();
      inspector = undefined;
    } else if (m.cmd === "stop") {
      await close();
    }
    const { user, system } = process.cpuUsage();
    const reply: TargetMessage = { type: "reply", cmd: m.cmd, cpuMicros: user + system, bugs, firstBug };
    // after "stop", exit once the reply has left
    process.send!(reply, undefined, {}, () => (m.cmd === "stop" ? process.exit(0) : undefined));
  });
  // the parent died without saying stop: do not linger
  process.on("disconnect", () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
