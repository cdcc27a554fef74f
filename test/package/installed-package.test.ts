/**
 * The package as an app team gets it (issue 17): `npm pack` of the checkout installed into a fresh
 * project, then plain node (no tsx) and tsc (nodenext, strict) against the three entry points and
 * the bin. The build runs once, through the `prepare` script of `npm pack`.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/core/paths.ts";
import { RUN_CONFORMANCE_MJS, TSCONFIG, TYPES_OK_TS, TYPES_WRONG_TS, USE_MOCK_MJS, WRONG_LINES } from "./app-files.ts";
import { installTarball, npmEnv, packProject } from "./install-tarball.ts";

const exec = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program in the app project; resolves with its exit code instead of rejecting. */
async function run(file: string, args: string[], cwd: string, timeout = 60_000): Promise<Outcome> {
  try {
    const { stdout, stderr } = await exec(file, args, { cwd, timeout, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? String(error) };
  }
}

describe("the packed package installed into an app project", () => {
  const work = mkdtempSync(join(tmpdir(), "camara-harness-package-"));
  const app = join(work, "app");
  const bin = join(app, "node_modules", ".bin", "camara-harness");

  beforeAll(async () => {
    const started = performance.now();
    const tarball = await packProject(work);
    const packed = performance.now();
    mkdirSync(app);
    const mode = await installTarball(tarball, app);
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`built and packed in ${seconds(packed - started)}; installed (${mode}) in ${seconds(performance.now() - packed)}`);
    writeFileSync(join(app, "use-mock.mjs"), USE_MOCK_MJS);
    writeFileSync(join(app, "run-conformance.mjs"), RUN_CONFORMANCE_MJS);
    writeFileSync(join(app, "types-ok.ts"), TYPES_OK_TS);
    writeFileSync(join(app, "types-wrong.ts"), TYPES_WRONG_TS);
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2));
  }, 240_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("ships no TypeScript sources and no tsx: the runtime is the compiled build", async () => {
    const installed = join(app, "node_modules", "camara-harness");
    const { stdout } = await exec("find", [installed, "-name", "*.ts", "-not", "-name", "*.d.ts"]);
    expect(stdout.trim()).toBe("");
    const tsx = await run(process.execPath, ["-e", "import('tsx').then(() => console.log('present'), () => console.log('absent'))"], app);
    expect(tsx.stdout.trim()).toBe("absent");
  });

  it("runs the mock in-process from plain node and creates a QoD session through the typed client (201)", async () => {
    const out = await run(process.execPath, ["use-mock.mjs"], app);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.tokenStatus).toBe(200);
    expect(result.status).toBe(201);
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.olderBasePath).toBe("/quality-on-demand/v1");
  });

  it("runs the conformance suites programmatically and resolves to the object written as results.json", async () => {
    const out = await run(process.execPath, ["run-conformance.mjs"], app, 120_000);
    expect(out.code, out.stderr).toBe(0);
    const { report, written } = JSON.parse(out.stdout);
    expect(report.harnessErrors).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.counts.fail).toBe(0);
    expect(report.counts.pass).toBeGreaterThan(20);
    expect(new Set(report.results.map((r: { api: string }) => r.api))).toEqual(new Set(["qos-profiles"]));
    expect(written).toEqual(report);
  }, 120_000);

  it("types: tsc (nodenext, strict) accepts correct use and rejects a wrong body and a wrong path", async () => {
    const tsc = join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
    const out = await run(process.execPath, [tsc, "-p", "tsconfig.json"], app);
    const errors = out.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
    expect(errors.filter((l) => !l.startsWith("types-wrong.ts")), "correct use must compile").toEqual([]);
    const at = (line: number) => errors.filter((l) => l.startsWith(`types-wrong.ts(${line},`)).join("\n");
    expect(at(WRONG_LINES.body)).toContain("Type 'string' is not assignable to type 'number'");
    expect(at(WRONG_LINES.path)).toContain(`Argument of type '"/session"' is not assignable`);
    expect(errors).toHaveLength(2);
    expect(out.code).not.toBe(0);
  }, 60_000);

  it("the installed bin answers --help and a flag error from the compiled CLI", async () => {
    const help = await run(bin, ["--help"], app);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: camara-harness <command>/);
    for (const command of ["mock", "conformance", "features", "proxy", "generate"]) expect(help.stdout).toContain(`  ${command} `);
    const flag = await run(bin, ["mock", "--port", "x"], app);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim()).toBe("camara-harness mock: --port must be 0..65535, got 'x'");
  });

  it("generate says in one line that it needs openapi-typescript (a development dependency)", async () => {
    const out = await run(bin, ["generate"], app);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split("\n")).toEqual([
      "camara-harness generate: needs openapi-typescript, a development dependency: npm install --save-dev openapi-typescript",
    ]);
  });
});
