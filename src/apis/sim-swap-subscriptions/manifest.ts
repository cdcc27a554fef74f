/** SIM Swap subscriptions: CloudEvents when a watched line's SIM changes, on the shared SIM history. */
import { randomUUID } from "node:crypto";
import type { ApiModule } from "../module.ts";
import { simSwapSubscriptionsHandlers } from "./handlers.ts";

export const manifest: ApiModule = {
  name: "sim-swap-subscriptions",
  title: "SIM Swap subscriptions",
  aliases: ["simswap-subscriptions", "ssub"],
  versions: {
    "0.3.0": {
      releases: ["fall25"],
      official: "SimSwap/sim-swap-subscriptions.yaml",
      handlers: (deps) => simSwapSubscriptionsHandlers({ ...deps, history: deps.simHistory }),
    },
  },
  requests: {
    createSimSwapSubscription: (target) => {
      const s = target.subscribers.plain;
      if (!s) return { path: "/subscriptions", unavailable: "no plain test subscriber" };
      return {
        path: "/subscriptions",
        body: {
          protocol: "HTTP",
          // a sink that never receives anything: no SIM change happens during the generic checks
          sink: "https://sink.camara-harness.invalid/notifications",
          types: ["org.camaraproject.sim-swap-subscriptions.v0.swapped"],
          config: { subscriptionDetail: { phoneNumber: s.phoneNumber }, subscriptionMaxEvents: 1 },
        },
      };
    },
    retrieveSubscriptionList: () => ({ path: "/subscriptions" }),
    retrieveSubscription: () => ({ path: `/subscriptions/${randomUUID()}` }),
    deleteSubscription: () => ({ path: `/subscriptions/${randomUUID()}` }),
  },
  cleanup: {
    createSimSwapSubscription: {
      path: (created) => (typeof created.id === "string" ? `/subscriptions/${created.id}` : undefined),
      scopes: ["sim-swap-subscriptions:delete"],
    },
  },
  foreignScope: "qos-profiles:read",
};
