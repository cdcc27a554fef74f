/**
 * The successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3, CIBA §10.1.1): an access token
 * bound to the subscriber for 3-legged grants, and an ID token when the flow is an OpenID one.
 * The ID token's `sub` is a pairwise pseudonym (the profile: `sub` MUST NOT be globally unique nor
 * contain PII such as the MSISDN), distinct from the access token's internal subject.
 */
import { createHash } from "node:crypto";
import { json, type MockResponse } from "../core/http.ts";
import type { AuthContext } from "./context.ts";
import { NO_STORE } from "./oauth-error.ts";
import { scopeString } from "./scopes.ts";
import type { AccessClaims } from "./tokens.ts";

export interface Grant {
  clientId: string;
  grant: AccessClaims["grant"];
  apiScopes: string[];
  purpose?: string;
  subscriberId?: string;
  amr?: string[];
  /** an ID token is added when the request asked for (or implied) openid */
  openid: boolean;
  nonce?: string;
  /** ms; when the end user was authenticated */
  authTime?: number;
  /** CIBA: the request the tokens answer */
  authReqId?: string;
}

export interface TokenResponseBody {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  id_token?: string;
}

/** Pairwise subject identifier (OIDC Core §8.1): stable per (client, subscriber), opaque to both. */
export function pairwiseSubject(clientId: string, subscriberId: string): string {
  return createHash("sha256").update(`camara-harness|${clientId}|${subscriberId}`).digest("base64url").slice(0, 27);
}

export async function tokenResponse(ctx: AuthContext, g: Grant): Promise<MockResponse> {
  const lifetime = ctx.data.operator.accessTokenSeconds;
  const claims: Omit<AccessClaims, "issuedAt" | "expiresAt"> = {
    clientId: g.clientId,
    scopes: g.apiScopes,
    grant: g.grant,
  };
  if (g.purpose !== undefined) claims.purpose = g.purpose;
  if (g.subscriberId !== undefined) claims.subscriberId = g.subscriberId;
  if (g.amr !== undefined) claims.amr = g.amr;
  const body: TokenResponseBody = {
    access_token: await ctx.tokens.issue(claims, lifetime),
    token_type: "Bearer",
    expires_in: lifetime,
    scope: scopeString(g.purpose, g.apiScopes),
  };
  if (g.openid && g.subscriberId !== undefined) {
    body.id_token = await ctx.tokens.signIdToken(
      {
        iss: ctx.issuer,
        sub: pairwiseSubject(g.clientId, g.subscriberId),
        aud: g.clientId,
        auth_time: Math.floor((g.authTime ?? ctx.clock.now()) / 1000),
        ...(g.amr ? { amr: g.amr } : {}),
        ...(g.nonce !== undefined ? { nonce: g.nonce } : {}),
        ...(g.authReqId !== undefined ? { "urn:openid:params:jwt:claim:auth_req_id": g.authReqId } : {}),
      },
      lifetime,
    );
  }
  return json(200, body, { ...NO_STORE });
}
