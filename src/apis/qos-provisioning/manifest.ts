/** QoS Provisioning: a QoS profile assigned to a device until revoked (QualityOnDemand r3.2). */
import { randomUUID } from "node:crypto";
import type { ApiModule, TargetFacts, WellFormedRequest } from "../module.ts";
import { qosProvisioningHandlers } from "./handlers.ts";

const assignment = (): WellFormedRequest => ({ path: `/qos-assignments/${randomUUID()}` });

function withPlainDevice(path: string, target: TargetFacts, extra: Record<string, unknown> = {}): WellFormedRequest {
  const s = target.subscribers.plain;
  return s ? { path, body: { device: { phoneNumber: s.phoneNumber }, ...extra } } : { path, unavailable: "no plain test subscriber configured" };
}

export const manifest: ApiModule = {
  name: "qos-provisioning",
  title: "QoS Provisioning",
  aliases: ["qosprov"],
  versions: {
    "0.3.0": { releases: ["fall25"], official: "QualityOnDemand/r3.2/qos-provisioning.yaml", handlers: qosProvisioningHandlers },
  },
  requests: {
    createQosAssignment: (target) =>
      target.qosProfiles.active
        ? withPlainDevice("/qos-assignments", target, { qosProfile: target.qosProfiles.active })
        : { path: "/qos-assignments", unavailable: "no ACTIVE QoS profile configured (qosProfiles.active)" },
    getQosAssignmentById: assignment,
    revokeQosAssignment: assignment,
    getQosAssignmentByDevice: (target) => withPlainDevice("/retrieve-qos-assignment", target),
  },
  cleanup: {
    createQosAssignment: {
      path: (created) => (typeof created.assignmentId === "string" ? `/qos-assignments/${created.assignmentId}` : undefined),
      scopes: ["qos-provisioning:qos-assignments:delete"],
    },
  },
  foreignScope: "qos-profiles:read",
};
