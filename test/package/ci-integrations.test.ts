/**
 * The CI integrations run their own scripts here, against the built-in mock: the GitHub Action's
 * run step (action.yml) and the GitLab CI template's job script, with the harness of this checkout
 * in place of the installed one. Each must map the exit code to the verdict and leave the reports.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../src/core/paths.ts";

const BIN = join(PROJECT_ROOT, "bin", "camara-harness.js");
const work = mkdtempSync(join(tmpdir(), "camara-harness-ci-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function bash(script: string, env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-e", "-c", script], { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function outputsOf(file: string): Record<string, string> {
  return Object.fromEntries(readFileSync(file, "utf8").trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

describe("GitHub Action (action.yml)", () => {
  const action = parse(readFileSync(join(PROJECT_ROOT, "action.yml"), "utf8"));
  const runStep = action.runs.steps.find((s: { id?: string }) => s.id === "run");

  it("declares the inputs and outputs of the docs", () => {
    for (const input of ["base-url", "config", "api", "release", "report-dir"]) expect(action.inputs).toHaveProperty(input);
    expect(action.outputs.verdict.value).toBe("${{ steps.run.outputs.verdict }}");
    const upload = action.runs.steps.find((s: { uses?: string }) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload.with.path).toBe("${{ inputs.report-dir }}");
    expect(upload.if).toContain("always()");
  });

  it.each([
    { name: "conformant run", env: { INPUT_API: "qos-profiles" }, verdict: "conformant", code: "0" },
    { name: "configuration error", env: { INPUT_API: "qos-profiles", INPUT_RELEASE: "fall99" }, verdict: "error", code: "2" },
  ])("its run step reports the verdict of a $name and keeps going to the upload", async ({ env, verdict, code }) => {
    const dir = mkdtempSync(join(work, "gh-"));
    const output = join(dir, "github-output");
    writeFileSync(output, "");
    const run = await bash(runStep.run, { CAMARA_HARNESS: BIN, INPUT_BASE_URL: "", INPUT_CONFIG: "", INPUT_RELEASE: "", INPUT_REPORT_DIR: "reports", GITHUB_OUTPUT: output, ...env }, dir);
    expect(run.code, run.stderr).toBe(0);
    expect(outputsOf(output)).toEqual({ verdict, "exit-code": code, "report-dir": expect.stringContaining("reports") });
    expect(existsSync(join(dir, "reports", "junit.xml"))).toBe(verdict === "conformant");
  }, 120_000);
});

describe("GitLab CI template (ci/camara-conformance.gitlab-ci.yml)", () => {
  const job = parse(readFileSync(join(PROJECT_ROOT, "ci", "camara-conformance.gitlab-ci.yml"), "utf8"))[".camara-conformance"];

  it("keeps the reports, feeds junit.xml to GitLab and passes the verdict on", () => {
    expect(job.artifacts.when).toBe("always");
    expect(job.artifacts.paths).toEqual(["$CAMARA_REPORT_DIR/"]);
    expect(job.artifacts.reports.junit).toBe("$CAMARA_REPORT_DIR/junit.xml");
    expect(job.artifacts.reports.dotenv).toBe("camara-conformance.env");
  });

  it("its script runs the harness from the package spec, fails the job with its exit code and writes the verdict", async () => {
    const dir = mkdtempSync(join(work, "gl-"));
    // npx stands in for the registry: it runs this checkout's bin with the arguments after the package name
    const shims = join(dir, "bin");
    mkdirSync(shims);
    const npx = ["#!/usr/bin/env bash", 'while [ "$1" = --yes ] || [ "$1" = --package ]; do [ "$1" = --package ] && shift; shift; done', '[ "$1" = camara-harness ] || exit 99', "shift", `exec node "${BIN}" "$@"`];
    writeFileSync(join(shims, "npx"), `${npx.join("\n")}\n`);
    chmodSync(join(shims, "npx"), 0o755);
    const variables = { ...job.variables, CAMARA_API: "qos-profiles", PATH: `${shims}:${process.env.PATH}` };
    const good = await bash(job.script.join("\n"), variables, dir);
    expect(good.code, good.stderr).toBe(0);
    expect(readFileSync(join(dir, "camara-conformance.env"), "utf8")).toBe("CAMARA_VERDICT=conformant\n");
    expect(existsSync(join(dir, "camara-reports", "junit.xml"))).toBe(true);
    const bad = await bash(job.script.join("\n"), { ...variables, CAMARA_BASE_URL: "not-a-url" }, dir);
    expect(bad.code).toBe(2);
    expect(readFileSync(join(dir, "camara-conformance.env"), "utf8")).toBe("CAMARA_VERDICT=error\n");
  }, 120_000);
});
