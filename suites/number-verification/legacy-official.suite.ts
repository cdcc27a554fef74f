/**
 * Number Verification 2.0.0 (Spring25, official r2.4 definitions) and 1.0.0 (Fall24, r1.3): every
 * scenario of their verify and device-phone-number-share feature files under its official id. Both
 * releases use the same ids for the same situations; r1.3 also has the INVALID_TOKEN_CONTEXT cases
 * (a token that identifies no phone number), which r2.4 comments out. A Scenario Outline becomes one
 * scenario per Examples row. Each scenario runs only in the release of its version.
 */
import { describe, expect } from "vitest";
import { unauthenticatedHeaders } from "../support/auth-cases.ts";
import { officialFeature } from "../support/official.ts";
import type { ScenarioContext } from "../support/context.ts";
import { scenario } from "../support/scenario.ts";
import type { ApiAnswer } from "../support/context.ts";
import {
  API, NOT_BY_NETWORK, SHARE_SCOPE, VERIFY_SCOPE, cibaToken, networkToken, otherNumber, sha256Hex, share, verified, verify, verifyingNumber,
} from "./nv-release.ts";

type Case = (t: ScenarioContext) => Promise<void>;
const verifyWith = (body: (t: ScenarioContext) => unknown, want: boolean): Case => async (t) => {
  expect(verified(await verify(t, body(t), await networkToken(t, [VERIFY_SCOPE]))), "devicePhoneNumberVerified").toBe(want);
};
const error = (call: (t: ScenarioContext) => Promise<ApiAnswer>, status: number, code: string): Case => async (t) => t.expectError(await call(t), status, code);
const own = (t: ScenarioContext) => ({ phoneNumber: verifyingNumber(t) });

const CASES: Record<string, { title: string; rule: string; run: Case }> = {
  verify100: { title: "own number matches", rule: "own number, plain: true", run: verifyWith(own, true) },
  verify300: { title: "own hashed number matches", rule: "own number, SHA-256 hex: true", run: verifyWith((t) => ({ hashedPhoneNumber: sha256Hex(verifyingNumber(t)) }), true) },
  verify101: { title: "another number does not match", rule: "another number, plain: false", run: verifyWith((t) => ({ phoneNumber: otherNumber(t) }), false) },
  verify301: { title: "another hashed number does not match", rule: "another number, SHA-256 hex: false", run: verifyWith((t) => ({ hashedPhoneNumber: sha256Hex(otherNumber(t)) }), false) },
  verify200: { title: "no number", rule: "{} answers 400 INVALID_ARGUMENT", run: error(async (t) => verify(t, {}, await networkToken(t, [VERIFY_SCOPE])), 400, "INVALID_ARGUMENT") },
  verify201: { title: "missing scope", rule: "403 PERMISSION_DENIED", run: error(async (t) => verify(t, own(t), await networkToken(t, ["qos-profiles:read"])), 403, "PERMISSION_DENIED") },
  verify202: { title: "expired token", rule: "401 UNAUTHENTICATED", run: error(async (t) => verify(t, own(t), await unauthenticatedHeaders(t, "expired", [VERIFY_SCOPE])), 401, "UNAUTHENTICATED") },
  verify203: {
    title: "both plain and hashed",
    rule: "400 INVALID_ARGUMENT",
    run: error(async (t) => verify(t, { ...own(t), hashedPhoneNumber: sha256Hex(verifyingNumber(t)) }, await networkToken(t, [VERIFY_SCOPE])), 400, "INVALID_ARGUMENT"),
  },
  verify204: { title: "token without phone number", rule: "403 INVALID_TOKEN_CONTEXT", run: error(async (t) => verify(t, own(t), await t.token({ scopes: [VERIFY_SCOPE] })), 403, "INVALID_TOKEN_CONTEXT") },
  verify205: { title: "not network-based", rule: `403 ${NOT_BY_NETWORK}`, run: error(async (t) => verify(t, own(t), await cibaToken(t, [VERIFY_SCOPE])), 403, NOT_BY_NETWORK) },
  share100: {
    title: "shares own number",
    rule: "devicePhoneNumber is the token's number",
    run: async (t) => {
      const answer = await share(t, await networkToken(t, [SHARE_SCOPE]));
      expect(answer.response.status, "status").toBe(200);
      expect((answer.data as { devicePhoneNumber?: string }).devicePhoneNumber, "devicePhoneNumber").toBe(verifyingNumber(t));
    },
  },
  share201: { title: "missing scope", rule: "403 PERMISSION_DENIED", run: error(async (t) => share(t, await networkToken(t, ["qos-profiles:read"])), 403, "PERMISSION_DENIED") },
  share202: { title: "expired token", rule: "401 UNAUTHENTICATED", run: error(async (t) => share(t, await unauthenticatedHeaders(t, "expired", [SHARE_SCOPE])), 401, "UNAUTHENTICATED") },
  share203: { title: "token without phone number", rule: "403 INVALID_TOKEN_CONTEXT", run: error(async (t) => share(t, await t.token({ scopes: [SHARE_SCOPE] })), 403, "INVALID_TOKEN_CONTEXT") },
  share205: { title: "not network-based", rule: `403 ${NOT_BY_NETWORK}`, run: error(async (t) => share(t, await cibaToken(t, [SHARE_SCOPE])), 403, NOT_BY_NETWORK) },
};

