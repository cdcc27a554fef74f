/**
 * The authorization endpoint of the OIDC authorization-code flow, the CAMARA profile's frontend
 * 3-legged flow: the end user is identified by network-based authentication (the device's source
 * address, X-Forwarded-For here) and never asked anything (`prompt=none` semantics, needed by
 * Number Verification). Errors follow the profile's Appendix A: a bad client_id or redirect_uri is
 * answered here (400 JSON, never redirected to an unverified URI); everything else is redirected.
 */
import { randomBytes } from "node:crypto";
import type { MockResponse } from "../core/http.ts";
import type { Client, Subscriber } from "../core/testdata.ts";
import type { AuthContext } from "./context.ts";
import { type ExpiringEntries, type ExpiringFactory, memoryExpiring } from "../core/expiring-map.ts";
import { NO_STORE, OAuthError, rejectRepeated } from "./oauth-error.ts";
import { isValidPkceValue } from "./pkce.ts";
import { parseScopes, threeLeggedScopes } from "./scopes.ts";
import { findSubscriberByIp, forwardedFor, resolveLoginHint } from "./subscribers.ts";

/** Codes are single-use and short-lived (RFC 6749 §4.1.2 recommends at most 10 minutes). */
export const CODE_LIFETIME_SECONDS = 60;

export interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  subscriberId: string;
  apiScopes: string[];
  purpose?: string;
  openid: boolean;
  nonce?: string;
  codeChallenge?: string;
  authTime: number;
  expiresAt: number;
}

export type AuthorizationCodes = ExpiringEntries<AuthorizationCode>;

export function createAuthorizationCodes(expiring: ExpiringFactory = memoryExpiring): AuthorizationCodes {
  return expiring<AuthorizationCode>("codes", CODE_LIFETIME_SECONDS * 1000);
}

export async function handleAuthorize(ctx: AuthContext, codes: AuthorizationCodes): Promise<MockResponse> {
  const q = ctx.req.query;
  rejectRepeated(q);
  // Until client_id and redirect_uri are verified, errors are answered directly (RFC 6749 §4.1.2.1).
  const clientId = q.get("client_id");
  const client = clientId ? await ctx.policy.findClient(clientId) : undefined;
  if (!client) throw new OAuthError("invalid_request", "unknown or missing client_id");
  const redirectUri = q.get("redirect_uri");
  if (!redirectUri || !(client.redirectUris ?? []).includes(redirectUri)) {
    throw new OAuthError("invalid_request", "redirect_uri is missing or not registered for this client");
  }
  const state = q.get("state") ?? undefined;
  try {
    const code = await authorizeVerified(ctx, codes, client, redirectUri);
    return redirect(redirectUri, { code, state });
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return redirect(redirectUri, { error: error.code, error_description: error.description, state });
  }
}

async function authorizeVerified(ctx: AuthContext, codes: AuthorizationCodes, client: Client, redirectUri: string): Promise<string> {
  const q = ctx.req.query;
  const clientId = client.clientId;
  const responseType = q.get("response_type");
  if (!responseType) throw new OAuthError("invalid_request", "response_type is required");
  if (responseType.split(" ").includes("token")) {
    // the implicit ("client-side") flow puts the token in a URL fragment: forbidden by the CAMARA
    // Security and Interoperability Profile and by the OAuth 2.0 Security BCP (RFC 9700 §2.1.2)
    throw new OAuthError(
      "unsupported_response_type",
      "response_type=token (implicit / client-side flow) is not supported: use the authorization code flow with PKCE (response_type=code, code_challenge with code_challenge_method=S256)",
    );
  }
  if (responseType !== "code") throw new OAuthError("unsupported_response_type", "only response_type=code (authorization code with PKCE) is supported");
  if (q.has("request") || q.has("request_uri")) {
    throw new OAuthError("invalid_request", "signed request objects are not supported by the mock; send plain parameters");
  }
  const codeChallenge = pkceChallenge(q);

  const requested = parseScopes(q.get("scope"), q.get("purpose"));
  if (requested.empty) throw new OAuthError("invalid_request", "scope is required (or, Open Gateway form, purpose)");
  const apiScopes = threeLeggedScopes(requested, client, ctx.knownScopes);

  const subscriber = identify(ctx);
  if (!subscriber) throw new OAuthError("access_denied", "the device could not be identified by the mobile network");
  const traits = subscriber.traits ?? [];
  if (traits.includes("no-network-auth")) {
    throw new OAuthError("access_denied", "the subscriber cannot be authenticated by the mobile network");
  }
  if (traits.includes("ciba-denied")) throw new OAuthError("access_denied", "the end user denied consent");
  const refused = await ctx.policy.consentRefusal({ clientId, subscriberId: subscriber.id, apiScopes, purpose: requested.purpose });
  if (refused) throw new OAuthError("access_denied", refused);

  const now = ctx.clock.now();
  const code = randomBytes(24).toString("base64url");
  const nonce = q.get("nonce");
  await codes.set(
    code,
    {
      clientId,
      redirectUri,
      subscriberId: subscriber.id,
      apiScopes,
      ...(requested.purpose !== undefined ? { purpose: requested.purpose } : {}),
      // the purpose-only Open Gateway form is an OpenID flow too
      openid: requested.openid || !ctx.req.query.has("scope"),
      ...(nonce !== null ? { nonce } : {}),
      ...(codeChallenge !== undefined ? { codeChallenge } : {}),
      authTime: now,
      expiresAt: now + CODE_LIFETIME_SECONDS * 1000,
    },
    now,
  );
  return code;
}

/** PKCE is optional, but when used only S256 is accepted (`plain` is the default of a missing method). */
function pkceChallenge(q: URLSearchParams): string | undefined {
  const challenge = q.get("code_challenge");
  const method = q.get("code_challenge_method");
  if (challenge === null) {
    if (method !== null) throw new OAuthError("invalid_request", "code_challenge_method without code_challenge");
    return undefined;
  }
  if (method !== "S256") throw new OAuthError("invalid_request", "code_challenge_method must be S256");
  if (!isValidPkceValue(challenge)) throw new OAuthError("invalid_request", "code_challenge is malformed");
  return challenge;
}

/**
 * Network-based authentication, simulated: `login_hint` (tel: / ipport:) stands for what the
 * network would see; without one (or when it names nobody, since the profile says an AS SHOULD NOT
 * fail on login_hint in this flow) the first X-Forwarded-For address is matched to a device.
 */
function identify(ctx: AuthContext): Subscriber | undefined {
  const hint = ctx.req.query.get("login_hint");
  const byHint = hint ? resolveLoginHint(hint, ctx.data) : undefined;
  if (byHint) return byHint;
  const source = forwardedFor(ctx.req.headers["x-forwarded-for"]);
  return source ? findSubscriberByIp(source, ctx.data) : undefined;
}

function redirect(redirectUri: string, params: Record<string, string | undefined>): MockResponse {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return { status: 302, headers: { location: url.toString(), ...NO_STORE } };
}

