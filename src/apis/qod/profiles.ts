/**
 * QoS profiles as QoD v0.10.1 serves them under `/qod/v0` (there is no separate QoS Profiles API
 * yet): `GET /qos-profiles?name=&status=` (404 NOT_FOUND when nothing matches, unlike 1.x's empty
 * list) and `GET /qos-profiles/{name}`. Only the properties of the v0 QosProfile schema are shown.
 */
import { ApiError } from "../../core/errors.ts";
import type { QosProfile, TestData } from "../../core/testdata.ts";
import { findProfile, listProfiles, type ProfileFilter } from "../shared/qos-catalogue.ts";

const V0_PROPERTIES = [
  "name",
  "description",
  "status",
  "targetMinUpstreamRate",
  "maxUpstreamRate",
  "maxUpstreamBurstRate",
  "targetMinDownstreamRate",
  "maxDownstreamRate",
  "maxDownstreamBurstRate",
  "minDuration",
  "maxDuration",
  "priority",
  "packetDelayBudget",
  "jitter",
  "packetErrorLossRate",
] as const;

export function toQosProfileV0(profile: QosProfile): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of V0_PROPERTIES) if (profile[key] !== undefined) out[key] = profile[key];
  return out;
}

export function listProfilesV0(data: TestData, filter: ProfileFilter): Record<string, unknown>[] {
  const found = listProfiles(data, filter);
  if (found.length === 0) throw new ApiError("NOT_FOUND", "No QoS profile matches the given filters.");
  return found.map(toQosProfileV0);
}

export function getProfileV0(data: TestData, name: string): Record<string, unknown> {
  const profile = findProfile(data, name);
  if (!profile) throw new ApiError("NOT_FOUND", `No QoS profile is called ${name}.`);
  return toQosProfileV0(profile);
}
