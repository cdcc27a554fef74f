/**
 * Obtaining access tokens from a target's authorization server, the way a real API consumer does:
 * client credentials (2-legged), CIBA poll mode with login_hint=tel:+E164 (3-legged), or tokens given
 * in the target configuration. Against our mock, /_harness/tokens also mints expired tokens.
 * Token requests are not scenario evidence: they carry client secrets.
 */
import { randomUUID } from "node:crypto";
import { importJWK, SignJWT } from "jose";
import { knownSecrets } from "../core/redact.ts";
import { describeFetchFailure, readLimited, tooLarge } from "./network-error.ts";
import type { ClientCredentials, TargetContext, TestSubscriber } from "./target.ts";

export class TokenUnavailable extends Error {
  override name = "TokenUnavailable";
}

async function clientAuth(client: ClientCredentials, audience: string): Promise<{ headers: Record<string, string>; form: Record<string, string> }> {
  if (client.privateKeyJwk) {
    const key = await importJWK(client.privateKeyJwk as never, String(client.privateKeyJwk.alg ?? "ES256"));
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: String(client.privateKeyJwk.alg ?? "ES256"), kid: client.privateKeyJwk.kid as string | undefined })
      .setIssuer(client.clientId)
      .setSubject(client.clientId)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 120)
      .setJti(randomUUID())
      .sign(key);
    return {
      headers: {},
      form: {
        client_id: client.clientId,
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion,
      },
    };
  }
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret ?? "")}`).toString("base64");
  return { headers: { authorization: `Basic ${basic}` }, form: {} };
}

async function postForm(url: string, client: ClientCredentials, form: Record<string, string>, timeoutMs: number) {
  const auth = await clientAuth(client, url);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...auth.headers },
      body: new URLSearchParams({ ...form, ...auth.form }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(describeFetchFailure(`POST ${url}`, error, timeoutMs));
  }
  const { text, truncated } = await readLimited(res);
  if (truncated) throw new Error(`POST ${url} answered ${res.status} with ${tooLarge()} — no token answer is that large: check the authorization server`);
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {
    /* non-JSON answer: reported below */
  }
  return { status: res.status, body, text };
}

export interface TokenRequest {
  scopes: string[];
  /** 3-legged: the subscriber the token must identify */
  subscriber?: TestSubscriber;
  /** use the second API client */
  secondary?: boolean;
  /** an already expired token (mint only) */
  expired?: boolean;
  /** 3-legged and obtained by network-based authentication (Number Verification) */
  networkAuth?: boolean;
  /** use the rate-limited client */
  throttled?: boolean;
}

export class TokenSource {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(private readonly target: TargetContext) {
    // secrets the harness knows are masked wherever they would appear in a report (src/core/redact.ts)
    const { auth } = target;
    for (const c of [auth.primary, auth.secondary, auth.throttled]) knownSecrets.remember(c?.clientSecret);
    for (const t of Object.values(auth.staticTokens)) knownSecrets.remember(t);
  }

  /** A token as requested, or TokenUnavailable with the reason the target cannot provide one. */
  get(request: TokenRequest): Promise<string> {
    const key = JSON.stringify([
      request.scopes.slice().sort(),
      request.subscriber?.phoneNumber,
      !!request.secondary,
      !!request.expired,
      !!request.networkAuth,
      !!request.throttled,
    ]);
    let p = this.cache.get(key);
    if (!p) {
      p = this.obtain(request).then((token) => {
        knownSecrets.remember(token);
        return token;
      });
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  private async obtain(request: TokenRequest): Promise<string> {
    const { auth } = this.target;
    const client = request.throttled ? auth.throttled : request.secondary ? auth.secondary : auth.primary;
    if (request.secondary && !client) throw new TokenUnavailable("the target configuration names no second API client");
    if (request.throttled && !client) throw new TokenUnavailable("the target configuration names no rate-limited client (auth.throttledClient)");
    if (request.expired) {
      if (auth.staticTokens.expired && !request.subscriber) return auth.staticTokens.expired;
      if (!auth.mintUrl || !client) throw new TokenUnavailable("no expired token: set auth.tokens.expired in the target configuration");
      return this.mint(client.clientId, request, -120);
    }
    if (!client) {
      const fixed = request.subscriber ? auth.staticTokens.threeLegged : auth.staticTokens.twoLegged;
      if (fixed) return fixed;
      throw new TokenUnavailable("no API client and no static token configured");
    }
    if (request.subscriber && request.networkAuth) {
      // network-based authentication needs the device on the operator's network: only a mock can
      // mint such a token; otherwise the user supplies one
      if (auth.mintUrl) return this.mint(client.clientId, request, 3600);
      if (auth.staticTokens.threeLegged) return auth.staticTokens.threeLegged;
      throw new TokenUnavailable("no network-authenticated 3-legged token: set auth.tokens.threeLegged (authorization-code flow on the device)");
    }
    if (request.subscriber) {
      if (auth.bcAuthorizeUrl && auth.tokenUrl) return this.ciba(client, request.subscriber, request.scopes);
      if (auth.mintUrl) return this.mint(client.clientId, request, 3600);
      if (auth.staticTokens.threeLegged) return auth.staticTokens.threeLegged;
      throw new TokenUnavailable("no way to obtain a 3-legged token: configure auth.bcAuthorizeUrl or auth.tokens.threeLegged");
    }
    if (!auth.tokenUrl) throw new TokenUnavailable("no token endpoint configured (auth.tokenUrl)");
    const res = await postForm(auth.tokenUrl, client, { grant_type: "client_credentials", scope: request.scopes.join(" ") }, this.target.timeoutMs);
    if (res.status !== 200 || typeof res.body.access_token !== "string") {
      throw new Error(`token endpoint answered ${res.status} ${String(res.body.error ?? res.text.slice(0, 120))} for client_credentials`);
    }
    return res.body.access_token;
  }

  private async ciba(client: ClientCredentials, subscriber: TestSubscriber, scopes: string[]): Promise<string> {
    const { auth } = this.target;
    const scope = ["openid", auth.purpose, ...scopes].join(" ");
    const start = await postForm(auth.bcAuthorizeUrl!, client, { login_hint: `tel:${subscriber.phoneNumber}`, scope }, this.target.timeoutMs);
    if (start.status !== 200 || typeof start.body.auth_req_id !== "string") {
      throw new Error(`bc-authorize answered ${start.status} ${String(start.body.error ?? start.text.slice(0, 120))}`);
    }
    let interval = Number(start.body.interval ?? 2) * 1000;
    const deadline = Date.now() + Math.min(Number(start.body.expires_in ?? 60) * 1000, 30_000);
    for (;;) {
      const res = await postForm(
        auth.tokenUrl!,
        client,
        { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: start.body.auth_req_id },
        this.target.timeoutMs,
      );
      if (res.status === 200 && typeof res.body.access_token === "string") return res.body.access_token;
      const error = String(res.body.error ?? res.status);
      if (error === "slow_down") interval += 5000;
      else if (error !== "authorization_pending") throw new Error(`CIBA token request failed: ${error}`);
      if (Date.now() + interval > deadline) throw new Error("CIBA authentication did not complete in time");
      await new Promise((r) => setTimeout(r, interval));
    }
  }

  private async mint(clientId: string, request: TokenRequest, expiresIn: number): Promise<string> {
    const res = await fetch(this.target.auth.mintUrl!, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        clientId,
        scope: request.scopes.join(" "),
        phoneNumber: request.subscriber?.phoneNumber,
        expiresIn,
      }),
      signal: AbortSignal.timeout(this.target.timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; message?: string };
    if (!res.ok || !body.access_token) throw new Error(`token mint answered ${res.status} ${body.message ?? ""}`);
    return body.access_token;
  }
}
