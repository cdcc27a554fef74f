/**
 * `camara-harness mock` on a shared network (issue 18): the banner says whether the control plane is
 * protected and warns when the mock binds to a non-loopback address without a control token; the
 * token given in the environment protects the control plane and is never printed.
 */
import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { isLoopback } from "../../src/cli/mock-command.ts";
import { Processes, waitForOutput } from "../support/processes.ts";

const processes = new Processes();
afterAll(() => processes.killAll());

/** Starts the mock, returns its banner (everything printed up to the "try:" line) and port. */
async function banner(args: string[], env: Record<string, string> = {}): Promise<{ text: string; port: number; child: ChildProcess }> {
  const started = processes.cli(["mock", "--port", "0", ...args], { CAMARA_HARNESS_CONTROL_TOKEN: "", ...env });
  const m = await waitForOutput(started, /listening on http:\/\/[^\s:]+:(\d+)[\s\S]*\n {2}try:/);
  return { text: started.text(), port: Number(m[1]), child: started.child };
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
