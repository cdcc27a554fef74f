/**
 * Issue 12 defect 11: every long-running command stops cleanly on SIGTERM and SIGINT and frees its
 * port, also when started through `npm run` (npm forwards the signal to `sh -c`, not to us).
 *
 * "Stopped" is judged by the processes, not by the port number alone: once our command is gone, the
 * kernel may hand the same port to any other process of a busy test run (CI saw that once), so a
 * port check alone could fail a command that did stop. Each command is started in a process group
 * of its own; it has stopped when no live process of that group is left (what npm and `sh -c`
 * started included, so an orphan still listening is caught).
 */
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createMock } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { listening, Processes, type Started } from "../support/processes.ts";

const processes = new Processes();
// only what this file started, by process group, should a test fail half-way
afterAll(() => processes.killAll());

async function start(command: string, args: string[]) {
  const started = processes.spawn(command, args);
  return { started, child: started.child, port: (await listening(started, 30_000)).port };
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The live (not zombie) processes of process group `pgid`, from /proc; undefined where there is no /proc. */
function liveInGroup(pgid: number): number[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  const live: number[] = [];
  for (const pid of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // ended while we looked
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z" && state !== "X") live.push(Number(pid));
  }
  return live;
}

/**
 * Whether everything `started` began has stopped within `ms`. Where /proc is missing, the port is
 * the judge instead (then a port reused at once by another process would look like ours).
 */
async function stoppedWithin({ child }: Started, port: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    const live = liveInGroup(child.pid!);
    if (live ? live.length === 0 : !(await portOpen(port))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Fails with what the command printed, so a stop that did not happen says why. */
async function expectStopped(started: Started, port: number): Promise<void> {
  const stopped = await stoppedWithin(started, port, 5_000);
  expect(stopped, `still running 5 s after the signal (group ${started.child.pid}: ${liveInGroup(started.child.pid!)?.join(", ")}); it printed:\n${started.text()}`).toBe(true);
}

describe("graceful shutdown", () => {
  it("npm run mock: SIGTERM to npm stops it all, the mock included", async () => {
    const { started, child, port } = await start("npm", ["run", "mock", "--", "--port", "0"]);
    expect(await portOpen(port)).toBe(true);
    expect(liveInGroup(child.pid!)?.length ?? 2).toBeGreaterThan(1); // npm, and the mock under it
    child.kill("SIGTERM");
    await expectStopped(started, port);
  }, 60_000);

  it("the CLI through node: SIGINT frees the port and exits 0", async () => {
    const { started, child, port } = await start(process.execPath, ["bin/camara-harness.js", "mock", "--port", "0"]);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    expect(await portOpen(port)).toBe(true);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    await expectStopped(started, port);
  }, 60_000);

  it("the proxy: SIGTERM stops it, exit 0 (no violation seen)", async () => {
    const app = await createMock();
    const target: RunningServer = await listen(app, { port: 0 });
    try {
      const { started, child, port } = await start(process.execPath, ["bin/camara-harness.js", "proxy", "--target", target.url, "--port", "0"]);
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      expect(await portOpen(port)).toBe(true);
      child.kill("SIGTERM");
      await expectStopped(started, port);
      expect(await exited).toBe(0);
    } finally {
      await target.close();
      await app.close();
    }
  }, 60_000);
});
