/**
 * Open Gateway platform 1.0.0 capabilities, views and tenants (layer "api"): the shared catalogue
 * is read by every tenant and changed only by the operator; views are a tenant's own (404 across
 * tenants); tenant administration is the operator's, and a suspended tenant's applications stop at
 * once (invalid_client, live tokens 401). What the scenarios create they delete or restore.
 */
import { describe, expect } from "vitest";
import type { ClientCredentials } from "../../src/target/target.ts";
import type { ScenarioContext } from "../support/context.ts";
import { apiScenario } from "../support/official.ts";
import { expectStatus, OGP, ogp } from "../support/platform-api.ts";
import { accessToken, clientCredentials, primary } from "../support/platform-tokens.ts";
import { scenario } from "../support/scenario.ts";

const def = (operationId: string) => apiScenario("open-gateway-platform", "1.0.0", operationId);

function admin(t: ScenarioContext): ClientCredentials {
  t.require(t.target.consents?.admin, "the target configuration names no client of the operator's tenant");
  return t.target.consents.admin;
}
function otherTenant(t: ScenarioContext): ClientCredentials {
  t.require(t.target.consents?.otherTenant, "the target configuration names no client of another tenant");
  return t.target.consents.otherTenant;
}

const capability = (id: string) => ({
  capabilityId: id,
  apiName: "device-location",
  apiVersion: "1.0.0",
  scopes: [`${id}:verify`],
  purposes: ["dpv:FraudPreventionAndDetection"],
  legalBasis: "CONSENT",
});

