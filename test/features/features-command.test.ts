/**
 * `camara-harness features`: bad input is a UsageError (one line, exit 2 from the CLI), never a
 * stack trace; a run writes the usual reports plus features-summary.json and prints the table.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { featuresCommand } from "../../src/cli/features-command.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { REFERENCE_DIR, referenceAvailable } from "../reference-dir.ts";

describe("features command", () => {
  it.each([
    [[], /at least one \.feature file/],
    [["no/such/folder"], /no such file or folder/],
    [["package.json"], /not a \.feature file/],
    [["test", "--release", "fall99"], /--release fall99 is unknown/],
    [["test", "--tags", "@a and ("], /--tags/],
    [["test", "--base-url", "ftp://x"], /--base-url must be an http\(s\) URL/],
    [["test", "--api", "nope"], /unknown API 'nope'/],
    [["test", "--unknown-flag"], /Unknown option/],
  ])("refuses %j", async (args, message) => {
    await expect(featuresCommand.run(args as string[])).rejects.toThrow(UsageError);
    await expect(featuresCommand.run(args as string[])).rejects.toThrow(message);
  });

  it.runIf(referenceAvailable())("runs a folder against the built-in mock and writes the reports", async () => {
    const dir = mkdtempSync(join(tmpdir(), "features-cli-"));
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((s: unknown) => void out.push(String(s)));
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const code = await featuresCommand.run([join(REFERENCE_DIR, "NumberVerification"), "--report-dir", dir]);
      expect(code).toBe(0);
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
    for (const f of ["index.html", "junit.xml", "results.json", "features-summary.json"]) expect(existsSync(join(dir, f)), f).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, "features-summary.json"), "utf8")) as { file: string; passed: number }[];
    expect(summary.map((s) => s.file)).toEqual([
      "NumberVerification/number-verification-phoneNumberShare.feature",
      "NumberVerification/number-verification-phoneNumberVerify.feature",
    ]);
    expect(out.join("\n")).toMatch(/steps: \d+ bound, 0 undefined \(100\.0% bound\)/);
  }, 60_000);
});
