/**
 * Number Verification 2.1.0 in the mock: every scenario of the official test definitions
 * (NumberVerification r3.2 phoneNumberVerify / phoneNumberShare features) plus the mock's rules on
 * which tokens count as network-authenticated. Tokens come from the mock's own authorization server
 * (authorization code with network-based authentication, CIBA, client credentials) or are minted
 * through POST /_harness/tokens when a property (expiry, amr, scope) must be forced.
 */
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MockApp } from "../../src/mock/app.ts";
import { expectError, send, startMock, type Answer } from "./helpers.ts";

const NV = "/number-verification/v2";
const VERIFY_SCOPE = "number-verification:verify";
const SHARE_SCOPE = "number-verification:device-phone-number:read";
const PURPOSE = "dpv:FraudPreventionAndDetection";
const DEMO = { id: "demo-app", secret: "demo-app-secret", redirect: "http://localhost:3000/callback" };
const ALICE = { phoneNumber: "+34600000001", ip: "198.51.100.10" };
const BOB = "+34600000002";
const NIAJ = "+34600000014"; // no IP address: network authentication through login_hint

/** Computed here, independently of the mock's own hashing. */
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

let app: MockApp;
let bugs: string[];
beforeAll(async () => {
  ({ app, bugs } = await startMock());
});
afterAll(() => app.close());
beforeEach(async () => {
  await app.reset();
});
afterEach(() => {
  // every answer was checked against the spec by the mock itself; a violation is reported here
  expect(bugs.splice(0)).toEqual([]);
});

const basicAuth = { authorization: `Basic ${Buffer.from(`${DEMO.id}:${DEMO.secret}`).toString("base64")}` };

async function postForm(path: string, form: Record<string, string>): Promise<Answer> {
  return send(app, {
    path,
    raw: new URLSearchParams(form).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...basicAuth },
  });
}

/** Authorization code flow; the device is recognised by its source address or a login_hint. */
async function networkAuthenticatedToken(scope: string, who: { ip?: string; loginHint?: string } = { ip: ALICE.ip }): Promise<string> {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: DEMO.id,
    redirect_uri: DEMO.redirect,
    scope: `openid ${PURPOSE} ${scope}`,
    state: "s",
    ...(who.loginHint ? { login_hint: who.loginHint } : {}),
  });
  const res = await send(app, { path: `/authorize?${query}`, headers: who.ip ? { "x-forwarded-for": who.ip } : {} });
  expect(res.status).toBe(302);
  const code = new URL(res.headers.get("location")!).searchParams.get("code");
  expect(code, res.headers.get("location")!).toBeTruthy();
  const token = await postForm("/token", { grant_type: "authorization_code", code: code!, redirect_uri: DEMO.redirect });
  expect(token.status, token.text).toBe(200);
  return token.body.access_token;
}

/** CIBA (poll mode): 3-legged, but the user was not authenticated by the mobile network. */
async function cibaToken(scope: string, phoneNumber = ALICE.phoneNumber): Promise<string> {
  const start = await postForm("/bc-authorize", { login_hint: `tel:${phoneNumber}`, scope: `openid ${PURPOSE} ${scope}` });
  expect(start.status, start.text).toBe(200);
  const token = await postForm("/token", { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: start.body.auth_req_id });
  expect(token.status, token.text).toBe(200);
  return token.body.access_token;
}

async function clientCredentialsToken(scope: string): Promise<string> {
  const token = await postForm("/token", { grant_type: "client_credentials", scope });
  expect(token.status, token.text).toBe(200);
  return token.body.access_token;
}

async function minted(body: { scope: string; phoneNumber?: string; amr?: string[]; expiresIn?: number }): Promise<string> {
  const res = await send(app, { path: "/_harness/tokens", json: { clientId: DEMO.id, ...body } });
  expect(res.status, res.text).toBe(200);
  return res.body.access_token;
}

