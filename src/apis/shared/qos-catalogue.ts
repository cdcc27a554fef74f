/**
 * The operator's QoS profile catalogue, shared by QoS Profiles (which reports it) and Quality on
 * Demand (which accepts only profiles reported ACTIVE). Plain functions over the test data.
 */
import { ApiError, type ErrorCode } from "../../core/errors.ts";
import type { Duration, QosProfile, TestData } from "../../core/testdata.ts";

const SECONDS: Record<Duration["unit"], number> = {
  Days: 86400,
  Hours: 3600,
  Minutes: 60,
  Seconds: 1,
  Milliseconds: 1e-3,
  Microseconds: 1e-6,
  Nanoseconds: 1e-9,
};

export function durationSeconds(d: Duration | undefined): number | undefined {
  return d ? d.value * SECONDS[d.unit] : undefined;
}

export function findProfile(data: TestData, name: string): QosProfile | undefined {
  return data.qosProfiles.find((p) => p.name === name);
}

/**
 * Whether a subscriber may use the profile: a profile restricted to certain devices (restrictedTo)
 * serves only those; without a subscriber (no device in the request) it is not offered at all.
 */
export function usableBy(profile: QosProfile, subscriberId: string | undefined): boolean {
  return !profile.restrictedTo || (subscriberId !== undefined && profile.restrictedTo.includes(subscriberId));
}

/** The profile as the APIs show it: the operator's own bookkeeping (restrictedTo) left out. */
export function publicProfile(profile: QosProfile): QosProfile {
  const { restrictedTo: _, ...shown } = profile;
  return shown;
}

/**
 * The profile a new session or assignment of the subscriber may use: unknown -> 400 (official
 * tests); not ACTIVE, or restricted to other devices -> the API's "not applicable" code.
 */
export function profileForNewSession(
  data: TestData,
  name: string,
  notApplicable: ErrorCode = "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE",
  subscriberId?: string,
): QosProfile {
  const profile = findProfile(data, name);
  if (!profile) throw new ApiError("INVALID_ARGUMENT", `qosProfile '${name}' does not exist`);
  if (profile.status !== "ACTIVE") {
    throw new ApiError(
      notApplicable,
      `qosProfile '${name}' is ${profile.status} and cannot be used for a new session or assignment`,
    );
  }
  if (!usableBy(profile, subscriberId)) throw new ApiError(notApplicable, `qosProfile '${name}' is restricted to other devices`);
  return profile;
}

export interface ProfileFilter {
  name?: string;
  status?: QosProfile["status"];
}

/** Profiles matching the filters that the subscriber (or, without one, anyone) may use, as the APIs show them. */
export function listProfiles(data: TestData, filter: ProfileFilter, subscriberId?: string): QosProfile[] {
  return data.qosProfiles
    .filter((p) => (filter.name === undefined || p.name === filter.name) && (filter.status === undefined || p.status === filter.status))
    .filter((p) => usableBy(p, subscriberId))
    .map(publicProfile);
}
