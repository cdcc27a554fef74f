/** QoS Profiles: the operator's catalogue of QoS profiles, filtered by name, status and device. */
import type { ApiModule } from "../module.ts";
import { qosProfilesHandlers } from "./handlers.ts";

export const manifest: ApiModule = {
  name: "qos-profiles",
  title: "QoS Profiles",
  aliases: ["qos", "qosp"],
  versions: {
    "1.1.0": { releases: ["fall25"], official: "QualityOnDemand/r3.2/qos-profiles.yaml", handlers: qosProfilesHandlers },
    "1.0.0": { releases: ["spring25"], official: "legacy/QualityOnDemand/r2.2/qos-profiles.yaml", handlers: qosProfilesHandlers },
    "0.11.1": { releases: ["fall24"], official: "legacy/QualityOnDemand/r1.3/qos-profiles.yaml", handlers: qosProfilesHandlers },
  },
  requests: {
    // filters give the schema-violation generator something to break (name pattern, status enum)
    retrieveQoSProfiles: (target) =>
      target.qosProfiles.active
        ? { path: "/retrieve-qos-profiles", body: { name: target.qosProfiles.active, status: "ACTIVE" } }
        : { path: "/retrieve-qos-profiles", body: { status: "ACTIVE" } },
    getQosProfile: (target) =>
      target.qosProfiles.active
        ? { path: `/qos-profiles/${encodeURIComponent(target.qosProfiles.active)}` }
        : { path: "/qos-profiles/QOS_E", unavailable: "no ACTIVE QoS profile configured" },
  },
  foreignScope: "quality-on-demand:sessions:read",
};
