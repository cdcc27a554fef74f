/**
 * `camara-harness mock` on a shared network (issue 18): the banner says whether the control plane is
 * protected and warns when the mock binds to a non-loopback address without a control token; the
 * token given in the environment protects the control plane and is never printed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { isLoopback } from "../../src/cli/mock-command.ts";
import { PROJECT_ROOT } from "../../src/core/paths.ts";

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
});

/** Starts the mock, returns its banner (everything printed up to the "try:" line) and port. */
function banner(args: string[], env: Record<string, string> = {}): Promise<{ text: string; port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "mock", "--port", "0", ...args], {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: "", CAMARA_HARNESS_CONTROL_TOKEN: "", ...env },
  });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m && out.includes("  try:")) {
        clearTimeout(timer);
        resolve({ text: out, port: Number(m[1]), child });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited (${code}):\n${out}`)));
  });
}

describe("the mock's banner and the control token", () => {
  it("warns on 0.0.0.0 without a token", async () => {
    const { text, child } = await banner(["--host", "0.0.0.0"]);
    expect(text).toContain("control plane: open");
    expect(text).toMatch(/WARNING: bound to 0\.0\.0\.0 without --control-token/);
    process.kill(-child.pid!, "SIGTERM");
  }, 70_000);

  it("with the token from the environment: protected, no warning, token never printed, required on /_harness", async () => {
    const token = "env-control-token-xyz";
    const { text, port, child } = await banner(["--host", "0.0.0.0"], { CAMARA_HARNESS_CONTROL_TOKEN: token });
    expect(text).toContain("control plane: protected");
    expect(text).not.toContain("WARNING");
    expect(text).not.toContain(token);
    expect((await fetch(`http://127.0.0.1:${port}/_harness/clock`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/_harness/clock`, { headers: { "x-harness-control-token": token } })).status).toBe(200);
    process.kill(-child.pid!, "SIGTERM");
  }, 70_000);

  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["::1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["192.168.1.10", false],
  ])("isLoopback(%s) = %s", (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
