import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { runRelease } from "../target/config.ts";
import type { Command } from "./command.ts";
import { readTargetAccess, TARGET_ACCESS_HELP, TARGET_ACCESS_OPTIONS } from "./target-access.ts";
import { UsageError } from "./usage-error.ts";

const HELP = `usage: camara-harness conformance [--base-url URL] [--config target.yaml] [--api qod,qos-profiles,...]
                                 [--release latest] [--report-dir reports] [--grep TEXT] [--bail] [--seed N]
                                 [--timeout S] [--specs-dir DIR] [--workspace NAME] [--control-token TOKEN]
                                 [--sink-url URL] [--sink-port N] [--http-sink]

Checks a CAMARA implementation scenario by scenario. Without --base-url and --config it starts the
built-in mock and tests it. A target that exposes /_harness/testdata (our mock) needs only --base-url;
any other target needs --config (see examples/operator-sandbox.target.yaml).

--release (spring26, fall25, spring25, fall24, pre-meta; comma-separated for several) selects the API
versions and the identification rules expected; the built-in mock then serves that selection. Without
it (= latest): the newest public version of every API, each under the rules of its own release.

--timeout S (default 10) is how long the runner waits for the target: an answer, a notification at
the sink, a websocket frame. A scenario that waits for something a faulty target never sends fails
after that long.

--specs-dir (default: the project's specs/) reads the specs from another folder: an API there that no
module implements is served by the built-in mock's Prism fallback and tested by the generic layers.

${TARGET_ACCESS_HELP}
Notification scenarios are skipped with the reason when the target refuses the sink or (our mock on
this machine) could not deliver to it.

Writes index.html, junit.xml and results.json into --report-dir (default: reports).
Exit code: 0 conformant, 1 not conformant, 2 harness or configuration error.`;

export const conformanceCommand: Command = {
  summary: "check a target (default: the built-in mock) against the CAMARA specs and test definitions",
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        "base-url": { type: "string" },
        config: { type: "string" },
        api: { type: "string" },
        "report-dir": { type: "string" },
        grep: { type: "string" },
        bail: { type: "boolean" },
        seed: { type: "string" },
        timeout: { type: "string" },
        release: { type: "string" },
        "specs-dir": { type: "string" },
        ...TARGET_ACCESS_OPTIONS,
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const release = runRelease(values.release, values.config);
    const problem = (await import("../apis/registry.ts")).unknownRelease(release);
    if (problem) throw new UsageError(problem);
    const specsDir = values["specs-dir"] === undefined ? undefined : resolve(values["specs-dir"]);
    if (specsDir !== undefined && !existsSync(specsDir)) throw new UsageError(`--specs-dir ${specsDir} does not exist`);
    let apis: string[];
    try {
      apis = (await import("../apis/registry.ts")).resolveApis(values.api, release, specsDir);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const baseUrl = values["base-url"];
    if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, got '${baseUrl}'`);
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer`);
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds > 0`);
    const access = readTargetAccess(values);
    const reportDir = resolve(values["report-dir"] ?? "reports");
    // the runner (vitest, vite) loads only now, so --help and a flag error answer at once
    const { runConformance } = await import("../conformance/runner.ts");
    const { startBuiltInMock } = await import("../mock/built-in.ts");
    const { createReporters } = await import("../report/index.ts");
    const report = await runConformance({
      baseUrl,
      configFile: values.config,
      apis,
      reportDir,
      grep: values.grep,
      bail: values.bail,
      seed,
      release,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      reporters: createReporters({ dir: reportDir }),
      specsDir,
      startMock: startBuiltInMock,
      ...access,
      onSink: (line) => console.log(line),
      selection: [
        { flag: "--api", value: values.api },
        { flag: "--release", value: values.release },
        { flag: "--grep", value: values.grep },
      ],
    });
    return report.exitCode;
  },
};
