/**
 * Number Verification semantics beyond the shape (layer "api", for the version of the target's
 * release): the answer is true exactly for the network-authenticated subscriber's own number, given
 * plain or as the hex SHA-256 of "+E.164" (either case), and false for any other number, including
 * the hash of the same digits without "+"; device-phone-number shares that same number; a token
 * not obtained by network-based authentication gets the version's documented 403.
 */
import { describe, expect } from "vitest";
import { apiScenario } from "../support/official.ts";
import { scenario } from "../support/scenario.ts";
import {
  API, NOT_BY_NETWORK, SHARE_SCOPE, VERIFY_SCOPE, cibaToken, networkToken, nvOfRelease, otherNumber, sha256Hex, share, verified, verify, verifyingNumber,
} from "./nv-release.ts";

const NV = nvOfRelease();
const def = (operationId: string) => apiScenario(API, NV.version, operationId);
const ID = "number_verification_semantics";
const TRUE_RULE = "devicePhoneNumberVerified is true exactly when the number is the one of the network-authenticated subscriber";

describe(`number-verification ${NV.version} semantics (api)`, () => {
  const cases: { n: string; title: string; body: (t: Parameters<typeof verifyingNumber>[0]) => Record<string, string>; want: boolean }[] = [
    { n: "01_own_plain_true", title: "Own number, plain: true", body: (t) => ({ phoneNumber: verifyingNumber(t) }), want: true },
    { n: "02_own_hashed_true", title: "Own number, SHA-256 hex (lower case): true", body: (t) => ({ hashedPhoneNumber: sha256Hex(verifyingNumber(t)) }), want: true },
    {
      n: "03_own_hashed_upper_true",
      title: "Own number, SHA-256 hex in upper case: true",
      body: (t) => ({ hashedPhoneNumber: sha256Hex(verifyingNumber(t)).toUpperCase() }),
      want: true,
    },
    { n: "04_other_plain_false", title: "Another subscriber's number, plain: false", body: (t) => ({ phoneNumber: otherNumber(t) }), want: false },
    { n: "05_other_hashed_false", title: "Another subscriber's number, hashed: false", body: (t) => ({ hashedPhoneNumber: sha256Hex(otherNumber(t)) }), want: false },
    {
      n: "06_hash_without_plus_false",
      title: "The hash of the own number's digits without '+': false",
      body: (t) => ({ hashedPhoneNumber: sha256Hex(verifyingNumber(t).slice(1)) }),
      want: false,
    },
  ];
  for (const c of cases) {
    scenario(def("phoneNumberVerify")(`${ID}_${c.n}`, c.title, `${TRUE_RULE}; hashedPhoneNumber is the hex SHA-256 of "+E.164"`), async (t) => {
      const body = c.body(t);
      const answer = await verify(t, body, await networkToken(t, [VERIFY_SCOPE]));
      expect(verified(answer), `devicePhoneNumberVerified for ${JSON.stringify(body)}`).toBe(c.want);
    });
  }

  scenario(
    def("phoneNumberShare")(`${ID}_07_share_own_number`, "device-phone-number shares the authenticated number",
      "devicePhoneNumber is the number of the network-authenticated subscriber, and that number verifies"),
    async (t) => {
      const answer = await share(t, await networkToken(t, [SHARE_SCOPE]));
      expect(answer.response.status, "phoneNumberShare status").toBe(200);
      expect((answer.data as { devicePhoneNumber?: string }).devicePhoneNumber, "devicePhoneNumber").toBe(verifyingNumber(t));
    },
  );

  scenario(
    def("phoneNumberVerify")(`${ID}_08_two_legged_verify_403`, "A 2-legged token cannot verify a number",
      `A token that identifies no end user answers 403 ${NV.twoLeggedCodes.join(" or ")}`),
    async (t) => {
      const answer = await verify(t, { phoneNumber: verifyingNumber(t) }, await t.token({ scopes: [VERIFY_SCOPE] }));
      t.expectError(answer, 403, NV.twoLeggedCodes);
    },
  );

  scenario(
    def("phoneNumberShare")(`${ID}_09_two_legged_share_403`, "A 2-legged token cannot share a number",
      `A token that identifies no end user answers 403 ${NV.twoLeggedCodes.join(" or ")}`),
    async (t) => {
      t.expectError(await share(t, await t.token({ scopes: [SHARE_SCOPE] })), 403, NV.twoLeggedCodes);
    },
  );

  scenario(
    def("phoneNumberVerify")(`${ID}_10_ciba_verify_403`, "A 3-legged token from CIBA (not network-based) cannot verify, even its own number",
      `A 3-legged token whose end user was not authenticated by the mobile network answers 403 ${NOT_BY_NETWORK}`),
    async (t) => {
      t.expectError(await verify(t, { phoneNumber: verifyingNumber(t) }, await cibaToken(t, [VERIFY_SCOPE])), 403, NOT_BY_NETWORK);
    },
  );

  scenario(
    def("phoneNumberShare")(`${ID}_11_ciba_share_403`, "A 3-legged token from CIBA (not network-based) cannot share the number",
      `A 3-legged token whose end user was not authenticated by the mobile network answers 403 ${NOT_BY_NETWORK}`),
    async (t) => {
      t.expectError(await share(t, await cibaToken(t, [SHARE_SCOPE])), 403, NOT_BY_NETWORK);
    },
  );
});
