/**
 * The built-in target of a run: our mock of one release on a loopback port, trusting the runner's
 * sink certificate (`sinkCa`), with http:// sinks allowed too (a runner asked for an http sink) and
 * no notification retries. The runners get this
 * function handed in by the CLI (or a test), so src/target and the runners import nothing of the mock.
 * A shared mock, so that a run with --workspace finds its workspace here too.
 */
import type { BuiltInMock, BuiltInMockOptions } from "../target/prepare-target.ts";
import { createSharedMock } from "./workspaces.ts";
import { listen } from "./server.ts";

export async function startBuiltInMock(options: BuiltInMockOptions): Promise<BuiltInMock> {
  const app = await createSharedMock({
    release: options.release,
    specsDir: options.specsDir,
    allowInsecureSinks: true,
    sinkCa: options.sinkCa,
    notificationRetryDelaysMs: [],
  });
  const server = await listen(app, { port: 0 });
  return {
    url: server.url,
    testData: app.testdata(),
    now: app.clock.now(),
    close: async () => {
      await server.close();
      app.close();
    },
  };
}
