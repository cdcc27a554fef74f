/**
 * Tokens for the consent and platform scenarios, obtained the way a consumer does (client
 * credentials, CIBA with login_hint=tel:) but for any client and purpose, and never cached: these
 * scenarios change consents and applications, so a token must reflect the state at that moment.
 * Token requests carry client secrets, so they are not scenario evidence (global fetch).
 */
import type { ClientCredentials } from "../../src/target/target.ts";
import type { ScenarioContext } from "./context.ts";

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

async function post(t: ScenarioContext, url: string | undefined, client: ClientCredentials, form: Record<string, string>): Promise<TokenAnswer> {
  t.require(url, "the target configuration names no token endpoint");
  t.require(client.clientSecret, `client ${client.clientId} has no secret in the target configuration`);
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64");
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(t.target.timeoutMs),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

export function clientCredentials(t: ScenarioContext, client: ClientCredentials, scopes: string[]): Promise<TokenAnswer> {
  return post(t, t.target.auth.tokenUrl, client, { grant_type: "client_credentials", scope: scopes.join(" ") });
}

/** A 2-legged access token, or an error naming what the target answered. */
export async function accessToken(t: ScenarioContext, client: ClientCredentials, scopes: string[]): Promise<string> {
  const res = await clientCredentials(t, client, scopes);
  if (res.status !== 200 || typeof res.body.access_token !== "string") throw new Error(`/token answered ${res.status} ${String(res.body.error ?? "")} for ${client.clientId}`);
  return res.body.access_token;
}

/** CIBA in poll mode for a subscriber; the token endpoint's answer after the user's (simulated) decision. */
export async function ciba(t: ScenarioContext, client: ClientCredentials, phoneNumber: string, scopes: string[], purpose: string): Promise<TokenAnswer> {
  t.require(t.target.auth.bcAuthorizeUrl, "the target configuration names no CIBA endpoint (auth.bcAuthorizeUrl)");
  const start = await post(t, t.target.auth.bcAuthorizeUrl, client, { login_hint: `tel:${phoneNumber}`, scope: ["openid", purpose, ...scopes].join(" ") });
  if (start.status !== 200) return start;
  return post(t, t.target.auth.tokenUrl, client, { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: String(start.body.auth_req_id) });
}

export function primary(t: ScenarioContext): ClientCredentials {
  const c = t.target.auth.primary;
  t.require(c, "the target configuration names no API client");
  return c;
}
