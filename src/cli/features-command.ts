import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseTagExpression } from "@cucumber/tag-expressions";
import { releaseApis, resolveApis, unknownRelease } from "../apis/registry.ts";
import { collectFeatureFiles, InputError } from "../features/collect.ts";
import { renderTable } from "../features/table.ts";
import { runRelease } from "../target/config.ts";
import type { Command } from "./command.ts";
import { readTargetAccess, TARGET_ACCESS_HELP, TARGET_ACCESS_OPTIONS } from "./target-access.ts";
import { UsageError } from "./usage-error.ts";

const HELP = `usage: camara-harness features <files or folders...> [--base-url URL] [--config target.yaml]
                               [--release NAME] [--tags EXPR] [--api qod,qos-profiles,...]
                               [--report-dir reports] [--timeout S] [--seed N] [--strict-definitions]
                               [--workspace NAME] [--control-token TOKEN] [--sink-url URL] [--sink-port N] [--http-sink]

Runs CAMARA's official Gherkin test definitions (.feature files) against a target: the built-in mock
of --release (default latest: the newest public version of every API) unless --base-url or --config names another one. Each step is bound to
the harness's step library; requests resolve through the specs of the release, so one file runs
against any release that has its API. Commonalities templates (C01, C02, 400 syntax errors) are
applied to every operation of the selected APIs that has the input they test.

--api lists the APIs the target implements (default: every API of the release that has a spec here);
files of other APIs are skipped with the reason. --tags takes a Cucumber tag expression.

Writes index.html, junit.xml, results.json and features-summary.json into --report-dir (default:
reports) and prints one row per file: scenarios, passed, skipped (reason), failed, undefined steps.
A scenario whose official definition contradicts its own spec (an event type the spec does not
define, a Content-Type on a 204, two scenarios of one file that require opposite answers) is a
definition defect: reported and counted apart, not a failure. --strict-definitions makes each one
a failure.

--timeout S (default 10) is how long a step waits for the target: an answer, a notification.

${TARGET_ACCESS_HELP}

Exit code: 0 conformant, 1 not conformant (a failure or an undefined step), 2 the harness could not
judge (target unreachable, an API not served, or no scenario ran: files or --tags selected nothing).`;

function resolveFeatureApis(list: string | undefined, release: string): string[] {
  try {
    const apis = resolveApis(list, release);
    if (apis.length === 0) throw new Error(`release ${release} has no API with a spec in specs/ (known: ${Object.keys(releaseApis(release)).join(", ") || "none"})`);
    return apis;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export const featuresCommand: Command = {
  summary: "run CAMARA's official Gherkin test definitions against a target (default: the built-in mock)",
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          "base-url": { type: "string" },
          config: { type: "string" },
          release: { type: "string" },
          tags: { type: "string" },
          api: { type: "string" },
          "report-dir": { type: "string" },
          timeout: { type: "string" },
          seed: { type: "string" },
          "strict-definitions": { type: "boolean" },
          ...TARGET_ACCESS_OPTIONS,
          help: { type: "boolean", short: "h" },
        },
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError("give at least one .feature file or folder (see --help)");
    const release = runRelease(values.release, values.config);
    const problem = unknownRelease(release);
    if (problem) throw new UsageError(problem.replace(/^unknown release '([^']*)'/, "--release $1 is unknown"));
    const baseUrl = values["base-url"];
    if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, got '${baseUrl}'`);
    if (values.tags !== undefined) {
      try {
        parseTagExpression(values.tags);
      } catch (error) {
        throw new UsageError(`--tags: ${(error as Error).message}`);
      }
    }
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError("--timeout must be a number of seconds > 0");
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError("--seed must be an integer");
    const access = readTargetAccess(values);
    const apis = resolveFeatureApis(values.api, release);
    let files;
    try {
      files = collectFeatureFiles(positionals);
    } catch (error) {
      if (error instanceof InputError) throw new UsageError(error.message);
      throw error;
    }
    const reportDir = resolve(values["report-dir"] ?? "reports");
    // the runner and the reporters load only now, so --help and a flag error answer at once
    const { runFeatures } = await import("../features/runner.ts");
    const { startBuiltInMock } = await import("../mock/built-in.ts");
    const { createReporters } = await import("../report/index.ts");
    const run = await runFeatures({
      files,
      baseUrl,
      configFile: values.config,
      release,
      apis,
      tags: values.tags,
      reportDir,
      reporters: createReporters({ dir: reportDir }),
      seed,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      startMock: startBuiltInMock,
      strictDefinitions: values["strict-definitions"],
      apiFilter: values.api,
      filesLabel: positionals.join(" "),
      ...access,
      onSink: (line) => console.log(line),
    });
    writeFileSync(join(reportDir, "features-summary.json"), `${JSON.stringify(run.files, null, 2)}\n`);
    console.log(`\n${renderTable(run.files)}`);
    return run.report.exitCode;
  },
};