const verify = (token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
  send(app, { path: `${NV}/verify`, token, json: body, headers });
const share = (token: string | undefined, headers: Record<string, string> = {}) => send(app, { path: `${NV}/device-phone-number`, token, headers });

describe("phoneNumberVerify", () => {
  it("phone_number_verify_01_generic_success_scenario: 200, JSON, x-correlator echoed", async () => {
    const token = await networkAuthenticatedToken(VERIFY_SCOPE);
    const res = await verify(token, { phoneNumber: ALICE.phoneNumber }, { "x-correlator": "nv-01" });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-correlator")).toBe("nv-01");
    expect(typeof res.body.devicePhoneNumberVerified).toBe("boolean");
  });

  const outcomes: [id: string, body: Record<string, string>, verified: boolean][] = [
    ["phone_number_verify.02_validate_phone_number_success_true", { phoneNumber: ALICE.phoneNumber }, true],
    ["phone_number_verify.03_validate_phone_number_success_false", { phoneNumber: BOB }, false],
    ["phone_number_verify.04_validate_hashed_phone_number_success_true", { hashedPhoneNumber: sha256(ALICE.phoneNumber) }, true],
    ["04 (upper-case hex digest)", { hashedPhoneNumber: sha256(ALICE.phoneNumber).toUpperCase() }, true],
    ["phone_number_verify.05_validate_hashed_phone_number_success_false", { hashedPhoneNumber: sha256(BOB) }, false],
    ["05 (hash of the number without its +)", { hashedPhoneNumber: sha256(ALICE.phoneNumber.slice(1)) }, false],
    ["05 (number unknown to the operator)", { phoneNumber: "+34699999999" }, false],
  ];
  it.each(outcomes)("%s", async (_id, body, verified) => {
    const res = await verify(await networkAuthenticatedToken(VERIFY_SCOPE), body);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ devicePhoneNumberVerified: verified });
  });

  it("binds the comparison to the token's subscriber (login_hint in the authorization-code flow)", async () => {
    const token = await networkAuthenticatedToken(VERIFY_SCOPE, { loginHint: `tel:${NIAJ}` });
    expect((await verify(token, { phoneNumber: NIAJ })).body).toEqual({ devicePhoneNumberVerified: true });
    expect((await verify(token, { phoneNumber: ALICE.phoneNumber })).body).toEqual({ devicePhoneNumberVerified: false });
  });

  const badRequests: [id: string, body: { json?: unknown; raw?: string }][] = [
    ["phone_number_verify_400.1_no_request_body", {}],
    ["phone_number_verify_400.2_empty_request_body", { json: {} }],
    ["phone_number_verify_400.3_invalid_request_non_existing_property", { json: { additional_property: "foo_value" } }],
    ["400.3 (any other single member)", { json: { foo: 1 } }],
    ["phone_number_verify_400.4_both_phone_number_and_hashed_in_request", { json: { phoneNumber: ALICE.phoneNumber, hashedPhoneNumber: sha256(ALICE.phoneNumber) } }],
    ["400 (phoneNumber plus an unknown member)", { json: { phoneNumber: ALICE.phoneNumber, foo: 1 } }],
    ["400 (hashedPhoneNumber that is not 64 hex digits)", { json: { hashedPhoneNumber: "xyz" } }],
    ["400 (phoneNumber null)", { json: { phoneNumber: null } }],
    ["400 (body is not JSON)", { raw: "{not json" }],
  ];
  it.each(badRequests)("%s: 400 INVALID_ARGUMENT", async (_id, body) => {
    const token = await networkAuthenticatedToken(VERIFY_SCOPE);
    const headers: Record<string, string> = body.raw !== undefined ? { "content-type": "application/json" } : {};
    expectError(await send(app, { method: "POST", path: `${NV}/verify`, token, ...body, headers }), 400, "INVALID_ARGUMENT");
  });

  it("phone_number_verify_C02.01_phone_number_not_schema_compliant: 400 INVALID_ARGUMENT with a 2-legged token", async () => {
    for (const phoneNumber of ["34600000001", "+34 600 000 001", "+0123456", "+3460000000000000000"]) {
      expectError(await verify(await clientCredentialsToken(VERIFY_SCOPE), { phoneNumber }), 400, "INVALID_ARGUMENT");
    }
  });

  const unauthenticated: [id: string, token: () => Promise<string | undefined>][] = [
    ["phone_number_verify_401.1_no_authorization_header", async () => undefined],
    ["phone_number_verify_401.2_expired_access_token", () => minted({ scope: VERIFY_SCOPE, phoneNumber: ALICE.phoneNumber, expiresIn: -60 })],
    ["phone_number_verify_401.3_invalid_access_token", async () => "not-a-valid-token"],
  ];
  it.each(unauthenticated)("%s: 401 UNAUTHENTICATED", async (_id, token) => {
    const res = await verify(await token(), { phoneNumber: ALICE.phoneNumber }, { "x-correlator": "nv-401" });
    expectError(res, 401, "UNAUTHENTICATED");
    expect(res.headers.get("x-correlator")).toBe("nv-401");
  });

  it("an access token that expires while in use turns into 401", async () => {
    const token = await networkAuthenticatedToken(VERIFY_SCOPE);
    expect((await verify(token, { phoneNumber: ALICE.phoneNumber })).status).toBe(200);
    await app.clock.advance(app.testdata().operator.accessTokenSeconds + 1);
    expectError(await verify(token, { phoneNumber: ALICE.phoneNumber }), 401, "UNAUTHENTICATED");
  });

  it("phoneNumberVerify_403.1_invalid_token_permissions: 403 PERMISSION_DENIED", async () => {
    expectError(await verify(await networkAuthenticatedToken(SHARE_SCOPE), { phoneNumber: ALICE.phoneNumber }), 403, "PERMISSION_DENIED");
  });

  const notByNetwork: [id: string, token: () => Promise<string>][] = [
    ["phoneNumberVerify_403.2 (CIBA token)", () => cibaToken(VERIFY_SCOPE)],
    ["phoneNumberVerify_403.2 (2-legged token)", () => clientCredentialsToken(VERIFY_SCOPE)],
    ["phoneNumberVerify_403.2 (SMS one-time password login)", () => minted({ scope: VERIFY_SCOPE, phoneNumber: ALICE.phoneNumber, amr: ["otp", "sms"] })],
    ["phoneNumberVerify_403.2 (password login)", () => minted({ scope: VERIFY_SCOPE, phoneNumber: ALICE.phoneNumber, amr: ["pwd"] })],
    ["phoneNumberVerify_403.2 (no amr at all)", () => minted({ scope: VERIFY_SCOPE, phoneNumber: ALICE.phoneNumber, amr: [] })],
  ];
  it.each(notByNetwork)("%s: 403 NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK", async (_id, token) => {
    const res = await verify(await token(), { phoneNumber: ALICE.phoneNumber });
    expectError(res, 403, "NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK");
  });

  it("accepts the amr values of network-based authentication: nba and mnba", async () => {
    for (const amr of [["nba"], ["mnba"], ["ciba", "nba"]]) {
      const token = await minted({ scope: VERIFY_SCOPE, phoneNumber: ALICE.phoneNumber, amr });
      expect((await verify(token, { phoneNumber: ALICE.phoneNumber })).body).toEqual({ devicePhoneNumberVerified: true });
    }
  });

  it("reports a malformed body (400) before the authentication method (403)", async () => {
    expectError(await verify(await cibaToken(VERIFY_SCOPE), { foo: 1 }), 400, "INVALID_ARGUMENT");
  });
});

