/**
 * Lines of known state (issue 19): the target file's `lines:` section loads and is validated, the
 * mock's target model derives its lines from the test data, and against a target without a control
 * plane (our mock on a port, described by a target file) the semantic scenarios run on the declared
 * lines and are skipped, naming the key, when a line is not declared.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadTargetConfig } from "../../src/target/config.ts";
import { linesFromTestData } from "../../src/target/known-lines.ts";
import { loadOperatorTestData } from "../../src/apis/registry.ts";
import { PROJECT_ROOT } from "../../src/core/paths.ts";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { type CliRun, runCli } from "./run-cli.ts";
import { runnerSinkCa } from "./runner-sink-ca.ts";

const dir = mkdtempSync(join(tmpdir(), "camara-lines-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("lines: in the target file", () => {
  it("the shipped example declares NV and SIM Swap lines", () => {
    process.env.SANDBOX_CLIENT_ID = "id";
    process.env.SANDBOX_CLIENT_SECRET = "secret";
    const c = loadTargetConfig(join(PROJECT_ROOT, "examples/operator-sandbox.target.yaml"));
    expect(c.lines?.numberVerification).toEqual({ verifies: "+34600000001", doesNotVerify: "+34600000002" });
    expect(c.lines?.simSwap?.swapped?.[0]).toEqual({ phoneNumber: "+34600000014", hoursAgo: 3 });
    expect(c.lines?.simSwap?.monitoredPeriodDays).toBe(30);
  });

  it.each([
    { what: "a swapped line without its age", text: "lines: {simSwap: {swapped: [{phoneNumber: '+34600000014'}]}}", error: /\/lines\/simSwap\/swapped\/0 must have required property 'hoursAgo'/ },
    { what: "an unknown key", text: "lines: {simSwap: {recent: {phoneNumber: '+34600000014'}}}", error: /must NOT have additional properties 'recent'/ },
    { what: "a bad number", text: "lines: {numberVerification: {verifies: '600000001'}}", error: /\/lines\/numberVerification\/verifies must match pattern/ },
  ])("rejects $what in one line", ({ text, error }) => {
    const path = file(`${Math.random().toString(36).slice(2)}.yaml`, `apiRoot: http://x\n${text}\n`);
    expect(() => loadTargetConfig(path)).toThrow(ConfigError);
    expect(() => loadTargetConfig(path)).toThrow(error);
  });
});

describe("the mock's target model", () => {
  it("derives the lines from the test data", () => {
    const lines = linesFromTestData(loadOperatorTestData(), { verifies: "+34600000012", doesNotVerify: "+34600000011" });
    expect(lines.numberVerification).toEqual({ verifies: "+34600000012", doesNotVerify: "+34600000011" });
    expect(lines.simSwap).toEqual({
      swapped: [
        { phoneNumber: "+34600000014", hoursAgo: 3 },
        { phoneNumber: "+34600000015", hoursAgo: 700 },
      ],
      neverSwapped: { phoneNumber: "+34600000016", activatedHoursAgo: 365 * 24 },
      neverAssociated: { phoneNumber: "+34600000018" },
      historyLimited: { phoneNumber: "+34600000017" },
      notApplicable: { phoneNumber: "+34600000019" },
      monitoredPeriodDays: 30,
    });
  });
});

describe("a target without a control plane, described by a target file", () => {
  let app: MockApp;
  let server: RunningServer;
  let declared: CliRun;
  let undeclared: CliRun;

  beforeAll(async () => {
    app = await createMock({ allowInsecureSinks: true, sinkCa: await runnerSinkCa(), notificationRetryDelaysMs: [] });
    server = await listen(app, { port: 0 });
    // what the operator would obtain on the device: a token from network-based authentication
    const minted = await fetch(`${server.url}/_harness/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: "demo-app", scope: "number-verification:verify number-verification:device-phone-number:read", phoneNumber: "+34600000012", expiresIn: 3600 }),
    });
    process.env.CAMARA_TEST_NV_TOKEN = ((await minted.json()) as { access_token: string }).access_token;
    const base = [
      `apiRoot: ${server.url}`,
      "auth:",
      `  tokenUrl: ${server.url}/token`,
      `  bcAuthorizeUrl: ${server.url}/bc-authorize`,
      "  client: {clientId: demo-app, clientSecret: demo-app-secret}",
      "  tokens: {threeLegged: '${CAMARA_TEST_NV_TOKEN}'}",
      "subscribers:",
      "  plain: {phoneNumber: '+34600000012'}",
      "  unknown: {phoneNumber: '+34699999999'}",
    ].join("\n");
    const lines = [
      "lines:",
      "  numberVerification: {verifies: '+34600000012', doesNotVerify: '+34600000011'}",
      "  simSwap:",
      "    monitoredPeriodDays: 30",
      "    swapped: [{phoneNumber: '+34600000014', hoursAgo: 3}, {phoneNumber: '+34600000015', hoursAgo: 700}]",
      "    neverSwapped: {phoneNumber: '+34600000016', activatedHoursAgo: 8760}",
    ].join("\n");
    const grep = ["--grep", "_semantics_"];
    [declared, undeclared] = await Promise.all([
      runCli(["conformance", "--config", file("declared.yaml", `${base}\n${lines}\n`), "--api", "nv,sim-swap"]),
      runCli(["conformance", "--config", file("undeclared.yaml", `${base}\n`), "--api", "nv", ...grep]),
    ]);
  }, 240_000);

  afterAll(async () => {
    await server.close();
    await app.close();
  });

  const byId = (run: CliRun, prefix: string) => (run.report?.results ?? []).filter((r) => r.id.startsWith(prefix));

  it("runs the semantic scenarios on the declared lines", () => {
    expect(declared.report?.harnessErrors).toEqual([]);
    const nv = byId(declared, "number_verification_semantics_");
    expect(nv.map((r) => `${r.id} ${r.status}`)).toEqual(nv.map((r) => `${r.id} pass`));
    expect(nv.length).toBe(11);
    for (const id of ["sim_swap_known_lines_01", "sim_swap_known_lines_02", "sim_swap_known_lines_04", "check_sim_swap_5_out_of_max_age", "retrieve_sim_swap_date_3"]) {
      expect(byId(declared, id).map((r) => r.status), id).toEqual(["pass"]);
    }
    expect(byId(declared, "sim_swap_known_lines_06")[0]?.reason).toMatch(/lines\.simSwap\.neverAssociated/);
    expect(byId(declared, "sim_swap_checkSimSwap_sim_change_01")[0]?.status).toBe("skip");
  });

  it("skips them, naming the key, when no line is declared", () => {
    const nv = byId(undeclared, "number_verification_semantics_");
    expect(nv.length).toBe(11);
    // the 2-legged 403 of device-phone-number needs no line: it still runs
    const needLine = nv.filter((r) => !r.id.includes("_09_two_legged_share"));
    for (const r of needLine) expect(`${r.id} ${r.status} ${r.reason}`).toMatch(/ skip .*lines\.numberVerification\.(verifies|doesNotVerify)/);
  });
});
