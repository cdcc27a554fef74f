/**
 * Graceful shutdown for the long-running commands (mock, proxy): SIGTERM, SIGINT and SIGHUP close
 * the server and exit; a second signal exits at once.
 *
 * Started through `npm run` or `npx`, the command runs under `sh -c`: npm forwards SIGTERM to that
 * shell, which dies without passing it on, and the command is left orphaned, still listening
 * (issue 12). So under npm the command also stops when its parent process goes away.
 */
const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;
const ORPHAN_POLL_MS = 250;

export function stopOnShutdown(stop: () => Promise<number>): void {
  let stopping = false;
  const run = (why: string) => {
    if (stopping) {
      process.exit(130);
    }
    stopping = true;
    if (process.env.CAMARA_HARNESS_DEBUG) console.error(`stopping: ${why}`);
    stop().then(
      (code) => process.exit(code),
      (error: unknown) => {
        console.error((error as Error).message ?? error);
        process.exit(2);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, () => run(signal));
  if (process.env.npm_command !== undefined || process.env.npm_lifecycle_event !== undefined) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) run("the parent process (npm/npx) is gone");
    }, ORPHAN_POLL_MS).unref();
  }
}
