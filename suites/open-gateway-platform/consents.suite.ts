/**
 * Open Gateway platform 1.0.0 consents (layer "api"), end to end with the authorization server:
 * no consent -> CIBA access_denied; a grant through the API -> CIBA succeeds; revoking or expiring
 * it -> the live 3-legged token answers 403 PERMISSION_DENIED at once; an objection refuses a
 * legitimate-interest token; another tenant's consent is 404; every error case of grant.
 * Uses the target's subscribers without a decision (target.consents.pending): re-running against
 * the same target leaves them GRANTED/REVOKED, which the scenarios accept (grant replaces).
 */
import { describe, expect } from "vitest";
import type { ConsentFacts, TestSubscriber } from "../../src/target/target.ts";
import type { ScenarioContext } from "../support/context.ts";
import { apiScenario } from "../support/official.ts";
import { expectStatus, OGP, ogp } from "../support/platform-api.ts";
import { accessToken, ciba, primary } from "../support/platform-tokens.ts";
import { scenario } from "../support/scenario.ts";

const def = (operationId: string) => apiScenario("open-gateway-platform", "1.0.0", operationId);
const RW = [OGP("consents:read"), OGP("consents:write")];

function facts(t: ScenarioContext): ConsentFacts {
  t.require(t.target.consents, "the target configuration names no consent test data (consents)");
  return t.target.consents;
}

function fresh(t: ScenarioContext, i: number): TestSubscriber {
  const s = facts(t).pending[i];
  t.require(s, `the target's consent test data names fewer than ${i + 1} subscribers without a decision`);
  return s;
}

/** The QoD-style API call a live 3-legged token of the consent's scopes can make (the first scope's API). */
async function useToken(t: ScenarioContext, token: string): Promise<number> {
  const res = await t.fetch(t.url("quality-on-demand", "/quality-on-demand/v1", "/retrieve-sessions"), {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{}",
  });
  return res.status;
}

const RETRIEVE = "quality-on-demand:sessions:retrieve-by-device";

async function grant(t: ScenarioContext, token: string, s: TestSubscriber, extra: Record<string, unknown> = {}) {
  const f = facts(t);
  return ogp(t, "POST", "/consents", token, { phoneNumber: s.phoneNumber, scopes: [RETRIEVE], purpose: f.purpose, ...extra });
}

