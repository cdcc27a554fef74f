/**
 * Client authentication at the token and backchannel endpoints: client_secret_basic and
 * client_secret_post (RFC 6749 §2.3.1) and private_key_jwt (RFC 7523 §2.2, OIDC Core §9). The CAMARA
 * profile ("Client authentication") makes private_key_jwt the norm and bounds the assertion's
 * lifetime to 300 s; the secret methods are kept because the Open Gateway samples use them.
 * An assertion must carry a `jti` and is accepted once: its jti is remembered until the assertion's
 * exp (RFC 7523 §3 item 7, OIDC Core §9 "jti ... used only once"). The audience is the configured
 * issuer or the token endpoint under it, never the Host a request names (issue 12).
 * Every failure is 401 invalid_client; secrets and assertions never appear in a description.
 */
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import type { Clock } from "../core/clock.ts";
import { createHash, timingSafeEqual } from "node:crypto";
import type { Client } from "../core/testdata.ts";
import { type ExpiringEntries, type ExpiringFactory, memoryExpiring } from "../core/expiring-map.ts";
import { OAuthError } from "./oauth-error.ts";

export type ClientAuthMethod = "client_secret_basic" | "client_secret_post" | "private_key_jwt";

export const CLIENT_AUTH_METHODS: ClientAuthMethod[] = ["client_secret_basic", "client_secret_post", "private_key_jwt"];
export const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export const ASSERTION_ALGORITHMS = ["ES256", "ES384", "RS256", "PS256", "EdDSA"];
/** CAMARA profile: exp - iat <= 300 s, and exp no later than receipt + 300 s. */
const MAX_ASSERTION_SECONDS = 300;

export interface AuthenticatedClient {
  client: Client;
  method: ClientAuthMethod;
}

export interface ClientAuthContext {
  /** the client registered under an id; undefined when unknown or not allowed to authenticate */
  findClient(clientId: string): Promise<Client | undefined>;
  clock: Clock;
  /** issuer identifier and the full URL of the endpoint called: both are valid `aud` */
  issuer: string;
  endpointUrl: string;
  /** client assertions already used, by client and jti, until their exp */
  usedAssertions: UsedAssertions;
}

export type UsedAssertions = ExpiringEntries<{ expiresAt: number }>;

export function createUsedAssertions(expiring: ExpiringFactory = memoryExpiring): UsedAssertions {
  return expiring<{ expiresAt: number }>("assertions", 0);
}

export async function authenticateClient(
  authorization: string | undefined,
  form: URLSearchParams,
  ctx: ClientAuthContext,
): Promise<AuthenticatedClient> {
  const basic = authorization !== undefined && /^basic /i.test(authorization);
  const post = form.has("client_secret");
  const jwt = form.has("client_assertion") || form.has("client_assertion_type");
  // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
  if (Number(basic) + Number(post) + Number(jwt) > 1) {
    throw new OAuthError("invalid_request", "more than one client authentication method was used");
  }
  if (basic) return secretBasic(authorization!, form, ctx);
  if (post) return secretPost(form, ctx);
  if (jwt) return privateKeyJwt(form, ctx);
  throw invalidClient("no client authentication was sent");
}

function invalidClient(description: string, basicChallenge = false): OAuthError {
  // RFC 6749 §5.2: a failed Authorization header answer carries a WWW-Authenticate challenge.
  const headers: Record<string, string> = basicChallenge ? { "www-authenticate": 'Basic realm="camara-harness"' } : {};
  return new OAuthError("invalid_client", description, 401, headers);
}

async function secretBasic(authorization: string, form: URLSearchParams, ctx: ClientAuthContext): Promise<AuthenticatedClient> {
  const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidClient("the Basic credentials are malformed", true);
  let clientId: string;
  let secret: string;
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64
    clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
    secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
  } catch {
    throw invalidClient("the Basic credentials are malformed", true);
  }
  if (form.has("client_id") && form.get("client_id") !== clientId) {
    throw new OAuthError("invalid_request", "client_id differs from the authenticated client");
  }
  return { client: await checkSecret(clientId, secret, ctx, true), method: "client_secret_basic" };
}

