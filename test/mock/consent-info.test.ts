/**
 * Consent Info 0.2.0 on the platform's seeded consents (data/testdata.yaml, platform.consents), the
 * capture page, and the authorization server's consent gate (CIBA: access_denied without consent).
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { clientCredentialsToken, expectError, send, startMock, type MockFixture } from "./helpers.ts";

const CI = "/consent-info/v0.2/retrieve";
const QOD_SCOPES = ["quality-on-demand:sessions:create"];
const QOD_PURPOSE = "dpv:RequestedServiceProvision";
const NUMBERS = {
  alice: "+34600000001",
  uma: "+34600001401",
  victor: "+34600001402",
  wendy: "+34600001403",
  xavier: "+34600001404",
  yvonne: "+34600001405",
  zack: "+34600001406",
  quentin: "+34600001407",
  paula: "+34600001408",
};

const f: MockFixture = await startMock();
afterAll(() => f.app.close());
beforeEach(() => f.app.reset());

const token = () => clientCredentialsToken(f.app, "demo-app", "demo-app-secret", "consent-info:retrieve");
const retrieve = async (body: Record<string, unknown>) => send(f.app, { path: CI, token: await token(), json: { requestCaptureUrl: false, ...body } });
const qod = (phoneNumber: string, extra: Record<string, unknown> = {}) => retrieve({ phoneNumber, scopes: QOD_SCOPES, purpose: QOD_PURPOSE, ...extra });

async function ciba(phoneNumber: string, scope: string): Promise<{ status: number; body: any }> {
  const auth = { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}` };
  const start = await send(f.app, { path: "/bc-authorize", raw: new URLSearchParams({ login_hint: `tel:${phoneNumber}`, scope }).toString(), headers: auth });
  expect(start.status, start.text).toBe(200);
  const res = await send(f.app, {
    path: "/token",
    raw: new URLSearchParams({ grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: start.body.auth_req_id }).toString(),
    headers: auth,
  });
  return { status: res.status, body: res.body };
}

describe("retrieveStatus answers each seeded consent state", () => {
  it.each([
    { who: "alice", valid: true, reason: undefined },
    { who: "uma", valid: false, reason: "PENDING" },
    { who: "victor", valid: false, reason: "REQUESTED" },
    { who: "wendy", valid: false, reason: "DENIED" },
    { who: "xavier", valid: false, reason: "EXPIRED" },
    { who: "yvonne", valid: true, reason: undefined },
  ] as const)("$who: valid $valid, reason $reason", async ({ who, valid, reason }) => {
    const res = await qod(NUMBERS[who]);
    expect(res.status, res.text).toBe(200);
    expect(res.body.statusInfo).toHaveLength(1);
    const item = res.body.statusInfo[0];
    expect(item).toMatchObject({ scopes: QOD_SCOPES, purpose: QOD_PURPOSE, statusValidForProcessing: valid });
    expect(item.statusReason).toBe(reason);
    expect(res.body.captureUrl).toBeUndefined();
    expect(f.bugs).toEqual([]);
  });

  it("an expired consent carries its past expirationDate, a time-limited one its future date", async () => {
    const now = f.clock.now();
    const expired = (await qod(NUMBERS.xavier)).body.statusInfo[0];
    const limited = (await qod(NUMBERS.yvonne)).body.statusInfo[0];
    expect(Date.parse(expired.expirationDate)).toBeLessThan(now);
    expect(Date.parse(limited.expirationDate)).toBeGreaterThan(now);
  });

  it("a legitimate-interest processing is valid unless the subscriber objected", async () => {
    const body = { scopes: ["sim-swap:check"], purpose: "dpv:FraudPreventionAndDetection" };
    expect((await retrieve({ phoneNumber: NUMBERS.alice, ...body })).body.statusInfo[0].statusValidForProcessing).toBe(true);
    expect((await retrieve({ phoneNumber: NUMBERS.zack, ...body })).body.statusInfo[0]).toMatchObject({ statusValidForProcessing: false, statusReason: "OBJECTED" });
  });

  it("scopes of two APIs give one item each", async () => {
    const res = await retrieve({ phoneNumber: NUMBERS.alice, scopes: ["quality-on-demand:sessions:create", "qos-profiles:read"], purpose: QOD_PURPOSE });
    expect(res.body.statusInfo.map((i: { scopes: string[] }) => i.scopes)).toEqual([["quality-on-demand:sessions:create"], ["qos-profiles:read"]]);
  });
});

describe("retrieveStatus errors", () => {
  it("a scope no capability offers, or a purpose the capability does not list: 403 NOT_ALLOWED_SCOPES_PURPOSE", async () => {
    expectError(await retrieve({ phoneNumber: NUMBERS.alice, scopes: ["location-verification:verify"], purpose: QOD_PURPOSE }), 403, "CONSENT_INFO.NOT_ALLOWED_SCOPES_PURPOSE");
    expectError(await retrieve({ phoneNumber: NUMBERS.alice, scopes: QOD_SCOPES, purpose: "dpv:Marketing" }), 403, "CONSENT_INFO.NOT_ALLOWED_SCOPES_PURPOSE");
  });

  it.each(["http://app.example.com/cb", "javascript:alert(1)"])("callbackUrl %s: 403 INVALID_CALLBACK_URL", async (callbackUrl) => {
    expectError(await qod(NUMBERS.uma, { requestCaptureUrl: true, callbackUrl }), 403, "CONSENT_INFO.INVALID_CALLBACK_URL");
  });

  it("a line the service does not apply to: 422 SERVICE_NOT_APPLICABLE; an unknown number: 404; none: 422", async () => {
    expectError(await qod(NUMBERS.quentin), 422, "SERVICE_NOT_APPLICABLE");
    expectError(await qod("+34699999999"), 404, "IDENTIFIER_NOT_FOUND");
    expectError(await retrieve({ scopes: QOD_SCOPES, purpose: QOD_PURPOSE }), 422, "MISSING_IDENTIFIER");
  });
});

describe("the capture page", () => {
  it("grants through the page: redirect to the callback with capture_result and state, then valid", async () => {
    const first = await qod(NUMBERS.paula, { requestCaptureUrl: true, callbackUrl: "https://app.example.com/done" });
    expect(first.body.statusInfo[0].statusReason).toBe("PENDING");
    const capture = new URL(first.body.captureUrl);
    // having been asked, the subscriber's consent is REQUESTED
    expect((await qod(NUMBERS.paula)).body.statusInfo[0].statusReason).toBe("REQUESTED");
    const page = await send(f.app, { path: `${capture.pathname}?state=xyz`, headers: { "accept-language": "es-ES,es;q=0.9" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.text).toContain("Demo aggregator solicita");
    expect(page.text).toContain('lang="es"');
    const decided = await send(f.app, {
      path: capture.pathname,
      raw: "decision=grant&state=xyz",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(decided.status).toBe(303);
    expect(decided.headers.get("location")).toBe("https://app.example.com/done?capture_result=granted&state=xyz");
    const after = (await qod(NUMBERS.paula)).body.statusInfo[0];
    expect(after.statusValidForProcessing).toBe(true);
    // the link is single-use
    const again = await send(f.app, { path: capture.pathname, raw: "decision=deny", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(again.headers.get("location")).toBe("https://app.example.com/done?capture_result=granted");
  });

  it("deny records DENIED; an unknown link is 404", async () => {
    const first = await qod(NUMBERS.uma, { requestCaptureUrl: true });
    const capture = new URL(first.body.captureUrl);
    const decided = await send(f.app, { path: capture.pathname, raw: "decision=deny", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(decided.status).toBe(200);
    expect((await qod(NUMBERS.uma)).body.statusInfo[0].statusReason).toBe("DENIED");
    expect((await send(f.app, { path: "/consent-capture/nope" })).status).toBe(404);
  });
});

describe("the authorization server's consent gate", () => {
  const scope = `openid ${QOD_PURPOSE} quality-on-demand:sessions:create`;

  it("CIBA for QoD: a subscriber with consent gets a token, others access_denied", async () => {
    expect((await ciba(NUMBERS.alice, scope)).status).toBe(200);
    for (const who of ["uma", "victor", "wendy", "xavier"] as const) {
      const res = await ciba(NUMBERS[who], scope);
      expect({ who, status: res.status, error: res.body.error }).toEqual({ who, status: 400, error: "access_denied" });
    }
  });

  it("authorization code for QoD: a code with consent, error=access_denied on the redirect without", async () => {
    const authorize = (phoneNumber: string) =>
      send(f.app, {
        path: `/authorize?${new URLSearchParams({ response_type: "code", client_id: "demo-app", redirect_uri: "http://localhost:3000/callback", scope, login_hint: `tel:${phoneNumber}`, state: "s1" })}`,
      });
    const granted = new URL(String((await authorize(NUMBERS.alice)).headers.get("location")));
    expect(granted.searchParams.get("code")).toEqual(expect.any(String));
    const refused = new URL(String((await authorize(NUMBERS.uma)).headers.get("location")));
    expect(refused.searchParams.get("error")).toBe("access_denied");
    expect(refused.searchParams.get("state")).toBe("s1");
  });

  it("CIBA for SIM Swap (legitimate interest): refused only to the subscriber who objected", async () => {
    const fraud = "openid dpv:FraudPreventionAndDetection sim-swap:check";
    expect((await ciba(NUMBERS.alice, fraud)).status).toBe(200);
    expect((await ciba(NUMBERS.zack, fraud)).body.error).toBe("access_denied");
  });
});
