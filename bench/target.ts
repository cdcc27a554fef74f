/**
 * One server under test, in its own process so that it does not share an event loop with the load
 * generator (bench/run.ts forks it). argv: `bare` | `mock <validateResponses:true|false> <extraSubscribers>`.
 * Tells the parent {type:"ready", url} over IPC; answers "cpu" with its CPU time; on "stop" closes and
 * exits normally, so that a `--cpu-prof` profile (BENCH_CPU_PROF) is written.
 */
import { listenBare } from "./bare-server.ts";
import { benchTestData } from "./bench-data.ts";
import { createMock } from "../src/mock/app.ts";
import { listen } from "../src/mock/server.ts";

export type TargetMessage =
  | { type: "ready"; url: string }
  /** process.cpuUsage(), user + system, µs (every thread of the process) */
  | { type: "cpu"; micros: number }
  | { type: "stopped"; bugs: number; firstBug?: string };

function send(message: TargetMessage): void {
  process.send!(message);
}

async function main(): Promise<void> {
  const [kind, validate, extra] = process.argv.slice(2);
  let bugs = 0;
  let firstBug: string | undefined;
  let close: () => Promise<void>;
  if (kind === "bare") {
    const bare = await listenBare();
    close = bare.close;
    send({ type: "ready", url: bare.url });
  } else if (kind === "mock") {
    const app = await createMock({
      testdata: benchTestData(Number(extra)),
      validateResponses: validate === "true",
      onBug: (message) => {
        bugs++;
        firstBug ??= message;
      },
    });
    const running = await listen(app, { port: 0, host: "127.0.0.1" });
    close = async () => {
      await running.close();
      app.close();
    };
    send({ type: "ready", url: running.url });
  } else {
    throw new Error(`unknown target '${kind}'`);
  }
  process.on("message", async (m) => {
    if (m === "cpu") {
      const { user, system } = process.cpuUsage();
      send({ type: "cpu", micros: user + system });
      return;
    }
    if (m !== "stop") return;
    await close();
    send({ type: "stopped", bugs, firstBug });
    process.disconnect();
    process.exit(0);
  });
  // the parent died without saying stop: do not linger
  process.on("disconnect", () => process.exit(0));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
