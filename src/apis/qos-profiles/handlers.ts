/** QoS Profiles 1.1.0: the catalogue, filtered by name, status and (optionally) device. */
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import type { Device, TestData } from "../../core/testdata.ts";
import { checkApplicable } from "../shared/qod-sessions.ts";
import { findProfile, listProfiles, type ProfileFilter, publicProfile, usableBy } from "../shared/qos-catalogue.ts";

export function qosProfilesHandlers(deps: { data: () => TestData }): HandlerSet {
  return {
    async retrieveQoSProfiles({ input, identify }) {
      const body = input.body as ProfileFilter & { device?: Device };
      // the device is an optional filter here: no MISSING_IDENTIFIER (digest 1.5, exception)
      const subject = identify(body.device, { optional: true });
      // a subject for which QoD is not offered: 422 SERVICE_NOT_APPLICABLE (official C01.07;
      // scenario 06 of the same file expects 200 [] instead: we follow the Commonalities matrix)
      if (subject) checkApplicable(subject);
      // profiles restricted to certain devices are listed only for those devices
      return { status: 200, body: listProfiles(deps.data(), { name: body.name, status: body.status }, subject?.subscriber.id) };
    },
    async getQosProfile({ input, claims }) {
      const profile = findProfile(deps.data(), input.params.name);
      // with a 3-legged token, a profile the token's subject cannot use is not shown (spec: getQosProfile)
      if (!profile || (claims.subscriberId !== undefined && profile.restrictedTo && !usableBy(profile, claims.subscriberId))) {
        throw new ApiError("NOT_FOUND", `No QoS profile named ${input.params.name}.`);
      }
      return { status: 200, body: publicProfile(profile) };
    },
  };
}
