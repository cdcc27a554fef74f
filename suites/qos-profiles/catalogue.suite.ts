/**
 * QoS Profiles 1.1.0 beyond the official definitions (layer "api"): the two operations describe the
 * same catalogue (the profiles the target configuration names are reported with their status by
 * both), and a 3-legged token without device lists the profiles available to its subscriber.
 * (429 is checked by the spec-derived layer for every operation that documents it.)
 */
import { describe, expect } from "vitest";
import { apiScenario } from "../support/official.ts";
import { QOS_PROFILES, QOS_PROFILES_READ, configuredProfiles, readToken } from "../support/qos-profiles-builders.ts";
import { scenario } from "../support/scenario.ts";

const api = (operationId: string) => apiScenario(QOS_PROFILES.api, QOS_PROFILES.version, operationId);

describe("qos-profiles 1.1.0 catalogue (api)", () => {
  scenario(
    api("*")("qos_profiles_catalogue_01_configured_statuses", "Both operations report the known profiles with their status",
      "Each profile the target configuration names (ACTIVE, INACTIVE, DEPRECATED) is answered by getQosProfile with that status " +
        "and listed by retrieveQoSProfiles filtered on that status"),
    async (t) => {
      const known = configuredProfiles(t);
      if (known.length === 0) return t.skip("the target configuration names no QoS profile");
      const headers = await t.headers(await readToken(t));
      for (const { name, status } of known) {
        const one = await t.qosProfiles().GET("/qos-profiles/{name}", { params: { path: { name } }, headers });
        expect(one.response.status, `getQosProfile ${name}`).toBe(200);
        expect(one.data!.status, `status of ${name}`).toBe(status);
        const list = await t.qosProfiles().POST("/retrieve-qos-profiles", { body: { status }, headers });
        expect(list.response.status, `retrieveQoSProfiles status=${status}`).toBe(200);
        expect(list.data!.map((p) => p.name), `profiles listed with status ${status}`).toContain(name);
      }
    },
  );

  scenario(
    api("retrieveQoSProfiles")("qos_profiles_catalogue_02_three_legged_without_device", "A 3-legged token lists its subscriber's profiles",
      "retrieveQoSProfiles with a 3-legged token and no device answers 200 with the profiles available to the token's subscriber (the ACTIVE one among them)"),
    async (t) => {
      const token = await t.token({ scopes: [QOS_PROFILES_READ], subscriber: t.subscriber("plain") });
      const { data, response } = await t.qosProfiles().POST("/retrieve-qos-profiles", { body: {}, headers: await t.headers(token) });
      expect(response.status, "retrieveQoSProfiles status").toBe(200);
      const active = t.target.qosProfiles.active;
      if (active) expect(data!.map((p) => p.name), "the ACTIVE profile is available to a plain subscriber").toContain(active);
    },
  );
});
