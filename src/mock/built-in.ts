/**
 * The built-in target of a run: our mock of one release on a loopback port, with http:// sinks
 * allowed (the runner's sink is on loopback) and no notification retries. The runners get this
 * function handed in by the CLI (or a test), so src/target and the runners import nothing of the mock.
 * A shared mock, so that a run with --workspace finds its workspace here too.
 */
import type { BuiltInMock, BuiltInMockOptions } from "../target/prepare-target.ts";
import { createSharedMock } from "./workspaces.ts";
import { listen } from "./server.ts";

export async function startBuiltInMock(options: BuiltInMockOptions): Promise<BuiltInMock> {
  const app = await createSharedMock({ release: options.release, specsDir: options.specsDir, allowInsecureSinks: true, notificationRetryDelaysMs: [] });
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
