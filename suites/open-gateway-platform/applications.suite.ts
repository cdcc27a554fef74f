/**
 * Open Gateway platform 1.0.0 applications (layer "api"): an application registered through the API
 * is an OAuth client at once; disabling, deleting and rotating take effect at /token and on live
 * tokens immediately; another tenant never sees it (404). Every application made here is deleted.
 */
import { describe, expect } from "vitest";
import type { ClientCredentials } from "../../src/target/target.ts";
import type { ScenarioContext } from "../support/context.ts";
import { apiScenario } from "../support/official.ts";
import { expectStatus, OGP, ogp } from "../support/platform-api.ts";
import { accessToken, clientCredentials, primary } from "../support/platform-tokens.ts";
import { scenario } from "../support/scenario.ts";

const def = (operationId: string) => apiScenario("open-gateway-platform", "1.0.0", operationId);
const WRITE = [OGP("applications:write"), OGP("applications:read")];
const PROBE_SCOPE = "qos-profiles:read";

async function create(t: ScenarioContext, token: string, extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const app = expectStatus(await ogp(t, "POST", "/applications", token, { name: "conformance app", scopes: [PROBE_SCOPE], ...extra }), 201, "createApplication");
  t.cleanup(() => ogp(t, "DELETE", `/applications/${app.applicationId}`, token));
  return app;
}

const probe = (t: ScenarioContext, liveToken: string) =>
  t.fetch(t.url("qos-profiles", "/qos-profiles/v1", "/retrieve-qos-profiles"), {
    method: "POST",
    headers: { authorization: `Bearer ${liveToken}`, "content-type": "application/json" },
    body: "{}",
  });

function otherTenant(t: ScenarioContext): ClientCredentials {
  t.require(t.target.consents?.otherTenant, "the target configuration names no client of another tenant");
  return t.target.consents.otherTenant;
}

