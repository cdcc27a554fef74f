/** Quality on Demand: sessions with a QoS profile for a device, on the session state machine. */
import { randomUUID } from "node:crypto";
import type { ApiModule, TargetFacts, WellFormedRequest } from "../module.ts";
import { EVENT_TYPE, QOD_1_1_0 } from "../shared/qod-sessions.ts";
import { qualityOnDemandHandlers } from "./handlers.ts";

const session = (): WellFormedRequest => ({ path: `/sessions/${randomUUID()}` });

function createSession(target: TargetFacts): WellFormedRequest {
  const s = target.subscribers.plain;
  if (!s) return { path: "/sessions", unavailable: "no plain test subscriber configured" };
  if (!target.qosProfiles.active) return { path: "/sessions", unavailable: "no ACTIVE QoS profile configured (qosProfiles.active)" };
  const max = target.qosProfiles.activeMaxDurationSeconds ?? 60;
  return {
    path: "/sessions",
    body: {
      device: { phoneNumber: s.phoneNumber },
      applicationServer: { ipv4Address: "198.51.100.200" },
      qosProfile: target.qosProfiles.active,
      duration: Math.min(60, max),
    },
  };
}

export const manifest: ApiModule = {
  name: "quality-on-demand",
  title: "Quality on Demand",
  aliases: ["qod"],
  versions: {
    "1.1.0": {
      releases: ["fall25"],
      official: "QualityOnDemand/r3.2/quality-on-demand.yaml",
      handlers: (deps) => qualityOnDemandHandlers({ ...deps, flavour: QOD_1_1_0 }),
    },
    "1.0.0": {
      releases: ["spring25"],
      official: "legacy/QualityOnDemand/r2.2/quality-on-demand.yaml",
      handlers: (deps) =>
        qualityOnDemandHandlers({ ...deps, flavour: { eventType: EVENT_TYPE, basePath: "/quality-on-demand/v1", profileNotApplicable: "INVALID_ARGUMENT" } }),
    },
    "0.11.1": {
      releases: ["fall24"],
      official: "legacy/QualityOnDemand/r1.3/quality-on-demand.yaml",
      handlers: (deps) =>
        qualityOnDemandHandlers({
          ...deps,
          flavour: {
            eventType: "org.camaraproject.quality-on-demand.v0.qos-status-changed",
            basePath: "/quality-on-demand/v0.11",
            profileNotApplicable: "INVALID_ARGUMENT",
          },
        }),
    },
  },
  traits: {
    "qod-not-applicable": "QoD and QoS Profiles answer 422 SERVICE_NOT_APPLICABLE for this subscriber",
    "qod-unavailable": "a new QoD session goes to UNAVAILABLE / NETWORK_TERMINATED instead of AVAILABLE",
  },
  requests: {
    createSession,
    getSession: session,
    deleteSession: session,
    extendQosSessionDuration: () => ({ path: `/sessions/${randomUUID()}/extend`, body: { requestedAdditionalDuration: 60 } }),
    retrieveSessionsByDevice: (target) => {
      const s = target.subscribers.plain;
      return s ? { path: "/retrieve-sessions", body: { device: { phoneNumber: s.phoneNumber } } } : { path: "/retrieve-sessions", unavailable: "no plain test subscriber" };
    },
  },
  cleanup: {
    createSession: {
      path: (created) => (typeof created.sessionId === "string" ? `/sessions/${created.sessionId}` : undefined),
      scopes: ["quality-on-demand:sessions:delete"],
    },
  },
  foreignScope: "qos-profiles:read",
};
