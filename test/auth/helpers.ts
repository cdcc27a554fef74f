/** Builds MockRequests for the authorization server and a fresh server on a frozen virtual clock. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importJWK, SignJWT, type JWTPayload } from "jose";
import { createAuthServer, type AuthServer } from "../../src/auth/server.ts";
import { loadKnownScopes } from "../../src/auth/scope-catalogue.ts";
import { TokenService } from "../../src/auth/tokens.ts";
import { VirtualClock } from "../../src/core/clock.ts";
import type { MockRequest, MockResponse } from "../../src/core/http.ts";
import type { TestData } from "../../src/core/testdata.ts";
import { loadOperatorTestData } from "../../src/apis/registry.ts";
import { PROJECT_ROOT } from "../../src/core/paths.ts";

export const ORIGIN = "http://op.example:4010";
export const START = Date.UTC(2025, 0, 1, 12, 0, 0);
export const KNOWN_SCOPES = loadKnownScopes();
export const DEMO = { id: "demo-app", secret: "demo-app-secret", redirect: "http://localhost:3000/callback" };
export const OTHER = { id: "other-app", secret: "other-app-secret" };
export const QOD_PURPOSE = "dpv:RequestedServiceProvision#qod";
export const CIBA_GRANT = "urn:openid:params:grant-type:ciba";
/** A PKCE pair computed here with node:crypto, independently of src/auth/pkce.ts. */
const PKCE_VERIFIER = "test-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
export const PKCE = {
  verifier: PKCE_VERIFIER,
  challenge: createHash("sha256").update(PKCE_VERIFIER).digest("base64url"),
};

export interface Harness {
  clock: VirtualClock;
  tokens: TokenService;
  server: AuthServer;
  data: TestData;
}

export async function setup(): Promise<Harness> {
  const clock = new VirtualClock({ frozen: true, start: START });
  const tokens = await TokenService.create(clock);
  const data = loadOperatorTestData();
  const server = createAuthServer({ testdata: () => data, clock, tokens, knownScopes: KNOWN_SCOPES });
  return { clock, tokens, server, data };
}

export interface RequestSpec {
  method?: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  form?: Record<string, string>;
}

export function request(spec: RequestSpec): MockRequest {
  const headers: Record<string, string> = { ...(spec.headers ?? {}) };
  if (spec.form && !("content-type" in headers)) headers["content-type"] = "application/x-www-form-urlencoded";
  return {
    method: spec.method ?? (spec.form ? "POST" : "GET"),
    path: spec.path,
    query: new URLSearchParams(spec.query ?? {}),
    headers,
    body: spec.form ? new URLSearchParams(spec.form).toString() : "",
    origin: ORIGIN,
  };
}

export function basic(id: string, secret: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}` };
}

/** POST a form, authenticated as demo-app with client_secret_basic unless headers say otherwise. */
export async function post(h: Harness, path: string, form: Record<string, string>, headers = basic(DEMO.id, DEMO.secret)) {
  return answer(await h.server.handle(request({ path, form, headers })));
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, any>;
}

export function answer(res: MockResponse | undefined): Answer {
  if (!res) throw new Error("the auth server did not handle the request");
  return { status: res.status, headers: res.headers, body: res.body ? JSON.parse(res.body) : {} };
}

const PARTNER_KEY = JSON.parse(readFileSync(join(PROJECT_ROOT, "data", "keys", "partner-app.private.jwk.json"), "utf8"));

let assertionCount = 0;

/** A private_key_jwt assertion of partner-app; `claims` override the good defaults. */
export async function partnerAssertion(clock: VirtualClock, claims: JWTPayload = {}, key = PARTNER_KEY): Promise<string> {
  const now = Math.floor(clock.now() / 1000);
  const payload = { iss: "partner-app", sub: "partner-app", aud: `${ORIGIN}/token`, iat: now, exp: now + 60, jti: `assertion-${++assertionCount}`, ...claims };
  for (const k of Object.keys(payload)) if ((payload as any)[k] === undefined) delete (payload as any)[k];
  return new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid: key.kid }).sign(await importJWK(key, "ES256"));
}

export function assertionForm(assertion: string): Record<string, string> {
  return { client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion };
}
