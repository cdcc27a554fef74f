/**
 * Number Verification 2.1.0 phoneNumberVerify, every scenario of the official Fall25 test
 * definitions (number-verification-phoneNumberVerify.feature) under its official id. The numbers
 * come from the target's known lines (lines.numberVerification); the invalid token of 401.3 is a
 * real one with an altered signature.
 */
import { describe, expect } from "vitest";
import { type UnauthenticatedKind, unauthenticatedHeaders } from "../support/auth-cases.ts";
import { officialFeature } from "../support/official.ts";
import { scenario } from "../support/scenario.ts";
import { API, NOT_BY_NETWORK, VERIFY_SCOPE, cibaToken, networkToken, otherNumber, sha256Hex, verified, verify, verifyingNumber } from "./nv-release.ts";

const def = officialFeature({
  api: API,
  version: "2.1.0",
  operationId: "phoneNumberVerify",
  file: "number-verification-phoneNumberVerify.feature",
  folder: "NumberVerification",
});
const RESULT = "devicePhoneNumberVerified is true exactly for the number of the network-authenticated subscriber";

describe("number-verification 2.1.0 phoneNumberVerify (official)", () => {
  scenario(
    def("phone_number_verify_01_generic_success_scenario", 21, "Common validations for any success scenario",
      "A valid request answers 200 application/json NumberVerificationMatchResponse with the x-correlator echoed"),
    async (t) => {
      const answer = await verify(t, { phoneNumber: verifyingNumber(t) }, await networkToken(t, [VERIFY_SCOPE]));
      expect(answer.response.status, "status").toBe(200);
      expect(answer.response.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json\b/);
      expect(typeof (answer.data as { devicePhoneNumberVerified?: unknown }).devicePhoneNumberVerified, "devicePhoneNumberVerified").toBe("boolean");
    },
  );

  const outcomes: [string, number, string, (t: Parameters<typeof verifyingNumber>[0]) => Record<string, string>, boolean][] = [
    ["phone_number_verify.02_validate_phone_number_success_true", 31, "Validate success with phone number when response is true", (t) => ({ phoneNumber: verifyingNumber(t) }), true],
    ["phone_number_verify.03_validate_phone_number_success_false", 40, "Validate success with phone number when response is false", (t) => ({ phoneNumber: otherNumber(t) }), false],
    ["phone_number_verify.04_validate_hashed_phone_number_success_true", 49, "Validate success with hashed phone number when response is true", (t) => ({ hashedPhoneNumber: sha256Hex(verifyingNumber(t)) }), true],
    ["phone_number_verify.05_validate_hashed_phone_number_success_false", 58, "Validate success with hashed phone number when response is false", (t) => ({ hashedPhoneNumber: sha256Hex(otherNumber(t)) }), false],
  ];
  for (const [id, line, title, body, want] of outcomes) {
    scenario(def(id, line, title, RESULT), async (t) => {
      const answer = await verify(t, body(t), await networkToken(t, [VERIFY_SCOPE]));
      expect(verified(answer), "devicePhoneNumberVerified").toBe(want);
    });
  }

  const invalid: [string, number, string, (t: Parameters<typeof verifyingNumber>[0]) => unknown][] = [
    ["phone_number_verify_400.1_no_request_body", 69, "Missing request body", () => undefined],
    ["phone_number_verify_400.2_empty_request_body", 78, "Empty object as request body", () => ({})],
    ["phone_number_verify_400.3_invalid_request_non_existing_property", 87, "Error when request body contains a property but it is neither phoneNumber nor hashedPhoneNumber", () => ({ additional_property: "foo_value" })],
    ["phone_number_verify_400.4_both_phone_number_and_hashed_in_request", 99, "Response error when phoneNumber and hashedPhoneNumber are provided together in the request body",
      (t) => ({ phoneNumber: verifyingNumber(t), hashedPhoneNumber: sha256Hex(verifyingNumber(t)) })],
  ];
  for (const [id, line, title, body] of invalid) {
    scenario(def(id, line, title, "A body that does not hold exactly one of phoneNumber or hashedPhoneNumber answers 400 INVALID_ARGUMENT"), async (t) => {
      t.expectError(await verify(t, body(t), await networkToken(t, [VERIFY_SCOPE])), 400, "INVALID_ARGUMENT");
    });
  }

  const unauthenticated: [string, number, string, UnauthenticatedKind][] = [
    ["phone_number_verify_401.1_no_authorization_header", 111, "No Authorization header", "missing"],
    ["phone_number_verify_401.2_expired_access_token", 121, "Expired access token", "expired"],
    ["phone_number_verify_401.3_invalid_access_token", 131, "Invalid access token", "invalid"],
  ];
  for (const [id, line, title, kind] of unauthenticated) {
    scenario(def(id, line, title, "A missing, expired or invalid access token answers 401 UNAUTHENTICATED"), async (t) => {
      const headers = await unauthenticatedHeaders(t, kind, [VERIFY_SCOPE]);
      t.expectError(await verify(t, { phoneNumber: verifyingNumber(t) }, headers), 401, "UNAUTHENTICATED");
    });
  }

  scenario(
    def("phoneNumberVerify_403.1_invalid_token_permissions", 143, "Access token does not have the required permissions",
      "A network-authenticated token without number-verification:verify answers 403 PERMISSION_DENIED"),
    async (t) => {
      t.expectError(await verify(t, { phoneNumber: verifyingNumber(t) }, await networkToken(t, ["qos-profiles:read"])), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def("phoneNumberVerify_403.2_not_authenticated_using_network_or_sim_based_authentication", 154,
      "Response error when the token has not been obtained by a supported authentication method",
      `A 3-legged token obtained without network-based authentication (CIBA) answers 403 ${NOT_BY_NETWORK}`),
    async (t) => {
      t.expectError(await verify(t, { phoneNumber: verifyingNumber(t) }, await cibaToken(t, [VERIFY_SCOPE])), 403, NOT_BY_NETWORK);
    },
  );

  scenario(
    def("phone_number_verify_C02.01_phone_number_not_schema_compliant", 167, "Phone number value does not comply with the schema",
      "A phoneNumber that is not +E.164 answers 400 INVALID_ARGUMENT (2-legged token: it identifies no single number)"),
    async (t) => {
      t.expectError(await verify(t, { phoneNumber: "0034600000001" }, await t.token({ scopes: [VERIFY_SCOPE] })), 400, "INVALID_ARGUMENT");
    },
  );
});
