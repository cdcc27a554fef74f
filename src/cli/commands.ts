/** The registry of CLI sub-commands; each lives in its own file. */
import { generateCommand } from "./generate-command.ts";

export interface Command {
  summary: string;
  /** Returns the exit code (or nothing for 0, or never returns for servers). */
  run(args: string[]): Promise<number | void>;
}

export const COMMANDS: Record<string, Command> = {
  generate: generateCommand,
};
