/**
 * A clean start for the session scenarios of one suite file: before its first scenario, the
 * sessions the primary API client still holds on the test subscribers (left by an interrupted
 * earlier run, or by a scenario whose cleanup failed) are listed with retrieveSessionsByDevice and
 * deleted. Otherwise every scenario that needs a session on that device would fail with 409
 * CONFLICT for a reason that has nothing to do with it. Only the runner's own client and test
 * devices are touched, so this is safe against a real operator. Best effort, not evidence: the
 * exchanges are not part of any scenario.
 */
import { beforeAll, inject } from "vitest";
import { ScenarioContext } from "./context.ts";
import type { ScenarioMeta } from "./meta.ts";
import type { paths as QodPaths } from "../../generated/quality-on-demand/1.1.0/client.ts";
import { correlatorMiddleware, tokenMiddleware } from "../../src/target/client.ts";
import { QOD, deleteQuietly, deviceOf, twoLegged } from "./qod-builders.ts";
import { qodOfRelease } from "./qod-release.ts";

async function sweep(): Promise<void> {
  const target = inject("target");
  const meta: ScenarioMeta = { id: "sweep", title: "sweep", api: QOD.api, version: QOD.version, operationId: "*", rule: "", layer: "api", errorCodes: [], exchanges: [] };
  const t = new ScenarioContext(target, meta);
  const { plain, plain2, qodUnavailable } = target.subscribers;
  let token: string;
  try {
    token = await twoLegged(t);
  } catch {
    return; // no token: the scenarios will say why
  }
  // token and x-correlator come from the client's middleware (src/target/client.ts)
  const qod = t.client<QodPaths>(QOD.api, qodOfRelease(target.release).basePath, [correlatorMiddleware(), tokenMiddleware(async () => token)]);
  for (const s of [plain, plain2, qodUnavailable]) {
    if (!s) continue;
    try {
      const { data } = await qod.POST("/retrieve-sessions", { body: { device: deviceOf(s) } });
      for (const session of data ?? []) await deleteQuietly(t, session.sessionId, token);
    } catch {
      /* best effort */
    }
  }
}

/** Registers the sweep before the first scenario of the calling suite file. */
export function startWithCleanDevices(): void {
  beforeAll(sweep, 60_000);
}
