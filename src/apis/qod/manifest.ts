/**
 * QoD v0.10.1, the pre-meta-release API on /qod/v0 (sessions and profiles in one API), adapted onto
 * the Quality on Demand session state machine.
 */
import { randomUUID } from "node:crypto";
import type { ApiModule, WellFormedRequest } from "../module.ts";
import { qodV0Handlers } from "./handlers.ts";

const session = (): WellFormedRequest => ({ path: `/sessions/${randomUUID()}` });

export const manifest: ApiModule = {
  name: "qod",
  title: "Quality on Demand v0 (pre-meta)",
  aliases: ["qod-v0"],
  versions: {
    "0.10.1": { releases: ["pre-meta"], official: "legacy/QualityOnDemand/v0.10.1/qod-api.yaml", handlers: qodV0Handlers },
  },
  requests: {
    createSession: (target) => {
      const s = target.subscribers.plain;
      if (!s || !target.qosProfiles.active) return { path: "/sessions", unavailable: "no plain test subscriber or ACTIVE QoS profile" };
      return {
        path: "/sessions",
        body: { device: { phoneNumber: s.phoneNumber }, applicationServer: { ipv4Address: "198.51.100.200" }, qosProfile: target.qosProfiles.active, duration: 60 },
      };
    },
    getSession: session,
    deleteSession: session,
    extendQosSessionDuration: () => ({ path: `/sessions/${randomUUID()}/extend`, body: { requestedAdditionalDuration: 60 } }),
    getQosProfiles: () => ({ path: "/qos-profiles" }),
    getQosProfile: (target) =>
      target.qosProfiles.active
        ? { path: `/qos-profiles/${encodeURIComponent(target.qosProfiles.active)}` }
        : { path: "/qos-profiles/QOS_E", unavailable: "no ACTIVE QoS profile configured" },
  },
  cleanup: {
    createSession: {
      path: (created) => (typeof created.sessionId === "string" ? `/sessions/${created.sessionId}` : undefined),
      scopes: ["qod-sessions-delete"],
    },
  },
  foreignScope: "qos-profiles:read",
};
