/** RelaySMS gateway server REST operations (specs/relaysms-gateway/1.0.0.yaml). */
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import type { ModuleDeps } from "../module.ts";
import { gatewayOf } from "./gateway.ts";
import { activeSeeds, pingSeed, type SeedPing } from "./seeds.ts";
import { settingsOf } from "./settings.ts";
import { urlOf } from "./sync-sessions.ts";

export function relaysmsGatewayHandlers(deps: ModuleDeps): HandlerSet {
  const { sessions } = gatewayOf(deps);
  return {
    async listSeeds() {
      return { status: 200, body: await activeSeeds(deps.store, deps.clock, settingsOf(deps.data()).seedTtlSeconds) };
    },
    async pingSeed({ input }) {
      const seed = await pingSeed(deps.store, deps.clock, input.body as SeedPing);
      return { status: 200, body: { LPS: seed.LPS } };
    },
    async createSyncSession({ input, origin }) {
      const settings = settingsOf(deps.data());
      const userId = input.params.user_id;
      if (!settings.users.some((u) => u.userId === userId)) throw new ApiError("NOT_FOUND", `No user ${userId} is known to this gateway server.`);
      const s = await sessions.create(userId, origin, settings);
      return {
        status: 200,
        body: {
          sessionId: s.id,
          url: urlOf(s),
          urlExpiresAt: new Date(s.urlExpiresAtMs).toISOString(),
          sessionChangeLimit: s.changeLimit,
          sessionSleepTimeout: s.sleepSeconds,
          sessionPausedTimeout: s.pausedTimeoutSeconds,
        },
      };
    },
  };
}
