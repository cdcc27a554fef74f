/**
 * Issue 12 defect 11: every long-running command stops cleanly on SIGTERM and SIGINT and frees its
 * port, also when started through `npm run` (npm forwards the signal to `sh -c`, not to us).
 */
import { connect } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createMock } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { listening, Processes } from "../support/processes.ts";

const processes = new Processes();
// only what this file started, by process group, should a test fail half-way
afterAll(() => processes.killAll());

async function start(command: string, args: string[]) {
  const started = processes.spawn(command, args);
  return { child: started.child, port: (await listening(started, 30_000)).port };
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

async function freedWithin(port: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (!(await portOpen(port))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe("graceful shutdown", () => {
  it("npm run mock: SIGTERM to npm frees the port", async () => {
    const { child, port } = await start("npm", ["run", "mock", "--", "--port", "0"]);
    expect(await portOpen(port)).toBe(true);
    child.kill("SIGTERM");
    expect(await freedWithin(port, 5_000)).toBe(true);
  }, 60_000);

  it("the CLI through node: SIGINT frees the port and exits 0", async () => {
    const { child, port } = await start(process.execPath, ["bin/camara-harness.js", "mock", "--port", "0"]);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(await portOpen(port)).toBe(false);
  }, 60_000);

  it("the proxy: SIGTERM frees the port", async () => {
    const app = await createMock();
    const target: RunningServer = await listen(app, { port: 0 });
    try {
      const { child, port } = await start(process.execPath, ["bin/camara-harness.js", "proxy", "--target", target.url, "--port", "0"]);
      child.kill("SIGTERM");
      expect(await freedWithin(port, 5_000)).toBe(true);
    } finally {
      await target.close();
      await app.close();
    }
  }, 60_000);
});
