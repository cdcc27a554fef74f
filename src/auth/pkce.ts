/**
 * PKCE (RFC 7636) with the S256 method only: the CAMARA profile recommends PKCE for the
 * authorization-code flow, and `plain` offers no protection once the challenge leaks.
 */
import { createHash } from "node:crypto";

/** RFC 7636 §4.1/§4.2: 43..128 characters of the unreserved set. */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isValidPkceValue(value: string): boolean {
  return PKCE_VALUE.test(value);
}

export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

export function verifierMatches(challenge: string, verifier: string): boolean {
  return isValidPkceValue(verifier) && s256(verifier) === challenge;
}