async function secretPost(form: URLSearchParams, ctx: ClientAuthContext): Promise<AuthenticatedClient> {
  const clientId = form.get("client_id");
  if (!clientId) throw invalidClient("client_secret was sent without client_id");
  return { client: await checkSecret(clientId, form.get("client_secret")!, ctx, false), method: "client_secret_post" };
}

async function checkSecret(clientId: string, secret: string, ctx: ClientAuthContext, basic: boolean): Promise<Client> {
  const client = await ctx.findClient(clientId);
  if (!client || !secretMatches(client, secret)) {
    throw invalidClient("unknown client or wrong secret", basic);
  }
  return client;
}

/** A registered secret, or (clients created through the platform API) only its SHA-256. */
function secretMatches(client: Client, given: string): boolean {
  if (client.clientSecretSha256) return equalSecrets(client.clientSecretSha256, createHash("sha256").update(given).digest("hex"));
  return client.clientSecret !== undefined && equalSecrets(client.clientSecret, given);
}

function equalSecrets(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function privateKeyJwt(form: URLSearchParams, ctx: ClientAuthContext): Promise<AuthenticatedClient> {
  if (form.get("client_assertion_type") !== JWT_BEARER_ASSERTION) {
    throw invalidClient(`client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
  }
  const assertion = form.get("client_assertion");
  if (!assertion) throw invalidClient("client_assertion is missing");
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(assertion);
  } catch {
    throw invalidClient("client_assertion is not a JWT");
  }
  const clientId = unverified.iss;
  if (typeof clientId !== "string") throw invalidClient("client_assertion has no iss");
  if (form.has("client_id") && form.get("client_id") !== clientId) {
    throw invalidClient("client_id differs from the assertion's iss");
  }
  const client = await ctx.findClient(clientId);
  if (!client?.jwks) throw invalidClient("unknown client or no keys registered for private_key_jwt");

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks as JSONWebKeySet), {
      algorithms: ASSERTION_ALGORITHMS,
      issuer: clientId,
      subject: clientId,
      audience: [ctx.endpointUrl, ctx.issuer],
      currentDate: new Date(ctx.clock.now()),
      requiredClaims: ["exp", "jti"],
    }));
  } catch (error) {
    throw invalidClient(describeJoseFailure(error, ctx));
  }
  const now = ctx.clock.now() / 1000;
  if (payload.exp! > now + MAX_ASSERTION_SECONDS) {
    throw invalidClient(`client_assertion exp is more than ${MAX_ASSERTION_SECONDS} s ahead`);
  }
  if (payload.iat !== undefined && payload.exp! - payload.iat > MAX_ASSERTION_SECONDS) {
    throw invalidClient(`client_assertion lives longer than ${MAX_ASSERTION_SECONDS} s (exp - iat)`);
  }
  // checked last: only a verified, otherwise acceptable assertion is remembered (bounded by exp <= now + 300 s)
  const key = `${clientId}\u0000${String(payload.jti)}`;
  const nowMs = ctx.clock.now();
  const seen = await ctx.usedAssertions.get(key);
  if (seen && seen.expiresAt > nowMs) throw invalidClient("client_assertion jti was already used");
  await ctx.usedAssertions.set(key, { expiresAt: payload.exp! * 1000 }, nowMs);
  return { client, method: "private_key_jwt" };
}

function describeJoseFailure(error: unknown, ctx: ClientAuthContext): string {
  const e = error as { code?: string; claim?: string };
  switch (e.code) {
    case "ERR_JWT_EXPIRED":
      return "client_assertion has expired";
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return "client_assertion signature does not verify with the client's registered keys";
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return `client_assertion alg must be one of ${ASSERTION_ALGORITHMS.join(", ")}`;
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (e.claim === "aud") return `client_assertion aud must be ${ctx.endpointUrl} or ${ctx.issuer}`;
      if (e.claim === "jti") return "client_assertion has no jti (required, used once)";
      return `client_assertion claim '${e.claim}' is not acceptable`;
    default:
      return "client_assertion cannot be verified";
  }
}
