/**
 * Number Verification as the target's release has it (2.1.0 Fall25, 2.0.0 Spring25, 1.0.0 Fall24):
 * its version and base path, the 403 code a token without an end user gets (1.0.0 documents
 * INVALID_TOKEN_CONTEXT; 2.x only NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK), and
 * the calls and tokens the scenarios of this folder share. The numbers come from the target's known
 * lines (`lines.numberVerification`): the one the network-authenticated token identifies, and another.
 */
import { createHash } from "node:crypto";
import { expect, inject } from "vitest";
import { BASE_PATH as BASE_PATH_1_0_0 } from "../../generated/number-verification/1.0.0/client.ts";
import { BASE_PATH as BASE_PATH_2_0_0 } from "../../generated/number-verification/2.0.0/client.ts";
import { BASE_PATH as BASE_PATH_2_1_0 } from "../../generated/number-verification/2.1.0/client.ts";
import { releaseApis } from "../../src/apis/registry.ts";
import type { ApiAnswer, ScenarioContext } from "../support/context.ts";
import { rawRequest } from "../support/raw.ts";

export const API = "number-verification";
export const VERIFY_SCOPE = "number-verification:verify";
export const SHARE_SCOPE = "number-verification:device-phone-number:read";
export const NOT_BY_NETWORK = "NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK";

export interface NvVersion {
  version: string;
  basePath: string;
  /** the 403 code(s) of a 2-legged token, which identifies no end user */
  twoLeggedCodes: string[];
}

const VERSIONS: Record<string, Omit<NvVersion, "version">> = {
  "2.1.0": { basePath: BASE_PATH_2_1_0, twoLeggedCodes: [NOT_BY_NETWORK] },
  "2.0.0": { basePath: BASE_PATH_2_0_0, twoLeggedCodes: [NOT_BY_NETWORK] },
  "1.0.0": { basePath: BASE_PATH_1_0_0, twoLeggedCodes: ["INVALID_TOKEN_CONTEXT"] },
};

/** NV of the target's release; a release without NV falls back to 2.1.0 (its scenarios then skip themselves). */
export function nvOfRelease(release: string = inject("target").release): NvVersion {
  const version = releaseApis(release)[API];
  return version && VERSIONS[version] ? { version, ...VERSIONS[version] } : { version: "2.1.0", ...VERSIONS["2.1.0"] };
}

/** SHA-256 of the E.164 string with its "+", hex (spec: hashedPhoneNumber). */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The number the network-authenticated token identifies, or a skip naming the key to declare. */
export function verifyingNumber(t: ScenarioContext): string {
  const n = t.target.lines?.numberVerification?.verifies;
  t.require(n, "the target declares no number that verifies (lines.numberVerification.verifies)");
  return n;
}

/** A valid number of another subscriber, or a skip naming the key to declare. */
export function otherNumber(t: ScenarioContext): string {
  const n = t.target.lines?.numberVerification?.doesNotVerify;
  t.require(n, "the target declares no number that does not verify (lines.numberVerification.doesNotVerify)");
  return n;
}

/** A token obtained by network-based authentication for the verifying number. */
export async function networkToken(t: ScenarioContext, scopes: string[]): Promise<string> {
  const phoneNumber = verifyingNumber(t);
  // a static token cannot be narrowed to other scopes: only minted tokens can lack the API's scope
  const own = scopes.includes(VERIFY_SCOPE) || scopes.includes(SHARE_SCOPE);
  t.require(own || t.target.auth.mintUrl, "a network-authenticated token without the API's scope can only be minted (our mock's /_harness/tokens)");
  return t.token({ scopes, subscriber: { phoneNumber }, networkAuth: true });
}

/** A 3-legged token for the verifying number obtained WITHOUT network-based authentication (CIBA). */
export async function cibaToken(t: ScenarioContext, scopes: string[]): Promise<string> {
  t.require(t.target.auth.bcAuthorizeUrl, "the target offers no CIBA endpoint (auth.bcAuthorizeUrl): no 3-legged token without network authentication");
  return t.token({ scopes, subscriber: { phoneNumber: verifyingNumber(t) } });
}

export async function verify(t: ScenarioContext, body: unknown, token: string | Record<string, string>): Promise<ApiAnswer> {
  const headers = typeof token === "string" ? await t.headers(token) : token;
  return rawRequest(t, { method: "POST", url: t.url(API, nvOfRelease(t.target.release).basePath, "/verify"), headers, body });
}

export async function share(t: ScenarioContext, token: string | Record<string, string>): Promise<ApiAnswer> {
  const headers = typeof token === "string" ? await t.headers(token) : token;
  const { "content-type": _, ...withoutBody } = headers;
  return rawRequest(t, { method: "GET", url: t.url(API, nvOfRelease(t.target.release).basePath, "/device-phone-number"), headers: withoutBody });
}

/** `devicePhoneNumberVerified` of a 200 answer (the status is asserted first). */
export function verified(answer: ApiAnswer): unknown {
  expect(answer.response.status, `phoneNumberVerify status (body ${JSON.stringify(answer.data)?.slice(0, 200)})`).toBe(200);
  return (answer.data as { devicePhoneNumberVerified?: unknown } | undefined)?.devicePhoneNumberVerified;
}
