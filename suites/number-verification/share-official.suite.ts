/**
 * Number Verification 2.1.0 phoneNumberShare, every scenario of the official Fall25 test
 * definitions (number-verification-phoneNumberShare.feature) under its official id. That file
 * reuses the verify file's ids for its 401 scenarios: they carry the `.phoneNumberShare` suffix here
 * so that a report row stays unique and still maps back to the official id.
 */
import { describe, expect } from "vitest";
import { type UnauthenticatedKind, unauthenticatedHeaders } from "../support/auth-cases.ts";
import { officialFeature } from "../support/official.ts";
import { scenario } from "../support/scenario.ts";
import { API, NOT_BY_NETWORK, SHARE_SCOPE, cibaToken, networkToken, share, verifyingNumber } from "./nv-release.ts";

const def = officialFeature({
  api: API,
  version: "2.1.0",
  operationId: "phoneNumberShare",
  file: "number-verification-phoneNumberShare.feature",
  folder: "NumberVerification",
});

describe("number-verification 2.1.0 phoneNumberShare (official)", () => {
  scenario(
    def("phone_number_share_01_generic_success_scenario", 20, "Common validations for any success scenario",
      "A valid request answers 200 application/json NumberVerificationShareResponse with the x-correlator echoed"),
    async (t) => {
      const answer = await share(t, await networkToken(t, [SHARE_SCOPE]));
      expect(answer.response.status, "status").toBe(200);
      expect(answer.response.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json\b/);
    },
  );

  scenario(
    def("phone_number_share_02_success_scenario", 30, "Validate success scenario",
      "devicePhoneNumber is the phone number associated with the access token"),
    async (t) => {
      const answer = await share(t, await networkToken(t, [SHARE_SCOPE]));
      expect(answer.response.status, "status").toBe(200);
      expect((answer.data as { devicePhoneNumber?: string }).devicePhoneNumber, "devicePhoneNumber").toBe(verifyingNumber(t));
    },
  );

  const unauthenticated: [string, number, string, UnauthenticatedKind][] = [
    ["phone_number_verify_401.1_no_authorization_header", 38, "No Authorization header", "missing"],
    ["phone_number_verify_401.2_expired_access_token", 47, "Expired access token", "expired"],
    ["phone_number_verify_401.3_invalid_access_token", 56, "Invalid access token", "invalid"],
  ];
  for (const [id, line, title, kind] of unauthenticated) {
    scenario(def(id, line, title, "A missing, expired or invalid access token answers 401 UNAUTHENTICATED", "phoneNumberShare"), async (t) => {
      t.expectError(await share(t, await unauthenticatedHeaders(t, kind, [SHARE_SCOPE])), 401, "UNAUTHENTICATED");
    });
  }

  scenario(
    def("phoneNumberShare_403.1_invalid_token_permissions", 67, "Access token does not have the required permissions",
      "A network-authenticated token without number-verification:device-phone-number:read answers 403 PERMISSION_DENIED"),
    async (t) => {
      t.expectError(await share(t, await networkToken(t, ["qos-profiles:read"])), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def("phoneNumberShare_403.2_not_authenticated_using_network_or_sim_based_authentication", 77,
      "Response error when the token has not been obtained by a supported authentication method",
      `A 3-legged token obtained without network-based authentication (CIBA) answers 403 ${NOT_BY_NETWORK}`),
    async (t) => {
      t.expectError(await share(t, await cibaToken(t, [SHARE_SCOPE])), 403, NOT_BY_NETWORK);
    },
  );
});