describe("phoneNumberShare", () => {
  it("phone_number_share_01_generic_success_scenario: 200, JSON, x-correlator echoed", async () => {
    const res = await share(await networkAuthenticatedToken(SHARE_SCOPE), { "x-correlator": "nv-share-01" });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-correlator")).toBe("nv-share-01");
  });

  const subjects: [who: string, auth: { ip?: string; loginHint?: string }, phoneNumber: string][] = [
    ["alice by source address", { ip: ALICE.ip }, ALICE.phoneNumber],
    ["bob by source address", { ip: "198.51.100.11" }, BOB],
    ["niaj by login_hint", { loginHint: `tel:${NIAJ}` }, NIAJ],
  ];
  it.each(subjects)("phone_number_share_02_success_scenario: the number of the token's subscriber (%s)", async (_who, auth, phoneNumber) => {
    const res = await share(await networkAuthenticatedToken(SHARE_SCOPE, auth));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ devicePhoneNumber: phoneNumber });
  });

  const unauthenticated: [id: string, token: () => Promise<string | undefined>][] = [
    ["phone_number_share 401.1_no_authorization_header", async () => undefined],
    ["phone_number_share 401.2_expired_access_token", () => minted({ scope: SHARE_SCOPE, phoneNumber: ALICE.phoneNumber, expiresIn: -60 })],
    ["phone_number_share 401.3_invalid_access_token", async () => "eyJhbGciOiJub25lIn0.e30."],
  ];
  it.each(unauthenticated)("%s: 401 UNAUTHENTICATED", async (_id, token) => {
    expectError(await share(await token()), 401, "UNAUTHENTICATED");
  });

  it("phoneNumberShare_403.1_invalid_token_permissions: 403 PERMISSION_DENIED", async () => {
    expectError(await share(await networkAuthenticatedToken(VERIFY_SCOPE)), 403, "PERMISSION_DENIED");
  });

  const notByNetwork: [id: string, token: () => Promise<string>][] = [
    ["phoneNumberShare_403.2 (CIBA token)", () => cibaToken(SHARE_SCOPE)],
    ["phoneNumberShare_403.2 (2-legged token)", () => clientCredentialsToken(SHARE_SCOPE)],
    ["phoneNumberShare_403.2 (SMS one-time password login)", () => minted({ scope: SHARE_SCOPE, phoneNumber: ALICE.phoneNumber, amr: ["otp"] })],
  ];
  it.each(notByNetwork)("%s: 403 NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK", async (_id, token) => {
    expectError(await share(await token()), 403, "NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK");
  });
});
