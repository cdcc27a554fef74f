import { parseArgs } from "node:util";
import { generate } from "../generate/generate.ts";
import { writeReadmeTable } from "../generate/readme-tables.ts";
import type { Command } from "./command.ts";

export const generateCommand: Command = {
  summary: "validate the specs in specs/ and write typed clients into generated/",
  async run(args) {
    const { values } = parseArgs({ args, options: { quiet: { type: "boolean", short: "q" }, help: { type: "boolean" } } });
    if (values.help) {
      console.log("usage: camara-harness generate [--quiet]\n\nValidates every specs/<api>/<version>.yaml and rewrites generated/.");
      return 0;
    }
    const files = await generate(values.quiet ? undefined : (line) => console.log(line));
    await writeReadmeTable();
    console.log(`generated ${files.length} files from specs/ and the API table of README.md`);
    return 0;
  },
};
