/**
 * A well-formed request for each operation, built from the target's test data. The spec-derived
 * layer starts from it and breaks one thing at a time (token, scope, header, body), so any error the
 * target returns can be blamed on that one thing.
 */
import { randomUUID } from "node:crypto";
import type { TargetContext, TestSubscriber } from "../../src/conformance/target.ts";
import type { OperationSpec } from "../../src/openapi/operations.ts";

export interface BaselineRequest {
  /** path below the base path, parameters filled in */
  path: string;
  body?: unknown;
  /** 3-legged token for this subscriber (APIs that need one), else 2-legged */
  subscriber?: TestSubscriber;
  /** the 3-legged token must come from network-based authentication */
  networkAuth?: boolean;
  /** why no baseline can be built for this target */
  unavailable?: string;
}

function deviceOf(s: TestSubscriber): Record<string, unknown> {
  // one identifier is enough and keeps DeviceResponse simple; prefer the phone number
  return { phoneNumber: s.phoneNumber };
}

export function baseline(op: OperationSpec, target: TargetContext): BaselineRequest {
  const plain = target.subscribers.plain;
  const needPlain = (): TestSubscriber | undefined => plain;
  const key = `${op.api}#${op.operationId}`;
  switch (key) {
    case "quality-on-demand#createSession": {
      const s = needPlain();
      if (!s) return { path: "/sessions", unavailable: "no plain test subscriber configured" };
      if (!target.qosProfiles.active) return { path: "/sessions", unavailable: "no ACTIVE QoS profile configured (qosProfiles.active)" };
      const max = target.qosProfiles.activeMaxDurationSeconds ?? 60;
      return {
        path: "/sessions",
        body: {
          device: deviceOf(s),
          applicationServer: { ipv4Address: "198.51.100.200" },
          qosProfile: target.qosProfiles.active,
          duration: Math.min(60, max),
        },
      };
    }
    case "quality-on-demand#getSession":
    case "quality-on-demand#deleteSession":
      return { path: `/sessions/${randomUUID()}` };
    case "quality-on-demand#extendQosSessionDuration":
      return { path: `/sessions/${randomUUID()}/extend`, body: { requestedAdditionalDuration: 60 } };
    case "quality-on-demand#retrieveSessionsByDevice": {
      const s = needPlain();
      return s ? { path: "/retrieve-sessions", body: { device: deviceOf(s) } } : { path: "/retrieve-sessions", unavailable: "no plain test subscriber" };
    }
    case "qos-profiles#retrieveQoSProfiles":
      // filters give the schema-violation generator something to break (name pattern, status enum)
      return target.qosProfiles.active
        ? { path: "/retrieve-qos-profiles", body: { name: target.qosProfiles.active, status: "ACTIVE" } }
        : { path: "/retrieve-qos-profiles", body: { status: "ACTIVE" } };
    case "qos-profiles#getQosProfile":
      return target.qosProfiles.active
        ? { path: `/qos-profiles/${encodeURIComponent(target.qosProfiles.active)}` }
        : { path: "/qos-profiles/QOS_E", unavailable: "no ACTIVE QoS profile configured" };
    case "number-verification#phoneNumberVerify": {
      const s = needPlain();
      return s ? { path: "/verify", body: { phoneNumber: s.phoneNumber }, subscriber: s, networkAuth: true } : { path: "/verify", unavailable: "no plain test subscriber" };
    }
    case "number-verification#phoneNumberShare": {
      const s = needPlain();
      return s ? { path: "/device-phone-number", subscriber: s, networkAuth: true } : { path: "/device-phone-number", unavailable: "no plain test subscriber" };
    }
    case "sim-swap#checkSimSwap": {
      const s = needPlain();
      return s ? { path: "/check", body: { phoneNumber: s.phoneNumber, maxAge: 240 } } : { path: "/check", unavailable: "no plain test subscriber" };
    }
    case "sim-swap#retrieveSimSwapDate": {
      const s = needPlain();
      return s ? { path: "/retrieve-date", body: { phoneNumber: s.phoneNumber } } : { path: "/retrieve-date", unavailable: "no plain test subscriber" };
    }
    case "qod#createSession": {
      const s = needPlain();
      if (!s || !target.qosProfiles.active) return { path: "/sessions", unavailable: "no plain test subscriber or ACTIVE QoS profile" };
      return {
        path: "/sessions",
        body: { device: deviceOf(s), applicationServer: { ipv4Address: "198.51.100.200" }, qosProfile: target.qosProfiles.active, duration: 60 },
      };
    }
    case "qod#getSession":
    case "qod#deleteSession":
      return { path: `/sessions/${randomUUID()}` };
    case "qod#extendQosSessionDuration":
      return { path: `/sessions/${randomUUID()}/extend`, body: { requestedAdditionalDuration: 60 } };
    case "qod#getQosProfiles":
      return { path: "/qos-profiles" };
    case "qod#getQosProfile":
      return target.qosProfiles.active
        ? { path: `/qos-profiles/${encodeURIComponent(target.qosProfiles.active)}` }
        : { path: "/qos-profiles/QOS_E", unavailable: "no ACTIVE QoS profile configured" };
    case "sim-swap-subscriptions#createSimSwapSubscription": {
      const s = needPlain();
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
    }
    case "sim-swap-subscriptions#retrieveSubscriptionList":
      return { path: "/subscriptions" };
    case "sim-swap-subscriptions#retrieveSubscription":
    case "sim-swap-subscriptions#deleteSubscription":
      return { path: `/subscriptions/${randomUUID()}` };
    default:
      return { path: op.path, unavailable: `no baseline request known for ${key}` };
  }
}

/** A scope of another API, so a token holding it lacks the operation's scope. */
export function foreignScope(op: OperationSpec): string {
  return op.api === "qos-profiles" ? "quality-on-demand:sessions:read" : "qos-profiles:read";
}
