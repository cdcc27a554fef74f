/**
 * Building blocks of the QoS Profiles 1.1.0 scenarios: the API's coordinates and scope, the
 * target's known profile names, and a name that matches the QosProfileName pattern but names no
 * profile (derived from the run's seed, so a rerun with the same seed sends the same request).
 */
import type { components } from "../../generated/qos-profiles/1.1.0/client.ts";
import type { ScenarioContext } from "./context.ts";

export type QosProfile = components["schemas"]["QosProfile"];
export type QosProfileDeviceRequest = components["schemas"]["QosProfileDeviceRequest"];

export const QOS_PROFILES = { api: "qos-profiles", version: "1.1.0", basePath: "/qos-profiles/v1" } as const;
export const QOS_PROFILES_READ = "qos-profiles:read";
/** a scope of another API: a token holding only it lacks qos-profiles:read */
export const NOT_QOS_PROFILES_SCOPE = "quality-on-demand:sessions:read";

export function readToken(t: ScenarioContext): Promise<string> {
  return t.token({ scopes: [QOS_PROFILES_READ] });
}

/** Pattern-valid (^[a-zA-Z0-9_.-]+$, 3..256) and absent from any sane catalogue. */
export function unknownProfileName(t: ScenarioContext): string {
  return `QOS_UNKNOWN_${t.target.seed.toString(36).toUpperCase()}`;
}

/** The profiles the target configuration names, with the status it says they have. */
export function configuredProfiles(t: ScenarioContext): { name: string; status: QosProfile["status"] }[] {
  const { active, inactive, deprecated } = t.target.qosProfiles;
  return [
    ...(active ? [{ name: active, status: "ACTIVE" as const }] : []),
    ...(inactive ? [{ name: inactive, status: "INACTIVE" as const }] : []),
    ...(deprecated ? [{ name: deprecated, status: "DEPRECATED" as const }] : []),
  ];
}
