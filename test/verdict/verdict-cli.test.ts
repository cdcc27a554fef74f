/**
 * Exit codes users can trust (issue 11), as a user runs the CLI (child processes; each run costs
 * seconds, so few): a selection that runs nothing exits 2 with one line naming the filter; an API the
 * target does not serve is one error and its scenarios are not run (exit 2); `release:` of a --config
 * file is not overridden by the default release; the restricted-profile scenarios catch a target that
 * ignores the device.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBuiltInMock } from "../../src/mock/built-in.ts";
import type { BuiltInMock } from "../../src/target/prepare-target.ts";
import { type CliRun, runCli } from "../conformance/run-cli.ts";
import { forwardingProxy } from "./forwarding-proxy.ts";
import type { TinyServer } from "./misbehaving-server.ts";

const cli = (args: string[]) => runCli(args, 240_000);

describe("exit codes of the conformance CLI", () => {
  let mock: BuiltInMock;
  let mock2: BuiltInMock;
  let spring25: BuiltInMock;
  const servers: TinyServer[] = [];
  let runs: { empty: CliRun; config: CliRun; unserved: CliRun; restricted: CliRun };

  beforeAll(async () => {
    // one mock per concurrent run: runs against one mock would share its state and rate limits
    [mock, mock2, spring25] = await Promise.all([startBuiltInMock({ release: "latest" }), startBuiltInMock({ release: "latest" }), startBuiltInMock({ release: "spring25" })]);
    // a gateway in front of the mock that routes no qos-profiles (Kong-like JSON 404, not a CAMARA ErrorInfo)
    const gateway = await forwardingProxy(mock.url, {
      answer: (req) => (req.url?.startsWith("/qos-profiles/") ? { status: 404, type: "application/json", body: '{"message":"no Route matched with those values"}' } : undefined),
    });
    // a faulty target: it ignores the device of retrieveQoSProfiles (the restricted profiles never show)
    const deviceBlind = await forwardingProxy(mock2.url, {
      rewrite: (req, body) => {
        if (!req.url?.endsWith("/retrieve-qos-profiles")) return body;
        const { device: _, ...rest } = JSON.parse(body) as Record<string, unknown>;
        return JSON.stringify(rest);
      },
    });
    servers.push(gateway, deviceBlind);
    const config = join(mkdtempSync(join(tmpdir(), "verdict-cfg-")), "target.yaml");
    writeFileSync(config, [`apiRoot: ${spring25.url}`, "release: spring25", "subscribers:", '  unknown: {phoneNumber: "+34699999999"}', ""].join("\n"));
    // two at a time: the machine is shared
    const [empty, configRun] = await Promise.all([cli(["conformance", "--grep", "no-such-scenario"]), cli(["conformance", "--config", config, "--grep", "no-such-scenario"])]);
    const [unserved, restricted] = await Promise.all([
      cli(["conformance", "--base-url", gateway.url, "--api", "qos-profiles,sim-swap", "--grep", "401"]),
      cli(["conformance", "--base-url", deviceBlind.url, "--api", "qos-profiles", "--grep", "restricted"]),
    ]);
    runs = { empty, config: configRun, unserved, restricted };
  }, 480_000);

  afterAll(async () => {
    for (const s of servers) await s.close();
    await mock?.close();
    await mock2?.close();
    await spring25?.close();
  });

  it("--grep that selects nothing: exit 2 and one line naming the filter", () => {
    const { code, stdout, report } = runs.empty;
    expect(code, stdout).toBe(2);
    expect(report!.harnessErrors).toEqual(["no scenario ran: --grep no-such-scenario selected no scenario (check the spelling, or list what exists without the filter)"]);
    expect(stdout).toContain("  - no scenario ran: --grep no-such-scenario selected no scenario");
    expect(stdout).toMatch(/Verdict: HARNESS ERROR \(exit code 2\)/);
    expect(stdout).not.toMatch(/^API\s+pass/m); // no empty table
  });

  it("release: in a --config file is the run's release unless --release is given", () => {
    const { code, stdout, report } = runs.config;
    expect(code, stdout).toBe(2);
    expect(report!.target.release).toBe("spring25");
    expect(stdout).toContain("CAMARA spring25 conformance of");
  });

  it("an API the target does not serve: one error for it, its scenarios not run, the others run, exit 2", () => {
    const { code, stdout, report } = runs.unserved;
    expect(code, stdout).toBe(2);
    expect(report!.harnessErrors).toHaveLength(1);
    expect(report!.harnessErrors[0]).toMatch(
      /^qos-profiles \S+ is not served by http:\/\/127\.0\.0\.1:\d+: POST \/qos-profiles\/v\d+\/retrieve-qos-profiles \(no token\) answered 404 with a body that is not a CAMARA ErrorInfo; its scenarios were not run/,
    );
    expect(report!.results.filter((r) => r.api === "qos-profiles")).toEqual([]);
    const simSwap = report!.results.filter((r) => r.api === "sim-swap");
    expect(simSwap.length).toBeGreaterThan(3);
    expect(simSwap.filter((r) => r.status === "fail" || r.status === "error").map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
  });

  it("QoS Profiles 04 (restricted profiles for their device) catches a target that ignores the device", () => {
    const { code, stdout, report } = runs.restricted;
    expect(code, stdout).toBe(1);
    const status = (id: string) => report!.results.find((r) => r.id === id)?.status;
    expect(status("qos_profiles_retrieveQoSProfiles_04_return_restricted_profiles")).toBe("fail");
    expect(status("qos_profiles_retrieveQoSProfiles_05_not_return_restricted_profiles")).toBe("pass");
    const failed = report!.results.find((r) => r.id === "qos_profiles_retrieveQoSProfiles_04_return_restricted_profiles")!;
    expect(failed.reason).toBe('restricted profiles missing from the answer: expected [], received ["QOS_FACTORY"]');
    expect(failed.reason).not.toMatch(/Object\.is|deeply equal/);
  });
});
