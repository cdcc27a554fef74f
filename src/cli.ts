/**
 * One CLI for the whole harness: `camara-harness <command> [options]`.
 * Exit codes: 0 success, 1 target does not conform, 2 usage, configuration or harness error.
 */
import { COMMANDS } from "./cli/commands.ts";
import { UsageError } from "./cli/usage-error.ts";

const [name, ...rest] = process.argv.slice(2);

function help(): string {
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`);
  return `usage: camara-harness <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'camara-harness <command> --help' for the options of one command.`;
}

if (!name || name === "--help" || name === "-h" || name === "help") {
  console.log(help());
  process.exit(name ? 0 : 2);
}
const command = COMMANDS[name];
if (!command) {
  console.error(`camara-harness: unknown command '${name}'\n\n${help()}`);
  process.exit(2);
}
try {
  const code = await (await command.load()).run(rest);
  if (typeof code === "number") process.exitCode = code;
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`camara-harness ${name}: ${error.message}`);
  } else {
    console.error(`camara-harness ${name}: ${(error as Error).message ?? error}`);
    if (process.env.CAMARA_HARNESS_DEBUG) console.error(error);
  }
  process.exitCode = 2;
}
