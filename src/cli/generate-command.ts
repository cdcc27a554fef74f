import { parseArgs } from "node:util";
import type { Command } from "./command.ts";
import { UsageError } from "./usage-error.ts";

/** The generator's packages are development dependencies: an installed package may not have them. */
async function loadGenerator(): Promise<typeof import("../generate/generate.ts")> {
  try {
    return await import("../generate/generate.ts");
  } catch (error) {
    const missing = /Cannot find (?:package|module) 'openapi-typescript'/.test((error as Error).message);
    if ((error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND" || !missing) throw error;
    throw new UsageError("needs openapi-typescript, a development dependency: npm install --save-dev openapi-typescript");
  }
}

export const generateCommand: Command = {
  summary: "validate the specs in specs/ and write typed clients into generated/",
  async run(args) {
    const { values } = parseArgs({ args, options: { quiet: { type: "boolean", short: "q" }, help: { type: "boolean" } } });
    if (values.help) {
      console.log("usage: camara-harness generate [--quiet]\n\nValidates every specs/<api>/<version>.yaml and rewrites generated/.");
      return 0;
    }
    const { generate } = await loadGenerator();
    const files = await generate(values.quiet ? undefined : (line) => console.log(line));
    await (await import("../generate/readme-tables.ts")).writeReadmeTable();
    console.log(`generated ${files.length} files from specs/ and the API table of README.md`);
    return 0;
  },
};
