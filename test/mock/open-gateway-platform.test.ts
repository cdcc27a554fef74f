/**
 * The Open Gateway platform API is live: applications created through it get tokens at once;
 * disabled applications and suspended tenants get invalid_client and their live tokens 401;
 * revoking or expiring a consent makes live 3-legged tokens 403; tenants never see each other.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { clientCredentialsToken, expectError, send, startMock, type MockFixture } from "./helpers.ts";

const OGP = "/open-gateway-platform/v1";
const ALL = [
  "consents:read", "consents:write", "applications:read", "applications:write", "views:read", "views:write", "capabilities:read", "capabilities:write",
].map((s) => `open-gateway-platform:${s}`).join(" ");
const QOD_SCOPE = "quality-on-demand:sessions:retrieve-by-device";
const PURPOSE = "dpv:RequestedServiceProvision";
const UMA = "+34600001401";
const ALICE = "+34600000001";

const f: MockFixture = await startMock();
afterAll(() => f.app.close());
beforeEach(() => f.app.reset());

const form = (id: string, secret: string) => ({
  "content-type": "application/x-www-form-urlencoded",
  authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
});
const tokenAt = (id: string, secret: string, scope: string) =>
  send(f.app, { path: "/token", raw: new URLSearchParams({ grant_type: "client_credentials", scope }).toString(), headers: form(id, secret) });
const demo = () => clientCredentialsToken(f.app, "demo-app", "demo-app-secret", ALL);
const acme = () => clientCredentialsToken(f.app, "acme-app", "acme-app-secret", "open-gateway-platform:applications:read open-gateway-platform:applications:write open-gateway-platform:consents:read open-gateway-platform:consents:write");
const admin = () => clientCredentialsToken(f.app, "platform-admin", "platform-admin-secret", "open-gateway-platform:admin");

async function ciba(phoneNumber: string, scope: string, id = "demo-app", secret = "demo-app-secret") {
  const start = await send(f.app, { path: "/bc-authorize", raw: new URLSearchParams({ login_hint: `tel:${phoneNumber}`, scope }).toString(), headers: form(id, secret) });
  expect(start.status, start.text).toBe(200);
  return send(f.app, {
    path: "/token",
    raw: new URLSearchParams({ grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: start.body.auth_req_id }).toString(),
    headers: form(id, secret),
  });
}
const readSessions = (token: string) => send(f.app, { path: `/quality-on-demand/v1/retrieve-sessions`, token, json: {} });

describe("applications", () => {
  it("a created application gets tokens at once; disabled: invalid_client and its live tokens 401; enabled again: works", async () => {
    const token = await demo();
    const created = await send(f.app, { path: `${OGP}/applications`, token, json: { name: "New app", scopes: ["qos-profiles:read"] } });
    expect(created.status, created.text).toBe(201);
    const { applicationId, clientSecret } = created.body;
    expect(clientSecret).toEqual(expect.any(String));
    expect(created.body.authMethod).toBe("client_secret");
    const issued = await tokenAt(applicationId, clientSecret, "qos-profiles:read");
    expect(issued.status, issued.text).toBe(200);
    const live = issued.body.access_token;
    expect((await send(f.app, { path: "/qos-profiles/v1/qos-profiles/QOS_E", token: live })).status).toBe(200);
    // the secret is never listed nor read back
    const read = await send(f.app, { path: `${OGP}/applications/${applicationId}`, token });
    expect(read.body.clientSecret).toBeUndefined();

    expect((await send(f.app, { path: `${OGP}/applications/${applicationId}/disable`, token, method: "POST" })).body.status).toBe("DISABLED");
    const refused = await tokenAt(applicationId, clientSecret, "qos-profiles:read");
    expect({ status: refused.status, error: refused.body.error }).toEqual({ status: 401, error: "invalid_client" });
    expectError(await send(f.app, { path: "/qos-profiles/v1/qos-profiles/QOS_E", token: live }), 401, "UNAUTHENTICATED");

    await send(f.app, { path: `${OGP}/applications/${applicationId}/enable`, token, method: "POST" });
    expect((await tokenAt(applicationId, clientSecret, "qos-profiles:read")).status).toBe(200);
    expect(f.bugs).toEqual([]);
  });

  it("rotating the secret: the old one stops working, the new one works", async () => {
    const token = await demo();
    const { applicationId, clientSecret } = (await send(f.app, { path: `${OGP}/applications`, token, json: { name: "Rotating", scopes: ["qos-profiles:read"] } })).body;
    const rotated = await send(f.app, { path: `${OGP}/applications/${applicationId}/rotate-secret`, token, method: "POST" });
    expect(rotated.status).toBe(200);
    expect((await tokenAt(applicationId, clientSecret, "qos-profiles:read")).status).toBe(401);
    expect((await tokenAt(applicationId, rotated.body.clientSecret, "qos-profiles:read")).status).toBe(200);
  });

  it("another tenant's application is 404 for every operation", async () => {
    const theirs = await acme();
    for (const [method, path] of [["GET", ""], ["DELETE", ""], ["POST", "/disable"], ["POST", "/rotate-secret"]]) {
      expectError(await send(f.app, { path: `${OGP}/applications/demo-app${path}`, token: theirs, method }), 404, "NOT_FOUND");
    }
    const listed = await send(f.app, { path: `${OGP}/applications`, token: theirs });
    expect(listed.body.map((a: { applicationId: string }) => a.applicationId)).toEqual(["acme-app"]);
    // demo-app still works
    expect((await tokenAt("demo-app", "demo-app-secret", "qos-profiles:read")).status).toBe(200);
  });
});

describe("tenants", () => {
  it("only the operator administers tenants; a suspended tenant's applications stop at once", async () => {
    expectError(await send(f.app, { path: `${OGP}/tenants`, token: await clientCredentialsToken(f.app, "demo-app", "demo-app-secret", "open-gateway-platform:admin") }), 403, "PERMISSION_DENIED");
    const op = await admin();
    const live = await acme();
    const suspended = await send(f.app, { path: `${OGP}/tenants/acme-bank/suspend`, token: op, method: "POST" });
    expect(suspended.body.status).toBe("SUSPENDED");
    expect((await tokenAt("acme-app", "acme-app-secret", "open-gateway-platform:applications:read")).body.error).toBe("invalid_client");
    expectError(await send(f.app, { path: `${OGP}/applications`, token: live }), 401, "UNAUTHENTICATED");
    expectError(await send(f.app, { path: `${OGP}/tenants/acme-bank/suspend`, token: op, method: "POST" }), 409, "CONFLICT");
    await send(f.app, { path: `${OGP}/tenants/acme-bank/activate`, token: op, method: "POST" });
    expect((await send(f.app, { path: `${OGP}/applications`, token: live })).status).toBe(200);
  });
});

describe("consents gate tokens", () => {
  const scope = `openid ${PURPOSE} ${QOD_SCOPE}`;

  it("grant through the API: CIBA then succeeds; revoke: the live token answers 403", async () => {
    const token = await demo();
    expect((await ciba(UMA, scope)).body.error).toBe("access_denied");
    const granted = await send(f.app, { path: `${OGP}/consents`, token, json: { phoneNumber: UMA, scopes: [QOD_SCOPE], purpose: PURPOSE } });
    expect(granted.status, granted.text).toBe(201);
    expect(granted.body).toMatchObject({ status: "GRANTED", statusValidForProcessing: true, applicationId: "demo-app", phoneNumber: UMA });
    const issued = await ciba(UMA, scope);
    expect(issued.status, issued.text).toBe(200);
    const live = issued.body.access_token;
    expect((await readSessions(live)).status).toBe(200);
    const revoked = await send(f.app, { path: `${OGP}/consents/${granted.body.consentId}/revoke`, token, method: "POST" });
    expect(revoked.body).toMatchObject({ status: "REVOKED", statusValidForProcessing: false });
    expectError(await readSessions(live), 403, "PERMISSION_DENIED");
    expectError(await send(f.app, { path: `${OGP}/consents/${granted.body.consentId}/revoke`, token, method: "POST" }), 409, "CONFLICT");
    expect(f.bugs).toEqual([]);
  });

  it("expire: the live token answers 403; another application's token of the same subscriber is untouched", async () => {
    const token = await demo();
    const live = (await ciba(ALICE, scope)).body.access_token;
    const other = (await ciba(ALICE, scope, "other-app", "other-app-secret")).body.access_token;
    const mine = await send(f.app, { path: `${OGP}/consents?phoneNumber=${encodeURIComponent(ALICE)}&applicationId=demo-app`, token });
    expect(mine.body).toHaveLength(1);
    const expired = await send(f.app, { path: `${OGP}/consents/${mine.body[0].consentId}/expire`, token, method: "POST" });
    expect(expired.body.status).toBe("EXPIRED");
    expectError(await readSessions(live), 403, "PERMISSION_DENIED");
    expect((await readSessions(other)).status).toBe(200);
  });

  it("an objection (legitimate interest) refuses CIBA; a grant for it is 422", async () => {
    const token = await demo();
    const fraud = { scopes: ["sim-swap:check"], purpose: "dpv:FraudPreventionAndDetection" };
    expectError(await send(f.app, { path: `${OGP}/consents`, token, json: { phoneNumber: ALICE, ...fraud } }), 422, "OPEN_GATEWAY_PLATFORM.LEGAL_BASIS_MISMATCH");
    const objected = await send(f.app, { path: `${OGP}/consents`, token, json: { phoneNumber: ALICE, ...fraud, decision: "OBJECTED" } });
    expect(objected.body).toMatchObject({ status: "OBJECTED", statusValidForProcessing: false });
    expect((await ciba(ALICE, "openid dpv:FraudPreventionAndDetection sim-swap:check")).body.error).toBe("access_denied");
  });

  it("another tenant's consent is 404; grant errors: unknown number 404, foreign scope 422", async () => {
    const theirs = await acme();
    const ours = await send(f.app, { path: `${OGP}/consents?phoneNumber=${encodeURIComponent(ALICE)}`, token: await demo() });
    expectError(await send(f.app, { path: `${OGP}/consents/${ours.body[0].consentId}`, token: theirs }), 404, "NOT_FOUND");
    expectError(await send(f.app, { path: `${OGP}/consents/${ours.body[0].consentId}/revoke`, token: theirs, method: "POST" }), 404, "NOT_FOUND");
    expectError(await send(f.app, { path: `${OGP}/consents`, token: theirs, json: { phoneNumber: "+34699999999", scopes: [QOD_SCOPE], purpose: PURPOSE } }), 404, "IDENTIFIER_NOT_FOUND");
    expectError(await send(f.app, { path: `${OGP}/consents`, token: theirs, json: { phoneNumber: ALICE, scopes: ["location-verification:verify"], purpose: PURPOSE } }), 422, "OPEN_GATEWAY_PLATFORM.NOT_ALLOWED_SCOPES_PURPOSE");
    expectError(await send(f.app, { path: `${OGP}/consents`, token: theirs, json: { phoneNumber: ALICE, applicationId: "demo-app", scopes: [QOD_SCOPE], purpose: PURPOSE } }), 404, "NOT_FOUND");
  });
});

describe("catalogue", () => {
  it("every tenant reads capabilities; only the operator changes them", async () => {
    const token = await demo();
    expect((await send(f.app, { path: `${OGP}/capabilities/sim-swap`, token })).body.legalBasis).toBe("LEGITIMATE_INTEREST");
    const cap = { capabilityId: "device-location", apiName: "location-verification", apiVersion: "2.0.0", scopes: ["location-verification:verify"], purposes: [PURPOSE], legalBasis: "CONSENT" };
    expectError(await send(f.app, { path: `${OGP}/capabilities`, token, json: cap }), 403, "PERMISSION_DENIED");
    const op = await clientCredentialsToken(f.app, "platform-admin", "platform-admin-secret", "open-gateway-platform:capabilities:write");
    expect((await send(f.app, { path: `${OGP}/capabilities`, token: op, json: cap })).status).toBe(201);
    expectError(await send(f.app, { path: `${OGP}/capabilities`, token: op, json: cap }), 409, "ALREADY_EXISTS");
  });

  it("views: CRUD within the tenant, 404 across tenants", async () => {
    const token = await demo();
    const created = await send(f.app, { path: `${OGP}/views`, token, json: { purpose: PURPOSE, texts: { en: "Hello" } } });
    expect(created.status).toBe(201);
    const theirs = await clientCredentialsToken(f.app, "acme-app", "acme-app-secret", "open-gateway-platform:views:read");
    expectError(await send(f.app, { path: `${OGP}/views/${created.body.viewId}`, token: theirs }), 404, "NOT_FOUND");
    expect((await send(f.app, { path: `${OGP}/views/${created.body.viewId}`, token, method: "PUT", json: { purpose: PURPOSE, texts: { en: "Bye" } } })).body.texts.en).toBe("Bye");
    expect((await send(f.app, { path: `${OGP}/views/${created.body.viewId}`, token, method: "DELETE" })).status).toBe(204);
    expectError(await send(f.app, { path: `${OGP}/views/${created.body.viewId}`, token }), 404, "NOT_FOUND");
  });
});