const SCHEMA_ROWS = ["string_value", "1234567890", "+12334foo22222", "+00012230304913849", "123"];

interface Release {
  version: string;
  folder: string;
  /** [official id, Scenario line, case key] */
  verify: [string, number, string][];
  share: [string, number, string][];
  schemaLine: number;
}

const RELEASES: Release[] = [
  {
    version: "2.0.0",
    folder: "legacy/NumberVerification/r2.4",
    schemaLine: 29,
    verify: [
      ["verify100_match_true", 48, "verify100"], ["verify300_match_hashed_true", 62, "verify300"], ["verify101_match_false", 76, "verify101"],
      ["verify301_match_false", 90, "verify301"], ["verify200_missing_phone_number_in_request", 104, "verify200"], ["verify201_missing_scope", 120, "verify201"],
      ["verify202_expired_access_token", 136, "verify202"], ["verify203_both_phone_number_and_hashed_in_request", 153, "verify203"],
      ["phone_number_verify205_must_have_used_network_or_sim_based_authentication", 187, "verify205"],
    ],
    share: [
      ["phone_number_share100_match_true", 28, "share100"], ["phone_number_share201_missing_scope", 40, "share201"],
      ["phone_number_share202_expired_access_token", 56, "share202"], ["phone_number_share205_must_have_used_network_or_sim_based_authentication", 89, "share205"],
    ],
  },
  {
    version: "1.0.0",
    folder: "legacy/NumberVerification/r1.3",
    schemaLine: 30,
    verify: [
      ["verify100_match_true", 49, "verify100"], ["verify300_match_hashed_true", 63, "verify300"], ["verify101_match_false", 77, "verify101"],
      ["verify301_match_false", 91, "verify301"], ["verify200_missing_phone_number_in_request", 105, "verify200"], ["verify201_missing_scope", 121, "verify201"],
      ["verify202_expired_access_token", 137, "verify202"], ["verify203_both_phone_number_and_hashed_in_request", 154, "verify203"],
      ["phone_number_verify204_no_phonenumber_associated_with_access_token", 171, "verify204"],
      ["phone_number_verify205_must_have_used_network_authentication", 187, "verify205"],
    ],
    share: [
      ["phone_number_share100_match_true", 29, "share100"], ["phone_number_share201_missing_scope", 41, "share201"],
      ["phone_number_share202_expired_access_token", 57, "share202"], ["phone_number_share203_no_phonenumber_associated_with_access_token", 73, "share203"],
      ["phone_number_share205_must_have_used_network_authentication", 89, "share205"],
    ],
  },
];

for (const r of RELEASES) {
  const feature = (operationId: string, file: string) => officialFeature({ api: API, version: r.version, operationId, file, folder: r.folder });
  const verifyDef = feature("phoneNumberVerify", "number-verification-verify.feature");
  const shareDef = feature("phoneNumberShare", "number-verification-device-phone-number-share.feature");
  describe(`number-verification ${r.version} (official ${r.folder.split("/").pop()})`, () => {
    for (const row of SCHEMA_ROWS) {
      scenario(
        verifyDef("NumberVerification_verify0_phoneNumber_does_not_match_schema", r.schemaLine, "phoneNumber value does not comply with the schema", "400 INVALID_ARGUMENT", row),
        error(async (t) => verify(t, { phoneNumber: row }, await networkToken(t, [VERIFY_SCOPE])), 400, "INVALID_ARGUMENT"),
      );
    }
    for (const [id, line, key] of r.verify) scenario(verifyDef(`NumberVerification_${id}`, line, `verify: ${CASES[key].title}`, CASES[key].rule), CASES[key].run);
    for (const [id, line, key] of r.share) scenario(shareDef(`NumberVerification_${id}`, line, `share: ${CASES[key].title}`, CASES[key].rule), CASES[key].run);
  });
}
