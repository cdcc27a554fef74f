/**
 * Consent Info 0.2.0 retrieveStatus, official definitions (ConsentInfo/consent-info.feature), on the
 * target's consent test data (target.consents: one subscriber per state for the primary client).
 * 2-legged tokens name the subscriber in the body; C02.03 uses a 3-legged token.
 */
import { describe, expect } from "vitest";
import type { ConsentFacts, TestSubscriber } from "../../src/target/target.ts";
import type { ApiAnswer, ScenarioContext } from "../support/context.ts";
import { officialFeature } from "../support/official.ts";
import { rawRequest, tamperedToken } from "../support/raw.ts";
import { scenario } from "../support/scenario.ts";

const def = officialFeature({ api: "consent-info", version: "0.2.0", operationId: "retrieveStatus", file: "consent-info.feature", folder: "ConsentInfo" });
const ID = "consent_info_retrieveStatus";
const SCOPE = "consent-info:retrieve";
const PHONE = /^\+[1-9][0-9]{4,14}$/;

function facts(t: ScenarioContext): ConsentFacts {
  t.require(t.target.consents, "the target configuration names no consent test data (consents)");
  return t.target.consents;
}

function who(t: ScenarioContext, s: TestSubscriber | undefined, what: string): TestSubscriber {
  t.require(s, `the target's consent test data names no subscriber ${what}`);
  return s;
}

async function retrieve(t: ScenarioContext, body: unknown, headers?: Record<string, string>): Promise<ApiAnswer> {
  return rawRequest(t, {
    method: "POST",
    url: t.url("consent-info", "/consent-info/v0.2", "/retrieve"),
    headers: headers ?? (await t.headers({ scopes: [SCOPE] })),
    body,
  });
}

const request = (f: ConsentFacts, s: TestSubscriber, extra: Record<string, unknown> = {}) => ({
  phoneNumber: s.phoneNumber,
  scopes: f.scopes,
  purpose: f.purpose,
  requestCaptureUrl: false,
  ...extra,
});

type Item = { scopes: string[]; purpose: string; statusValidForProcessing: boolean; statusReason?: string; expirationDate?: string };

function items(answer: ApiAnswer, f: ConsentFacts): Item[] {
  expect(answer.response.status, "retrieveStatus status").toBe(200);
  const list = (answer.data as { statusInfo: Item[] }).statusInfo;
  expect(list.length, "statusInfo has items").toBeGreaterThan(0);
  for (const i of list) {
    for (const s of i.scopes) expect(f.scopes, "$.statusInfo[*].scopes is a subset of the requested scopes").toContain(s);
    expect(i.purpose, "$.statusInfo[*].purpose").toBe(f.purpose);
  }
  return list;
}

/**
 * Opens the capture URL and answers on the page (as the subscriber's browser would): the redirect's
 * Location. The page is HTML for people, not an API exchange, so it goes through the plain fetch.
 */
async function decide(t: ScenarioContext, captureUrl: string, decision: "grant" | "deny", state?: string): Promise<URL> {
  const open = await fetch(state ? `${captureUrl}?state=${encodeURIComponent(state)}` : captureUrl, { method: "GET" });
  expect(open.status, "the capture page opens").toBe(200);
  const html = await open.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  t.require(action, "the capture page has no form the harness can submit");
  const answer = await fetch(new URL(action.replace(/&amp;/g, "&"), captureUrl).href, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ decision, ...(state ? { state } : {}) }).toString(),
    redirect: "manual",
  });
  expect([302, 303], "the capture page redirects to the callback").toContain(answer.status);
  return new URL(answer.headers.get("location") ?? "");
}