describe("open-gateway-platform 1.0.0 consents (api)", () => {
  scenario(def("revokeConsent")("open_gateway_platform_revokeConsent_01_live_token_403", "Grant -> CIBA token works; revoke -> the live token answers 403 PERMISSION_DENIED", "Platform: a revoked consent stops live 3-legged tokens at once"), async (t: ScenarioContext) => {
    const f = facts(t);
    const s = fresh(t, 2);
    const token = await accessToken(t, primary(t), RW);
    const granted = expectStatus(await grant(t, token, s), 201, "grantConsent");
    expect(granted).toMatchObject({ status: "GRANTED", statusValidForProcessing: true, phoneNumber: s.phoneNumber });
    const issued = await ciba(t, primary(t), s.phoneNumber, [RETRIEVE], f.purpose);
    expect(issued.status, `CIBA after the grant (${String(issued.body.error ?? "")})`).toBe(200);
    const live = String(issued.body.access_token);
    expect(await useToken(t, live), "the live token works").toBe(200);
    const revoked = expectStatus(await ogp(t, "POST", `/consents/${granted.consentId}/revoke`, token), 200, "revokeConsent");
    expect(revoked).toMatchObject({ status: "REVOKED", statusValidForProcessing: false });
    expect(await useToken(t, live), "the live token after the revocation").toBe(403);
    const again = await ciba(t, primary(t), s.phoneNumber, [RETRIEVE], f.purpose);
    expect(again.body.error, "CIBA after the revocation").toBe("access_denied");
  });

  scenario(def("expireConsent")("open_gateway_platform_expireConsent_01_live_token_403", "Grant -> token; expire -> the live token answers 403 PERMISSION_DENIED", "Platform: an expired consent stops live 3-legged tokens at once"), async (t: ScenarioContext) => {
    const f = facts(t);
    const s = fresh(t, 2);
    const token = await accessToken(t, primary(t), RW);
    const granted = expectStatus(await grant(t, token, s), 201, "grantConsent");
    const live = String((await ciba(t, primary(t), s.phoneNumber, [RETRIEVE], f.purpose)).body.access_token);
    expect(await useToken(t, live)).toBe(200);
    const expired = expectStatus(await ogp(t, "POST", `/consents/${granted.consentId}/expire`, token), 200, "expireConsent");
    expect(expired.status).toBe("EXPIRED");
    expect(Date.parse(expired.expiresAt)).toBeGreaterThan(0);
    expect(await useToken(t, live), "the live token after expiry").toBe(403);
    t.expectError(await ogp(t, "POST", `/consents/${granted.consentId}/expire`, token), 409, "CONFLICT");
  });

  scenario(def("grantConsent")("open_gateway_platform_grantConsent_01_no_consent_access_denied", "Without a consent CIBA answers access_denied", "CAMARA profile: the operator refuses a 3-legged token without the user's consent"), async (t: ScenarioContext) => {
    const f = facts(t);
    const s = fresh(t, 0);
    const token = await accessToken(t, primary(t), RW);
    const listed = expectStatus(await ogp(t, "GET", `/consents?phoneNumber=${encodeURIComponent(s.phoneNumber)}&status=GRANTED`, token), 200, "listConsents");
    t.require((listed as unknown as unknown[]).length === 0, "the subscriber without a decision was granted consent by an earlier run: reset the target");
    const res = await ciba(t, primary(t), s.phoneNumber, [RETRIEVE], f.purpose);
    expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: "access_denied" });
  });

  scenario(def("grantConsent")("open_gateway_platform_grantConsent_02_objection_refuses_token", "An objection to a legitimate-interest processing refuses its 3-legged token", "Platform: OBJECTED -> access_denied"), async (t: ScenarioContext) => {
    const f = facts(t);
    t.require(f.objected, "the target's consent test data names no legitimate-interest objection");
    const s = fresh(t, 2);
    const token = await accessToken(t, primary(t), RW);
    const objected = expectStatus(await ogp(t, "POST", "/consents", token, { phoneNumber: s.phoneNumber, scopes: f.objected.scopes, purpose: f.objected.purpose, decision: "OBJECTED" }), 201, "grantConsent OBJECTED");
    expect(objected).toMatchObject({ status: "OBJECTED", statusValidForProcessing: false });
    expect((await ciba(t, primary(t), s.phoneNumber, f.objected.scopes, f.objected.purpose)).body.error).toBe("access_denied");
  });

  scenario(def("grantConsent")("open_gateway_platform_grantConsent_422_legal_basis", "A grant for a legitimate-interest capability is 422 LEGAL_BASIS_MISMATCH", "Platform: a grant fits consent-based capabilities only"), async (t: ScenarioContext) => {
    const f = facts(t);
    t.require(f.objected, "the target's consent test data names no legitimate-interest capability");
    const token = await accessToken(t, primary(t), RW);
    const body = { phoneNumber: fresh(t, 2).phoneNumber, scopes: f.objected.scopes, purpose: f.objected.purpose };
    t.expectError(await ogp(t, "POST", "/consents", token, body), 422, "OPEN_GATEWAY_PLATFORM.LEGAL_BASIS_MISMATCH");
    t.expectError(await grant(t, token, fresh(t, 2), { decision: "OBJECTED" }), 422, "OPEN_GATEWAY_PLATFORM.LEGAL_BASIS_MISMATCH");
  });

  scenario(def("grantConsent")("open_gateway_platform_grantConsent_422_not_allowed", "Scopes outside the catalogue, or a purpose the capability does not list, are 422", "Platform: consents are for scopes and purposes of one capability"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), RW);
    const s = fresh(t, 2);
    t.expectError(await grant(t, token, s, { scopes: ["location-verification:verify"] }), 422, "OPEN_GATEWAY_PLATFORM.NOT_ALLOWED_SCOPES_PURPOSE");
    t.expectError(await grant(t, token, s, { purpose: "dpv:Marketing" }), 422, "OPEN_GATEWAY_PLATFORM.NOT_ALLOWED_SCOPES_PURPOSE");
  });

  scenario(def("grantConsent")("open_gateway_platform_grantConsent_404_unknown_number", "A phone number the operator does not serve is 404 IDENTIFIER_NOT_FOUND", "Platform: consents are for known subscribers"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), RW);
    t.expectError(await grant(t, token, t.target.subscribers.unknown), 404, "IDENTIFIER_NOT_FOUND");
  });

  scenario(def("grantConsent")("open_gateway_platform_grantConsent_400_past_expiry", "An expiresAt in the past is 400", "Platform: a grant expires in the future"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), RW);
    t.expectError(await grant(t, token, fresh(t, 2), { expiresAt: "2001-01-01T00:00:00Z" }), 400, "INVALID_ARGUMENT");
  });

  scenario(def("revokeConsent")("open_gateway_platform_revokeConsent_409_twice", "Revoking a revoked consent is 409 CONFLICT", "Platform: only GRANTED or REQUESTED consents can be revoked"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), RW);
    const granted = expectStatus(await grant(t, token, fresh(t, 2)), 201, "grantConsent");
    expectStatus(await ogp(t, "POST", `/consents/${granted.consentId}/revoke`, token), 200, "revokeConsent");
    t.expectError(await ogp(t, "POST", `/consents/${granted.consentId}/revoke`, token), 409, "CONFLICT");
  });

  scenario(def("getConsent")("open_gateway_platform_getConsent_404_other_tenant", "Another tenant's consent is 404 for read, revoke and expire", "Platform: tenants never see each other's consents"), async (t: ScenarioContext) => {
    const f = facts(t);
    t.require(f.otherTenant, "the target configuration names no client of another tenant");
    const token = await accessToken(t, primary(t), RW);
    const granted = expectStatus(await grant(t, token, fresh(t, 2)), 201, "grantConsent");
    const theirs = await accessToken(t, f.otherTenant, RW);
    t.expectError(await ogp(t, "GET", `/consents/${granted.consentId}`, theirs), 404, "NOT_FOUND");
    t.expectError(await ogp(t, "POST", `/consents/${granted.consentId}/revoke`, theirs), 404, "NOT_FOUND");
    t.expectError(await ogp(t, "POST", `/consents/${granted.consentId}/expire`, theirs), 404, "NOT_FOUND");
    const listed = expectStatus(await ogp(t, "GET", "/consents", theirs), 200, "listConsents") as unknown as { consentId: string }[];
    expect(listed.map((c) => c.consentId)).not.toContain(granted.consentId);
  });

  scenario(def("listConsents")("open_gateway_platform_listConsents_01_filters", "listConsents narrows to one subscriber and one status", "Platform: consents are listed per phone number, application and status"), async (t: ScenarioContext) => {
    const f = facts(t);
    const s = f.denied;
    t.require(s, "the target's consent test data names no subscriber with a denied consent");
    const token = await accessToken(t, primary(t), RW);
    const listed = expectStatus(await ogp(t, "GET", `/consents?phoneNumber=${encodeURIComponent(s.phoneNumber)}`, token), 200, "listConsents") as unknown as Record<string, unknown>[];
    expect(listed.length).toBeGreaterThan(0);
    for (const c of listed) expect(c.phoneNumber).toBe(s.phoneNumber);
    expect(listed.some((c) => c.status === "DENIED")).toBe(true);
    const granted = expectStatus(await ogp(t, "GET", `/consents?phoneNumber=${encodeURIComponent(s.phoneNumber)}&status=GRANTED`, token), 200, "listConsents") as unknown as unknown[];
    expect(granted).toEqual([]);
  });

  scenario(def("getConsent")("open_gateway_platform_getConsent_404_unknown", "An unknown consent id is 404", "Platform: unknown ids are 404 NOT_FOUND"), async (t: ScenarioContext) => {
    const token = await accessToken(t, primary(t), RW);
    t.expectError(await ogp(t, "GET", "/consents/no-such-consent", token), 404, "NOT_FOUND");
  });
});
