/**
 * The operator's token model. CAMARA leaves the access-token format to the operator (Security &
 * Interoperability profile: "access tokens content or structure are not part of the OAuth2 nor the
 * OIDC standard"); the mock uses an ES256-signed JWT shaped after RFC 9068 (`typ: at+jwt`), which the
 * mock's APIs verify on every request.
 *
 * Claim layout (ours): `sub` (the bound Subscriber.id for 3-legged tokens, the client id otherwise),
 * `sub_kind` ("subscriber" | "client"), `client_id`, `scope` (API scopes only), `purpose`, `amr`,
 * `grant`, `jti`, `iat`/`exp` as NumericDate with millisecond precision. Subscriber ids are
 * pseudonymous by design of the test data, so no phone number ever appears in a token.
 */
import { randomUUID } from "node:crypto";
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from "jose";
import type { Clock } from "../core/clock.ts";

export interface AccessClaims {
  clientId: string;
  /** API scopes granted (no "openid", no dpv: purpose) */
  scopes: string[];
  /** e.g. "dpv:RequestedServiceProvision#qod" */
  purpose?: string;
  /** present only for 3-legged tokens: the bound Subscriber.id */
  subscriberId?: string;
  /** authentication methods: ["nba"] for authorization code with network-based authentication, ["ciba"] for CIBA */
  amr?: string[];
  grant: "client_credentials" | "authorization_code" | "ciba";
  /** ms */
  expiresAt: number;
  /** ms */
  issuedAt: number;
  /** the token's `jti` (an API may track which token of a device is the current one) */
  tokenId?: string;
  /** claims an API module adds beyond the mock's own, e.g. the In-home Detection device claims */
  extra?: Record<string, unknown>;
}

/** The claims of the mock's own model; anything else in a token is `extra`. */
const MODEL_CLAIMS = new Set(["sub", "sub_kind", "client_id", "scope", "grant", "jti", "iat", "exp", "purpose", "amr"]);

/** Why a token was refused; the API layer maps every reason to 401 UNAUTHENTICATED. */
export type TokenErrorReason = "malformed" | "signature" | "expired" | "claims";

export class TokenError extends Error {
  override name = "TokenError";
  constructor(
    readonly reason: TokenErrorReason,
    message: string,
  ) {
    super(message);
  }
}

const ACCESS_TOKEN_TYPE = "at+jwt";
const ALG = "ES256";
/** Enough for every token alive in a load test; the oldest entry goes first when it is full. */
const CACHE_LIMIT = 10_000;
const GRANTS = new Set<AccessClaims["grant"]>(["client_credentials", "authorization_code", "ciba"]);

export class TokenService {
  /** verified tokens by signature (see cacheKey) */
  private readonly cache = new Map<string, { token: string; claims: AccessClaims }>();

  private constructor(
    private readonly clock: Clock,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    private readonly publicJwk: JWK,
  ) {}

  /**
   * Generates a fresh signing key: tokens do not survive a restart of a single mock, on purpose. Replicas
   * of one mock on a shared store pass `agree`: the first replica's key (a private JWK) is the key of all,
   * so a token issued by one replica verifies on every other.
   */
  static async create(clock: Clock, agree?: (name: string, propose: () => Promise<string>) => Promise<string>): Promise<TokenService> {
    const fresh = async () => JSON.stringify(await exportJWK((await generateKeyPair(ALG, { extractable: true })).privateKey));
    const privateJwk = JSON.parse(agree ? await agree("token-signing-key", fresh) : await fresh()) as JWK;
    const privateKey = (await importJWK(privateJwk, ALG)) as CryptoKey;
    const { d: _d, ...publicPart } = privateJwk;
    const publicKey = (await importJWK(publicPart, ALG)) as CryptoKey;
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new TokenService(clock, privateKey, publicKey, { ...jwk, kid, alg: ALG, use: "sig" });
  }

  get keyId(): string {
    return this.publicJwk.kid!;
  }

  /**
   * Signs an access token. A negative lifetime gives an already expired token (for tests). `extra`
   * claims go into the payload too, but never override the mock's own claims.
   */
  async issue(claims: Omit<AccessClaims, "issuedAt" | "expiresAt">, lifetimeSeconds: number): Promise<string> {
    const issuedAt = this.clock.now();
    const expiresAt = issuedAt + lifetimeSeconds * 1000;
    const extra = Object.fromEntries(Object.entries(claims.extra ?? {}).filter(([k]) => !MODEL_CLAIMS.has(k)));
    const payload: JWTPayload = {
      ...extra,
      sub: claims.subscriberId ?? claims.clientId,
      sub_kind: claims.subscriberId === undefined ? "client" : "subscriber",
      client_id: claims.clientId,
      scope: claims.scopes.join(" "),
      grant: claims.grant,
      jti: claims.tokenId ?? randomUUID(),
      // NumericDate may be fractional (RFC 7519 §2); keeping ms makes expiry exact on the virtual clock.
      iat: issuedAt / 1000,
      exp: expiresAt / 1000,
    };
    if (claims.purpose !== undefined) payload.purpose = claims.purpose;
    if (claims.amr !== undefined) payload.amr = claims.amr;
    return new SignJWT(payload).setProtectedHeader({ alg: ALG, typ: ACCESS_TOKEN_TYPE, kid: this.keyId }).sign(this.privateKey);
  }

