/** What one CLI sub-command is: a summary for the help text and a run function. */
export interface Command {
  summary: string;
  /** Returns the exit code (or nothing for 0); servers never return. */
  run(args: string[]): Promise<number | void>;
}