describe("open-gateway-platform 1.0.0 capabilities, views, tenants (api)", () => {
  scenario(def("listCapabilities")("open_gateway_platform_listCapabilities_01_catalogue", "The catalogue lists each capability with scopes, purposes and legal basis", "Platform: every tenant reads the catalogue"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), [OGP("capabilities:read")]);
    const list = expectStatus(await ogp(t, "GET", "/capabilities", token), 200, "listCapabilities") as unknown as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(0);
    for (const c of list) expect(["CONSENT", "LEGITIMATE_INTEREST"]).toContain(c.legalBasis);
    const one = list[0];
    expect(expectStatus(await ogp(t, "GET", `/capabilities/${one.capabilityId}`, token), 200, "getCapability")).toEqual(one);
  });

  scenario(def("createCapability")("open_gateway_platform_createCapability_403_not_operator", "A tenant other than the operator cannot change the catalogue", "Platform: only the operator changes the catalogue"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), [OGP("capabilities:write")]);
    t.expectError(await ogp(t, "POST", "/capabilities", token, capability("conformance-cap")), 403, "PERMISSION_DENIED");
    t.expectError(await ogp(t, "DELETE", "/capabilities/conformance-cap", token), 403, "PERMISSION_DENIED");
  });

  scenario(def("createCapability")("open_gateway_platform_createCapability_01_operator_crud", "The operator adds, replaces and removes a capability; a duplicate is 409", "Platform: capability CRUD"), async (t: ScenarioContext) => {
    const token = await accessToken(t, admin(t), [OGP("capabilities:write"), OGP("capabilities:read")]);
    const id = `conformance-cap-${Date.now()}`;
    expectStatus(await ogp(t, "POST", "/capabilities", token, capability(id)), 201, "createCapability");
    t.cleanup(() => ogp(t, "DELETE", `/capabilities/${id}`, token));
    t.expectError(await ogp(t, "POST", "/capabilities", token, capability(id)), 409, "ALREADY_EXISTS");
    const replaced = expectStatus(await ogp(t, "PUT", `/capabilities/${id}`, token, { ...capability(id), legalBasis: "LEGITIMATE_INTEREST" }), 200, "updateCapability");
    expect(replaced.legalBasis).toBe("LEGITIMATE_INTEREST");
    t.expectError(await ogp(t, "PUT", `/capabilities/${id}`, token, capability("another-id")), 400, "INVALID_ARGUMENT");
    expect((await ogp(t, "DELETE", `/capabilities/${id}`, token)).response.status).toBe(204);
    t.expectError(await ogp(t, "GET", `/capabilities/${id}`, token), 404, "NOT_FOUND");
  });

  scenario(def("createView")("open_gateway_platform_createView_01_crud", "A tenant adds, reads, replaces and removes its consent view", "Platform: view CRUD"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), [OGP("views:write"), OGP("views:read")]);
    const view = expectStatus(await ogp(t, "POST", "/views", token, { purpose: "dpv:RequestedServiceProvision", texts: { en: "Conformance view" } }), 201, "createView");
    t.cleanup(() => ogp(t, "DELETE", `/views/${view.viewId}`, token));
    const listed = expectStatus(await ogp(t, "GET", "/views", token), 200, "listViews") as unknown as { viewId: string }[];
    expect(listed.map((v) => v.viewId)).toContain(view.viewId);
    const replaced = expectStatus(await ogp(t, "PUT", `/views/${view.viewId}`, token, { purpose: "dpv:RequestedServiceProvision", texts: { en: "Changed", es: "Cambiado" } }), 200, "updateView");
    expect(replaced.texts).toEqual({ en: "Changed", es: "Cambiado" });
    expect((await ogp(t, "DELETE", `/views/${view.viewId}`, token)).response.status).toBe(204);
    t.expectError(await ogp(t, "GET", `/views/${view.viewId}`, token), 404, "NOT_FOUND");
  });

  scenario(def("getView")("open_gateway_platform_getView_404_other_tenant", "Another tenant's view is 404 for read, replace and delete", "Platform: views are a tenant's own"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), [OGP("views:write"), OGP("views:read")]);
    const view = expectStatus(await ogp(t, "POST", "/views", token, { purpose: "dpv:RequestedServiceProvision", texts: { en: "Mine" } }), 201, "createView");
    t.cleanup(() => ogp(t, "DELETE", `/views/${view.viewId}`, token));
    const theirs = await accessToken(t, otherTenant(t), [OGP("views:write"), OGP("views:read")]);
    t.expectError(await ogp(t, "GET", `/views/${view.viewId}`, theirs), 404, "NOT_FOUND");
    t.expectError(await ogp(t, "PUT", `/views/${view.viewId}`, theirs, { purpose: "dpv:RequestedServiceProvision", texts: { en: "Theirs" } }), 404, "NOT_FOUND");
    t.expectError(await ogp(t, "DELETE", `/views/${view.viewId}`, theirs), 404, "NOT_FOUND");
  });

  scenario(def("listTenants")("open_gateway_platform_listTenants_403_not_operator", "A tenant other than the operator cannot administer tenants, even with the admin scope", "Platform: tenant administration is the operator's"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), [OGP("admin")]);
    t.expectError(await ogp(t, "GET", "/tenants", token), 403, "PERMISSION_DENIED");
    t.expectError(await ogp(t, "POST", "/tenants/whatever/suspend", token), 403, "PERMISSION_DENIED");
  });

  scenario(def("createTenant")("open_gateway_platform_createTenant_01_and_duplicate", "The operator adds a tenant (ACTIVE); the same id again is 409", "Platform: tenants are created ACTIVE, ids are unique"), async (t: ScenarioContext) => {
    const token = await accessToken(t, admin(t), [OGP("admin")]);
    const id = `conformance-tenant-${Date.now()}`;
    const created = expectStatus(await ogp(t, "POST", "/tenants", token, { tenantId: id, name: "Conformance tenant", kind: "BUSINESS" }), 201, "createTenant");
    expect(created.status).toBe("ACTIVE");
    t.expectError(await ogp(t, "POST", "/tenants", token, { tenantId: id, name: "Again", kind: "BUSINESS" }), 409, "ALREADY_EXISTS");
    expect(expectStatus(await ogp(t, "GET", `/tenants/${id}`, token), 200, "getTenant").tenantId).toBe(id);
    t.expectError(await ogp(t, "GET", "/tenants/no-such-tenant", token), 404, "NOT_FOUND");
  });

  scenario(def("suspendTenant")("open_gateway_platform_suspendTenant_01_stops_its_applications", "Suspending a tenant: its application gets invalid_client and its live token 401; activated again it works", "Platform: a SUSPENDED tenant's applications stop at once"), async (t: ScenarioContext) => {
    const token = await accessToken(t, admin(t), [OGP("admin")]);
    const other = otherTenant(t);
    const live = await accessToken(t, other, [OGP("applications:read")]);
    const tenants = expectStatus(await ogp(t, "GET", "/tenants", token), 200, "listTenants") as unknown as { tenantId: string; kind: string }[];
    const ownerOf = async () => {
      for (const tenant of tenants.filter((x) => x.kind !== "OPERATOR")) {
        // the tenant whose suspension stops the other client is the one it belongs to
        const s = await ogp(t, "POST", `/tenants/${tenant.tenantId}/suspend`, token);
        if (s.response.status !== 200) continue;
        const refused = await clientCredentials(t, other, [OGP("applications:read")]);
        if (refused.status === 401) return tenant.tenantId;
        await ogp(t, "POST", `/tenants/${tenant.tenantId}/activate`, token);
      }
      return undefined;
    };
    const tenantId = await ownerOf();
    expect(tenantId, "suspending the other client's tenant refuses its /token (invalid_client)").toBeDefined();
    t.cleanup(() => ogp(t, "POST", `/tenants/${tenantId}/activate`, token));
    t.expectError(await ogp(t, "GET", "/applications", live), 401, "UNAUTHENTICATED");
    t.expectError(await ogp(t, "POST", `/tenants/${tenantId}/suspend`, token), 409, "CONFLICT");
    expectStatus(await ogp(t, "POST", `/tenants/${tenantId}/activate`, token), 200, "activateTenant");
    expect((await ogp(t, "GET", "/applications", live)).response.status, "the live token works again").toBe(200);
  });
});