  /** Signs an OIDC ID token (OIDC Core §2) with the same key; its `typ` keeps it from passing as an access token. */
  async signIdToken(claims: JWTPayload, lifetimeSeconds: number): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    return new SignJWT({ ...claims, iat: now, exp: now + lifetimeSeconds })
      .setProtectedHeader({ alg: ALG, typ: "JWT", kid: this.keyId })
      .sign(this.privateKey);
  }

  /**
   * The claims of a token verified before, without waiting: undefined when it is not in the cache,
   * TokenError("expired") when it has expired since (virtual time may have jumped). This runs on every
   * API request, so a hit costs a map lookup on the signature (short; the whole token is then compared)
   * and returns the cached claims themselves, frozen, instead of a copy.
   */
  cached(token: string): AccessClaims | undefined {
    const key = cacheKey(token);
    const hit = this.cache.get(key);
    if (!hit || hit.token !== token) return undefined;
    if (hit.claims.expiresAt <= this.clock.now()) {
      this.cache.delete(key);
      throw new TokenError("expired", "the access token has expired");
    }
    return hit.claims;
  }

  /** Verifies an access token against the virtual clock (signature, type, expiry); the claims are frozen. */
  async verify(token: string): Promise<AccessClaims> {
    const hit = this.cached(token);
    if (hit) return hit;
    const claims = freezeClaims(await this.verifyUncached(token));
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey(token), { token, claims });
    return claims;
  }

  jwks(): { keys: object[] } {
    return { keys: [{ ...this.publicJwk }] };
  }

  private async verifyUncached(token: string): Promise<AccessClaims> {
    if (typeof token !== "string" || token.split(".").length !== 3) {
      throw new TokenError("malformed", "the access token is not a JWS compact serialisation");
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.publicKey, {
        algorithms: [ALG],
        typ: ACCESS_TOKEN_TYPE,
        currentDate: new Date(this.clock.now()),
        requiredClaims: ["exp", "iat", "sub"],
      }));
    } catch (error) {
      throw toTokenError(error);
    }
    const claims = toAccessClaims(payload);
    if (claims.expiresAt <= this.clock.now()) throw new TokenError("expired", "the access token has expired");
    return claims;
  }
}

/**
 * The cache key of a token: its signature, the part after the last dot. Hashing it is cheaper than
 * hashing the whole token, and a hit is confirmed by comparing the whole token.
 */
function cacheKey(token: string): string {
  return token.slice(token.lastIndexOf(".") + 1);
}

/** Claims shared by every request of a token: nothing may change them. */
function freezeClaims(c: AccessClaims): AccessClaims {
  Object.freeze(c.scopes);
  if (c.amr) Object.freeze(c.amr);
  if (c.extra) deepFreeze(c.extra);
  return Object.freeze(c);
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  for (const v of Object.values(value)) deepFreeze(v);
  Object.freeze(value);
}

function toTokenError(error: unknown): TokenError {
  const code = (error as { code?: string }).code ?? "";
  if (code === "ERR_JWT_EXPIRED") return new TokenError("expired", "the access token has expired");
  if (code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") {
    return new TokenError("signature", "the access token signature does not verify");
  }
  if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") {
    return new TokenError("claims", `the access token is not acceptable: ${(error as Error).message}`);
  }
  return new TokenError("malformed", "the access token cannot be parsed");
}

function toAccessClaims(p: JWTPayload): AccessClaims {
  const grant = p.grant as AccessClaims["grant"];
  if (typeof p.client_id !== "string" || typeof p.scope !== "string" || !GRANTS.has(grant)) {
    throw new TokenError("claims", "the access token lacks the mock's claims");
  }
  const claims: AccessClaims = {
    clientId: p.client_id,
    scopes: p.scope === "" ? [] : p.scope.split(" "),
    grant,
    issuedAt: Math.round(p.iat! * 1000),
    expiresAt: Math.round(p.exp! * 1000),
  };
  if (p.sub_kind === "subscriber") claims.subscriberId = p.sub;
  if (typeof p.purpose === "string") claims.purpose = p.purpose;
  if (Array.isArray(p.amr)) claims.amr = p.amr.map(String);
  if (typeof p.jti === "string") claims.tokenId = p.jti;
  const extra = Object.fromEntries(Object.entries(p).filter(([k]) => !MODEL_CLAIMS.has(k)));
  if (Object.keys(extra).length > 0) claims.extra = extra;
  return claims;
}