describe("open-gateway-platform 1.0.0 applications (api)", () => {
  scenario(def("createApplication")("open_gateway_platform_createApplication_01_token_at_once", "A registered application gets a token at once, with the secret shown once", "Platform: a created application is an OAuth client immediately"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), WRITE);
    const app = await create(t, token);
    expect(app.clientSecret, "clientSecret returned at creation").toEqual(expect.any(String));
    expect(app.authMethod).toBe("client_secret");
    const issued = await clientCredentials(t, { clientId: app.applicationId, clientSecret: app.clientSecret }, [PROBE_SCOPE]);
    expect(issued.status, "/token for the new application").toBe(200);
    const read = expectStatus(await ogp(t, "GET", `/applications/${app.applicationId}`, token), 200, "getApplication");
    expect(read.clientSecret, "the secret is never read back").toBeUndefined();
  });

  scenario(def("createApplication")("open_gateway_platform_createApplication_02_jwk_has_no_secret", "An application registered with a JWK set has no secret; rotating it is 409", "Platform: private_key_jwt applications have no secret"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), WRITE);
    const jwk = { kty: "EC", crv: "P-256", x: "PZ71TO2ZI5fyUpOgBgrl49ty6tmxhglM4S00xWGqyi0", y: "TecywRJCFyLQ00KhaZPuuI0h9u3ogptD1FiD1Ws2Kn8", kid: "k1", alg: "ES256", use: "sig" };
    const app = await create(t, token, { jwks: { keys: [jwk] } });
    expect(app.authMethod).toBe("private_key_jwt");
    expect(app.clientSecret).toBeUndefined();
    t.expectError(await ogp(t, "POST", `/applications/${app.applicationId}/rotate-secret`, token), 409, "CONFLICT");
  });

  scenario(def("createApplication")("open_gateway_platform_createApplication_400_missing_scopes", "A registration without scopes is 400", "Platform: ApplicationRequest requires name and scopes"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), WRITE);
    t.expectError(await ogp(t, "POST", "/applications", token, { name: "no scopes" }), 400, "INVALID_ARGUMENT");
  });

  scenario(def("disableApplication")("open_gateway_platform_disableApplication_01_stops_tokens", "A disabled application gets invalid_client and its live token 401; enabled again it works", "Platform: a DISABLED application cannot authenticate and its tokens stop working"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), WRITE);
    const app = await create(t, token);
    const creds = { clientId: app.applicationId, clientSecret: app.clientSecret };
    const live = await accessToken(t, creds, [PROBE_SCOPE]);
    expect((await probe(t, live)).status, "the live token works").toBe(200);
    expect(expectStatus(await ogp(t, "POST", `/applications/${app.applicationId}/disable`, token), 200, "disableApplication").status).toBe("DISABLED");
    const refused = await clientCredentials(t, creds, [PROBE_SCOPE]);
    expect({ status: refused.status, error: refused.body.error }, "/token of a disabled application").toEqual({ status: 401, error: "invalid_client" });
    expect((await probe(t, live)).status, "the live token of a disabled application").toBe(401);
    expectStatus(await ogp(t, "POST", `/applications/${app.applicationId}/enable`, token), 200, "enableApplication");
    expect((await clientCredentials(t, creds, [PROBE_SCOPE])).status, "/token once enabled").toBe(200);
  });

  scenario(def("deleteApplication")("open_gateway_platform_deleteApplication_01_gone", "A deleted application is 404 and gets invalid_client", "Platform: a deleted application no longer exists"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), WRITE);
    const app = expectStatus(await ogp(t, "POST", "/applications", token, { name: "to delete", scopes: [PROBE_SCOPE] }), 201, "createApplication");
    expect((await ogp(t, "DELETE", `/applications/${app.applicationId}`, token)).response.status).toBe(204);
    t.expectError(await ogp(t, "GET", `/applications/${app.applicationId}`, token), 404, "NOT_FOUND");
    expect((await clientCredentials(t, { clientId: app.applicationId, clientSecret: app.clientSecret }, [PROBE_SCOPE])).body.error).toBe("invalid_client");
  });

  scenario(def("rotateApplicationSecret")("open_gateway_platform_rotateApplicationSecret_01_old_secret_refused", "After rotation the old secret is refused and the new one works", "Platform: rotation replaces the secret at once"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), WRITE);
    const app = await create(t, token);
    const rotated = expectStatus(await ogp(t, "POST", `/applications/${app.applicationId}/rotate-secret`, token), 200, "rotateApplicationSecret");
    expect((await clientCredentials(t, { clientId: app.applicationId, clientSecret: app.clientSecret }, [PROBE_SCOPE])).status, "old secret").toBe(401);
    expect((await clientCredentials(t, { clientId: app.applicationId, clientSecret: rotated.clientSecret }, [PROBE_SCOPE])).status, "new secret").toBe(200);
  });

  for (const [operationId, method, suffix] of [
    ["getApplication", "GET", ""],
    ["deleteApplication", "DELETE", ""],
    ["disableApplication", "POST", "/disable"],
    ["rotateApplicationSecret", "POST", "/rotate-secret"],
  ] as const) {
    scenario(def(operationId)(`open_gateway_platform_${operationId}_404_other_tenant`, `${operationId} of another tenant's application is 404`, "Platform: another tenant's application does not exist for the caller"), async (t: ScenarioContext) => {
      const token = await accessToken(t, primary(t), WRITE);
      const app = await create(t, token);
      const theirs = await accessToken(t, otherTenant(t), WRITE);
      t.expectError(await ogp(t, method, `/applications/${app.applicationId}${suffix}`, theirs), 404, "NOT_FOUND");
      const listed = expectStatus(await ogp(t, "GET", "/applications", theirs), 200, "listApplications") as unknown as { applicationId: string }[];
      expect(listed.map((a) => a.applicationId), "not listed for the other tenant").not.toContain(app.applicationId);
      // and it still works for its owner
      expect(expectStatus(await ogp(t, "GET", `/applications/${app.applicationId}`, token), 200, "getApplication").status).toBe("ACTIVE");
    });
  }

  scenario(def("getApplication")("open_gateway_platform_getApplication_404_unknown", "An unknown application id is 404", "Platform: unknown ids are 404 NOT_FOUND"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), WRITE);
    t.expectError(await ogp(t, "GET", "/applications/app-does-not-exist", token), 404, "NOT_FOUND");
  });
});