describe("consent-info 0.2.0 retrieveStatus (official)", () => {
  scenario(def(`${ID}_01_generic_success_scenario`, 29, "Common validations for any success scenario", "A valid request answers 200 with a statusInfo list"), async (t: ScenarioContext) => {
    const f = facts(t);
    const answer = await retrieve(t, request(f, who(t, f.valid, "with a valid consent")));
    items(answer, f);
    expect(answer.response.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  });

  scenario(def(`${ID}_02_valid_for_processing`, 38, "Status valid for processing. Data processing is allowed", "A granted consent answers statusValidForProcessing true"), async (t: ScenarioContext) => {
    const f = facts(t);
    for (const i of items(await retrieve(t, request(f, who(t, f.valid, "with a valid consent"))), f)) expect(i.statusValidForProcessing).toBe(true);
  });

  scenario(def(`${ID}_03_not_valid_for_processing`, 51, "Status not valid for processing. Data processing is not allowed", "A denied consent answers false with a statusReason"), async (t: ScenarioContext) => {
    const f = facts(t);
    for (const i of items(await retrieve(t, request(f, who(t, f.denied, "with a denied consent"))), f)) {
      expect(i.statusValidForProcessing).toBe(false);
      expect(i.statusReason, "$.statusReason present").toBeDefined();
    }
  });

  scenario(def(`${ID}_04_valid_for_processing_expiration_date`, 66, "Status valid for processing to be expired in the future", "A time-limited consent answers true with a future expirationDate"), async (t: ScenarioContext) => {
    const f = facts(t);
    const before = Date.now();
    for (const i of items(await retrieve(t, request(f, who(t, f.expiring, "with a time-limited consent"))), f)) {
      expect(i.statusValidForProcessing).toBe(true);
      expect(Date.parse(i.expirationDate ?? ""), "$.expirationDate in the future").toBeGreaterThan(before);
    }
  });

  scenario(def(`${ID}_05_not_valid_for_processing_expiration_date`, 81, "Status not valid for processing. Already expired", "An expired consent answers false, EXPIRED, a past expirationDate"), async (t: ScenarioContext) => {
    const f = facts(t);
    const after = Date.now() + 60_000;
    for (const i of items(await retrieve(t, request(f, who(t, f.expired, "with an expired consent"))), f)) {
      expect(i.statusValidForProcessing).toBe(false);
      expect(i.statusReason).toBe("EXPIRED");
      expect(Date.parse(i.expirationDate ?? ""), "$.expirationDate in the past").toBeLessThan(after);
    }
  });

  scenario(def(`${ID}_06_captureUrl`, 96, "API Consumer requests API Provider to return a Consent capture URL", "requestCaptureUrl with a consent needing action answers a captureUrl"), async (t: ScenarioContext) => {
    const f = facts(t);
    const answer = await retrieve(t, request(f, who(t, f.requested, "with a requested consent"), { requestCaptureUrl: true }));
    for (const i of items(answer, f)) {
      expect(i.statusValidForProcessing).toBe(false);
      expect(["PENDING", "REQUESTED", "EXPIRED"]).toContain(i.statusReason);
    }
    const url = (answer.data as { captureUrl?: string }).captureUrl;
    expect(() => new URL(url ?? ""), "$.captureUrl is a URL").not.toThrow();
  });

  scenario(def(`${ID}_07_callback`, 114, "API Consumer requests a callback URL to which the User shall be redirected once the Consent Capture process ends", "The capture journey ends on the callbackUrl with capture_result"), async (t: ScenarioContext) => {
    const f = facts(t);
    const callbackUrl = "https://consumer.example.com/consent/callback";
    const answer = await retrieve(t, request(f, who(t, f.pending[0], "without a decision"), { requestCaptureUrl: true, callbackUrl }));
    const captureUrl = (answer.data as { captureUrl?: string }).captureUrl;
    t.require(captureUrl, "the subscriber without a decision has decided since (an earlier run): reset the target");
    const landed = await decide(t, captureUrl, "deny");
    expect(`${landed.origin}${landed.pathname}`).toBe(callbackUrl);
    expect(["granted", "partial_grant", "denied", "error", "timeout"]).toContain(landed.searchParams.get("capture_result"));
  });

  scenario(def(`${ID}_08_callback_state`, 124, "API Consumer requests a callback URL and includes a `state` query parameter when opening the Consent Capture URL", "The callback carries the state the capture URL was opened with"), async (t: ScenarioContext) => {
    const f = facts(t);
    const callbackUrl = "https://consumer.example.com/consent/callback";
    const answer = await retrieve(t, request(f, who(t, f.pending[1], "without a decision (a second one)"), { requestCaptureUrl: true, callbackUrl }));
    const captureUrl = (answer.data as { captureUrl?: string }).captureUrl;
    t.require(captureUrl, "the subscriber without a decision has decided since (an earlier run): reset the target");
    const landed = await decide(t, captureUrl, "grant", "xyz-123");
    expect(landed.searchParams.get("capture_result")).toBe("granted");
    expect(landed.searchParams.get("state")).toBe("xyz-123");
    // the grant is in force at once
    for (const i of items(await retrieve(t, request(f, f.pending[1])), f)) expect(i.statusValidForProcessing).toBe(true);
  });

  scenario(def(`${ID}_C02.01_phone_number_not_schema_compliant`, 137, "Phone number value does not comply with the schema", "A phoneNumber outside the pattern answers 400 INVALID_ARGUMENT"), async (t: ScenarioContext) => {
    const f = facts(t);
    t.expectError(await retrieve(t, { ...request(f, { phoneNumber: "34600000001" }) }), 400, "INVALID_ARGUMENT");
  });

  scenario(def(`${ID}_C02.02_phone_number_not_found`, 147, "Phone number not found", "An unknown phoneNumber answers 404 IDENTIFIER_NOT_FOUND"), async (t: ScenarioContext) => {
    const f = facts(t);
    expect(t.target.subscribers.unknown.phoneNumber).toMatch(PHONE);
    t.expectError(await retrieve(t, request(f, t.target.subscribers.unknown)), 404, "IDENTIFIER_NOT_FOUND");
  });

  scenario(def(`${ID}_C02.03_unnecessary_phone_number`, 157, "Phone number not to be included when it can be deduced from the access token", "A 3-legged token and a phoneNumber answer 422 UNNECESSARY_IDENTIFIER"), async (t: ScenarioContext) => {
    const f = facts(t);
    const s = who(t, f.valid, "with a valid consent");
    const headers = await t.headers({ scopes: [SCOPE], subscriber: s });
    t.expectError(await retrieve(t, request(f, s), headers), 422, "UNNECESSARY_IDENTIFIER");
  });

  scenario(def(`${ID}_C02.04_missing_phone_number`, 167, "Phone number not included and cannot be deducted from the access token", "A 2-legged token without phoneNumber answers 422 MISSING_IDENTIFIER"), async (t: ScenarioContext) => {
    const f = facts(t);
    const { phoneNumber: _, ...body } = request(f, { phoneNumber: "+10000000000" });
    t.expectError(await retrieve(t, body), 422, "MISSING_IDENTIFIER");
  });

  scenario(def(`${ID}_C02.05_phone_number_not_supported`, 178, "Service not available for the phone number", "A line the service does not apply to answers 422 SERVICE_NOT_APPLICABLE"), async (t: ScenarioContext) => {
    const f = facts(t);
    t.expectError(await retrieve(t, request(f, who(t, f.notApplicable, "to which Consent Info does not apply"))), 422, "SERVICE_NOT_APPLICABLE");
  });

  scenario(def(`${ID}_400.1_schema_not_compliant`, 192, "Invalid Argument. Generic Syntax Exception", "A body outside the schema answers 400 INVALID_ARGUMENT"), async (t: ScenarioContext) => {
    const f = facts(t);
    t.expectError(await retrieve(t, { ...request(f, who(t, f.valid, "with a valid consent")), scopes: [] }), 400, "INVALID_ARGUMENT");
  });

  scenario(def(`${ID}_400.2_no_request_body`, 201, "Missing request body", "No body answers 400 INVALID_ARGUMENT"), async (t: ScenarioContext) => {
    t.expectError(await retrieve(t, undefined), 400, "INVALID_ARGUMENT");
  });

  scenario(def(`${ID}_400.3_empty_request_body`, 210, "Empty object as request body", "{} answers 400 INVALID_ARGUMENT"), async (t: ScenarioContext) => {
    t.expectError(await retrieve(t, {}), 400, "INVALID_ARGUMENT");
  });

  scenario(def(`${ID}_400.4_x_correlator_not_compliant`, 219, "Invalid x-correlator header", "An x-correlator outside the pattern answers 400 INVALID_ARGUMENT"), async (t: ScenarioContext) => {
    const f = facts(t);
    const headers = await t.headers({ scopes: [SCOPE] }, { "x-correlator": "not valid: spaces & symbols!" });
    t.expectError(await retrieve(t, request(f, who(t, f.valid, "with a valid consent")), headers), 400, "INVALID_ARGUMENT");
  });

  for (const [suffix, line, title, kind] of [
    ["401.1_no_authorization_header", 231, "No Authorization header", "missing"],
    ["401.2_expired_access_token", 241, "Expired access token", "expired"],
    ["401.3_invalid_access_token", 251, "Invalid access token", "invalid"],
  ] as const) {
    scenario(def(`${ID}_${suffix}`, line, title, "A missing, expired or invalid token answers 401 UNAUTHENTICATED"), async (t: ScenarioContext) => {
      const f = facts(t);
      let headers: Record<string, string>;
      if (kind === "missing") {
        const { authorization: _, ...rest } = await t.headers("unused");
        headers = rest;
      } else headers = await t.headers(kind === "expired" ? await t.token({ scopes: [SCOPE], expired: true }) : tamperedToken(await t.token({ scopes: [SCOPE] })));
      t.expectError(await retrieve(t, request(f, who(t, f.valid, "with a valid consent")), headers), 401, "UNAUTHENTICATED");
    });
  }

  scenario(def(`${ID}_403.1_invalid_token_permissions`, 264, "Inconsistent access token permissions", "A token without consent-info:retrieve answers 403 PERMISSION_DENIED"), async (t: ScenarioContext) => {
    const f = facts(t);
    const headers = await t.headers({ scopes: ["qos-profiles:read"] });
    t.expectError(await retrieve(t, request(f, who(t, f.valid, "with a valid consent")), headers), 403, "PERMISSION_DENIED");
  });

  scenario(def(`${ID}_01_not_allowed_scopes_purpose`, 278, "The requested scope(s) and Purpose combination is not allowed", "Scopes and purpose the consumer was not onboarded for answer 403 CONSENT_INFO.NOT_ALLOWED_SCOPES_PURPOSE"), async (t: ScenarioContext) => {
    const f = facts(t);
    const body = { ...request(f, who(t, f.valid, "with a valid consent")), purpose: "dpv:Marketing" };
    t.expectError(await retrieve(t, body), 403, "CONSENT_INFO.NOT_ALLOWED_SCOPES_PURPOSE");
  });

  scenario(def(`${ID}_02_capture_frequency_exceeded`, 291, "The API Consumer has exceeded the maximum number of captureUrl requests", "Asking for capture links again and again ends in 403 CONSENT_INFO.CAPTURE_FREQUENCY_EXCEEDED"), async (t: ScenarioContext) => {
    const f = facts(t);
    const s = who(t, f.requested, "with a requested consent");
    let last: ApiAnswer | undefined;
    for (let i = 0; i < 30; i++) {
      last = await retrieve(t, request(f, s, { requestCaptureUrl: true }));
      if (last.response.status !== 200) break;
    }
    t.expectError(last!, 403, "CONSENT_INFO.CAPTURE_FREQUENCY_EXCEEDED");
  });

  scenario(def(`${ID}_03_invalid_callback_url`, 303, "The provided callback URL is invalid", "A plain-http, non-loopback callbackUrl answers 403 CONSENT_INFO.INVALID_CALLBACK_URL"), async (t: ScenarioContext) => {
    const f = facts(t);
    const body = request(f, who(t, f.requested, "with a requested consent"), { requestCaptureUrl: true, callbackUrl: "http://consumer.example.com/callback" });
    t.expectError(await retrieve(t, body), 403, "CONSENT_INFO.INVALID_CALLBACK_URL");
  });
});
