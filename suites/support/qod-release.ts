/**
 * Quality on Demand as the target's release has it, for the scenarios that hold for every version
 * (layer "api": lifecycle, notifications, session access): the version (from the release profile),
 * its base path (from the generated client of that version), the qos-status-changed event type of
 * that version, and the answer to a session asked with an existing but INACTIVE/DEPRECATED profile
 * (1.1.0: 422 QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE; 1.0.0 and 0.11.1 document no such
 * code, so 400 INVALID_ARGUMENT). The 1.1.0 typed client is used for every version: the operations
 * these scenarios call have the same paths and bodies in 0.11.1, 1.0.0 and 1.1.0.
 */
import { BASE_PATH as BASE_PATH_0_11_1 } from "../../generated/quality-on-demand/0.11.1/client.ts";
import { BASE_PATH as BASE_PATH_1_0_0 } from "../../generated/quality-on-demand/1.0.0/client.ts";
import { BASE_PATH as BASE_PATH_1_1_0 } from "../../generated/quality-on-demand/1.1.0/client.ts";
import { releaseApis } from "../../src/apis/registry.ts";

export interface QodVersion {
  api: "quality-on-demand";
  version: string;
  basePath: string;
  /** the event type the spec of this version names */
  eventType: string;
  /** also accepted: the type the official test definitions of this version use, if different */
  acceptedEventTypes: string[];
  profileNotApplicable: { status: number; code: string };
}

const V1_EVENT = "org.camaraproject.quality-on-demand.v1.qos-status-changed";
const V1_TEST_DEFINITION_EVENT = "org.camaraproject.qod.v1.qos-status-changed";
const V0_EVENT = "org.camaraproject.quality-on-demand.v0.qos-status-changed";

const VERSIONS: Record<string, Omit<QodVersion, "api" | "version">> = {
  "1.1.0": {
    basePath: BASE_PATH_1_1_0,
    eventType: V1_EVENT,
    acceptedEventTypes: [V1_EVENT, V1_TEST_DEFINITION_EVENT],
    profileNotApplicable: { status: 422, code: "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE" },
  },
  "1.0.0": {
    basePath: BASE_PATH_1_0_0,
    eventType: V1_EVENT,
    acceptedEventTypes: [V1_EVENT, V1_TEST_DEFINITION_EVENT],
    profileNotApplicable: { status: 400, code: "INVALID_ARGUMENT" },
  },
  "0.11.1": {
    basePath: BASE_PATH_0_11_1,
    eventType: V0_EVENT,
    acceptedEventTypes: [V0_EVENT],
    profileNotApplicable: { status: 400, code: "INVALID_ARGUMENT" },
  },
};

/** QoD of a release; a release without a QoD version these scenarios know falls back to 1.1.0. */
export function qodOfRelease(release: string): QodVersion {
  const version = releaseApis(release)["quality-on-demand"];
  const known = version !== undefined ? VERSIONS[version] : undefined;
  return known ? { api: "quality-on-demand", version: version!, ...known } : { api: "quality-on-demand", version: "1.1.0", ...VERSIONS["1.1.0"] };
}
