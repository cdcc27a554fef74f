/**
 * QoS Profiles 1.1.0 getQosProfile, official r3.2 definitions (qos-profiles-getQosProfile.feature).
 * The existing profile is the target's ACTIVE one (qosProfiles.active), else the first one
 * retrieveQoSProfiles lists.
 */
import { describe, expect } from "vitest";
import { UNAUTHENTICATED_RULE, unauthenticatedCases, unauthenticatedHeaders } from "../support/auth-cases.ts";
import { officialFeature } from "../support/official.ts";
import { NOT_QOS_PROFILES_SCOPE, QOS_PROFILES, QOS_PROFILES_READ, readToken, unknownProfileName } from "../support/qos-profiles-builders.ts";
import { scenario } from "../support/scenario.ts";
import type { ScenarioContext } from "../support/context.ts";

const def = officialFeature({ ...QOS_PROFILES, operationId: "getQosProfile", file: "qos-profiles-getQosProfile.feature" });
const ID = "qos_profiles_getQosProfile";

const get = async (t: ScenarioContext, name: string, headers: Record<string, string>) =>
  t.qosProfiles().GET("/qos-profiles/{name}", { params: { path: { name } }, headers });

async function existingProfile(t: ScenarioContext): Promise<string> {
  if (t.target.qosProfiles.active) return t.target.qosProfiles.active;
  const { data } = await t.qosProfiles().POST("/retrieve-qos-profiles", { body: {}, headers: await t.headers(await readToken(t)) });
  const name = data?.[0]?.name;
  if (!name) return t.skip("the target names no QoS profile and retrieveQoSProfiles lists none");
  return name;
}

describe("qos-profiles 1.1.0 getQosProfile (official r3.2)", () => {
  scenario(
    def(`${ID}_01_generic_success_scenario`, 22, "Common validations for any success scenario",
      "getQosProfile of an existing profile answers 200 QosProfile whose $.name is the path parameter"),
    async (t) => {
      const name = await existingProfile(t);
      const { data, response } = await get(t, name, await t.headers(await readToken(t)));
      expect(response.status, "getQosProfile status").toBe(200);
      expect(response.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json\b/);
      expect(data!.name, "$.name").toBe(name);
    },
  );

  scenario(
    def(`${ID}_400.1_name_does_not_match_regex`, 37, "Path parameter name doesn't match the defined regular expression",
      'getQosProfile with a name outside ^[a-zA-Z0-9_.-]+$ ("QOS*E") answers 400 INVALID_ARGUMENT'),
    async (t) => t.expectError(await get(t, "QOS*E", await t.headers(await readToken(t))), 400, "INVALID_ARGUMENT"),
  );

  scenario(
    def(`${ID}_400.2_invalid_name_length`, 48, "Path parameter name has an invalid length",
      'getQosProfile with a pattern-valid name shorter than 3 characters ("QE") answers 400 INVALID_ARGUMENT'),
    async (t) => t.expectError(await get(t, "QE", await t.headers(await readToken(t))), 400, "INVALID_ARGUMENT"),
  );

  for (const c of unauthenticatedCases([61, 74, 86])) {
    scenario(def(`${ID}_${c.suffix}`, c.line, c.title, `getQosProfile of an existing profile: ${UNAUTHENTICATED_RULE}`), async (t) => {
      const name = await existingProfile(t);
      t.expectError(await get(t, name, await unauthenticatedHeaders(t, c.kind, [QOS_PROFILES_READ])), 401, "UNAUTHENTICATED");
    });
  }

  scenario(
    def(`${ID}_403.1_missing_access_token_scope`, 100, "Missing access token scope",
      "getQosProfile with a token lacking qos-profiles:read answers 403 PERMISSION_DENIED"),
    async (t) => {
      const name = await existingProfile(t);
      const token = await t.token({ scopes: [NOT_QOS_PROFILES_SCOPE] });
      t.expectError(await get(t, name, await t.headers(token)), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def(`${ID}_404.1_not_found`, 113, "name of a non-existing QoS profile",
      "getQosProfile with a pattern-valid name that names no profile answers 404 NOT_FOUND"),
    async (t) => t.expectError(await get(t, unknownProfileName(t), await t.headers(await readToken(t))), 404, "NOT_FOUND"),
  );
});
