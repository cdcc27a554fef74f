/**
 * RelaySMS gateway server (seed 004): gateway nodes (GET /seeds, POST /seeds/ping) and the websocket
 * synchronisation of a user's app (GET /v2/sync/users/{user_id}, then the channel of
 * specs/relaysms-gateway/1.0.0.asyncapi.yaml). Our own API: no official CAMARA counterpart.
 */
import type { ApiModule } from "../module.ts";
import { syncChannel } from "./channel.ts";
import { relaysmsGatewayHandlers } from "./handlers.ts";
import { SECTION, SECTION_SCHEMA } from "./settings.ts";

/** the user of the shipped test data the generic layers open sessions for */
export const DEMO_USER = "relay-user-1";

export const manifest: ApiModule = {
  name: "relaysms-gateway",
  title: "RelaySMS Gateway Server (gateway nodes, websocket sync)",
  own: true,
  aliases: ["relaysms", "relay"],
  versions: {
    "1.0.0": {
      releases: ["fall25", "spring26"],
      handlers: relaysmsGatewayHandlers,
      // the GET that opens a sync session
      writingReads: ["createSyncSession"],
      sockets: (deps) => [syncChannel(deps)],
    },
  },
  testData: { [SECTION]: SECTION_SCHEMA },
  requests: {
    listSeeds: () => ({ path: "/seeds" }),
    pingSeed: () => ({ path: "/seeds/ping", body: { IMSI: "214079990000001", MSISDN: "+34699900001", seed_type: "seed" } }),
    createSyncSession: () => ({ path: `/v2/sync/users/${DEMO_USER}` }),
  },
  foreignScope: "qos-profiles:read",
};
