/**
 * The token endpoint's authorization_code grant (RFC 6749 §4.1.3, RFC 7636 §4.6). Every failure
 * about the code itself is invalid_grant, as the profile's Appendix A lists: unknown, expired,
 * already used, issued to another client, redirect_uri mismatch, PKCE verifier mismatch.
 */
import type { MockResponse } from "../core/http.ts";
import type { Client } from "../core/testdata.ts";
import type { AuthorizationCodes } from "./authorize.ts";
import type { AuthContext } from "./context.ts";
import { OAuthError } from "./oauth-error.ts";
import { verifierMatches } from "./pkce.ts";
import { tokenResponse } from "./token-response.ts";

/** Network-based authentication (the CAMARA auth-code diagram's "amr=nba"). */
export const NETWORK_AUTH_AMR = ["nba"];

export async function authorizationCodeGrant(
  ctx: AuthContext,
  client: Client,
  form: URLSearchParams,
  codes: AuthorizationCodes,
): Promise<MockResponse> {
  const code = form.get("code");
  if (!code) throw new OAuthError("invalid_request", "code is required");
  const redirectUri = form.get("redirect_uri");
  if (!redirectUri) throw new OAuthError("invalid_request", "redirect_uri is required");
  // Any redemption attempt consumes the code, so a failed PKCE guess cannot be retried.
  const entry = await codes.take(code);
  if (!entry || entry.clientId !== client.clientId) throw new OAuthError("invalid_grant", "unknown or already used code");
  if (ctx.clock.now() >= entry.expiresAt) throw new OAuthError("invalid_grant", "the code has expired");
  if (entry.redirectUri !== redirectUri) throw new OAuthError("invalid_grant", "redirect_uri differs from the authorization request");
  const verifier = form.get("code_verifier");
  if (entry.codeChallenge !== undefined) {
    if (verifier === null) throw new OAuthError("invalid_grant", "code_verifier is required (PKCE was used)");
    if (!verifierMatches(entry.codeChallenge, verifier)) throw new OAuthError("invalid_grant", "code_verifier does not match");
  } else if (verifier !== null) {
    // RFC 9700 §2.1.1: a verifier without a challenge is refused (PKCE downgrade).
    throw new OAuthError("invalid_grant", "code_verifier sent but the authorization request had no code_challenge");
  }
  return tokenResponse(ctx, {
    clientId: client.clientId,
    grant: "authorization_code",
    apiScopes: entry.apiScopes,
    ...(entry.purpose !== undefined ? { purpose: entry.purpose } : {}),
    subscriberId: entry.subscriberId,
    amr: NETWORK_AUTH_AMR,
    openid: entry.openid,
    ...(entry.nonce !== undefined ? { nonce: entry.nonce } : {}),
    authTime: entry.authTime,
  });
}
