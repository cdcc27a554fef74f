/** Authorization code with PKCE and network-based authentication (CAMARA profile, frontend flow; RFC 7636). */
import { decodeJwt } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answer, basic, DEMO, OTHER, PKCE, post, QOD_PURPOSE, request, setup, type Harness } from "./helpers.ts";
import { loadBodyValidator, type BodyValidator } from "./spec-schemas.ts";

let h: Harness;
let validateBody: BodyValidator;
beforeAll(async () => {
  validateBody = await loadBodyValidator();
});
beforeEach(async () => {
  h = await setup();
});

const BASE = {
  response_type: "code",
  client_id: DEMO.id,
  redirect_uri: DEMO.redirect,
  scope: "openid dpv:FraudPreventionAndDetection number-verification:verify",
  state: "st-1",
};

async function authorize(query: Record<string, string | undefined>, headers: Record<string, string> = { "x-forwarded-for": "198.51.100.10" }) {
  const q = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return answer(await h.server.handle(request({ path: "/authorize", query: q, headers })));
}

function redirected(res: { status: number; headers: Record<string, string> }): URLSearchParams {
  expect(res.status).toBe(302);
  expect(res.headers.location.startsWith(DEMO.redirect + "?")).toBe(true);
  return new URL(res.headers.location).searchParams;
}

async function codeFor(query: Record<string, string | undefined> = {}, headers?: Record<string, string>): Promise<string> {
  const params = redirected(await authorize({ ...BASE, code_challenge: PKCE.challenge, code_challenge_method: "S256", ...query }, headers));
  expect(params.get("error")).toBeNull();
  return params.get("code")!;
}

const exchange = (code: string, extra: Record<string, string> = {}, headers?: Record<string, string>) =>
  post(h, "/token", { grant_type: "authorization_code", code, redirect_uri: DEMO.redirect, code_verifier: PKCE.verifier, ...extra }, headers);

describe("GET /authorize then /token", () => {
  it("redirects with code and state, and the code buys a network-authenticated token", async () => {
    const params = redirected(await authorize({ ...BASE, code_challenge: PKCE.challenge, code_challenge_method: "S256", nonce: "n-1" }));
    expect(params.get("state")).toBe("st-1");
    const res = await exchange(params.get("code")!);
    expect(res.status).toBe(200);
    expect(validateBody("/token", "POST", 200, res.body)).toBeUndefined();
    expect(res.body.scope).toBe("dpv:FraudPreventionAndDetection number-verification:verify");
    const claims = await h.tokens.verify(res.body.access_token);
    expect(claims).toMatchObject({
      clientId: DEMO.id, grant: "authorization_code", subscriberId: "sub-alice", amr: ["nba"],
      scopes: ["number-verification:verify"], purpose: "dpv:FraudPreventionAndDetection",
    });
    expect(decodeJwt(res.body.id_token)).toMatchObject({ aud: DEMO.id, nonce: "n-1", amr: ["nba"] });
  });

  const identification: [name: string, query: Record<string, string>, headers: Record<string, string>, subscriberId: string][] = [
    ["X-Forwarded-For IPv4 (first entry)", {}, { "x-forwarded-for": "198.51.100.11, 10.0.0.1" }, "sub-bob"],
    ["X-Forwarded-For IPv4 with port", {}, { "x-forwarded-for": "203.0.113.7:4000" }, "sub-mallory"],
    ["X-Forwarded-For IPv6 in the /64", {}, { "x-forwarded-for": "2001:db8:2::1234" }, "sub-ivan"],
    ["login_hint tel: wins over the address", { login_hint: "tel:+34600000002" }, { "x-forwarded-for": "198.51.100.10" }, "sub-bob"],
    ["login_hint ipport:", { login_hint: "ipport:198.51.100.12" }, {}, "sub-carol"],
    ["unresolvable login_hint falls back to the address", { login_hint: "tel:+34699999999" }, { "x-forwarded-for": "198.51.100.10" }, "sub-alice"],
  ];
  it.each(identification)("%s", async (_name, query, headers, subscriberId) => {
    const code = await codeFor(query, headers);
    const claims = await h.tokens.verify((await exchange(code)).body.access_token);
    expect(claims.subscriberId).toBe(subscriberId);
  });

  it("works without PKCE (then no verifier may be sent) and without openid (then no ID token)", async () => {
    const params = redirected(await authorize({ ...BASE, scope: "qos-profiles:read" }));
    const res = await post(h, "/token", { grant_type: "authorization_code", code: params.get("code")!, redirect_uri: DEMO.redirect });
    expect(res.status).toBe(200);
    expect(res.body.id_token).toBeUndefined();
  });

  it("accepts the seed's frontend form (purpose, no scope, no state)", async () => {
    const params = redirected(await authorize({ response_type: "code", client_id: DEMO.id, redirect_uri: DEMO.redirect, purpose: QOD_PURPOSE }));
    expect(params.has("state")).toBe(false);
    const res = await post(h, "/token", { grant_type: "authorization_code", code: params.get("code")!, redirect_uri: DEMO.redirect });
    const claims = await h.tokens.verify(res.body.access_token);
    expect(claims.purpose).toBe(QOD_PURPOSE);
    expect(claims.scopes).toContain("quality-on-demand:sessions:create");
    expect(res.body.id_token).toBeDefined();
  });
});

describe("token exchange failures -> invalid_grant", () => {
  type Run = () => Promise<{ status: number; body: Record<string, any> }>;
  const cases: [name: string, run: Run, why: RegExp][] = [
    ["bad verifier", async () => exchange(await codeFor(), { code_verifier: "x".repeat(43) }), /does not match/],
    ["missing verifier when a challenge was sent", async () => {
      const code = await codeFor();
      return post(h, "/token", { grant_type: "authorization_code", code, redirect_uri: DEMO.redirect });
    }, /code_verifier is required/],
    ["verifier without a challenge", async () => exchange(redirected(await authorize(BASE)).get("code")!), /no code_challenge/],
    ["reused code", async () => {
      const code = await codeFor();
      expect((await exchange(code)).status).toBe(200);
      return exchange(code);
    }, /unknown or already used/],
    ["code retried after a bad verifier", async () => {
      const code = await codeFor();
      await exchange(code, { code_verifier: "y".repeat(43) });
      return exchange(code);
    }, /unknown or already used/],
    ["wrong redirect_uri", async () => exchange(await codeFor(), { redirect_uri: "http://127.0.0.1:3000/callback" }), /redirect_uri/],
    ["another client's code", async () => exchange(await codeFor(), {}, basic(OTHER.id, OTHER.secret)), /unknown/],
    ["expired code (60 s)", async () => {
      const code = await codeFor();
      await h.clock.advance(60);
      return exchange(code);
    }, /expired/],
    ["unknown code", async () => exchange("no-such-code"), /unknown/],
    ["code forgotten by reset()", async () => {
      const code = await codeFor();
      h.server.reset();
      return exchange(code);
    }, /unknown/],
  ];
  it.each(cases)("%s", async (_name, run, why) => {
    const res = await run();
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_grant");
    expect(res.body.error_description).toMatch(why);
    expect(validateBody("/token", "POST", 400, res.body)).toBeUndefined();
  });

  it.each([["code"], ["redirect_uri"]])("missing %s -> invalid_request", async (name) => {
    const form: Record<string, string> = { grant_type: "authorization_code", code: "c", redirect_uri: DEMO.redirect };
    delete form[name];
    expect((await post(h, "/token", form)).body.error).toBe("invalid_request");
  });
});

describe("GET /authorize errors", () => {
  const direct: [name: string, query: Record<string, string | undefined>][] = [
    ["unknown client_id", { client_id: "ghost" }],
    ["missing client_id", { client_id: undefined }],
    ["unregistered redirect_uri", { redirect_uri: "https://evil.example/cb" }],
    ["missing redirect_uri", { redirect_uri: undefined }],
    ["another client's redirect_uri", { redirect_uri: "http://localhost:3001/callback" }],
  ];
  it.each(direct)("%s -> 400 JSON, no redirect", async (_name, query) => {
    const res = await authorize({ ...BASE, ...query });
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.body.error).toBe("invalid_request");
    expect(validateBody("/authorize", "GET", 400, res.body)).toBeUndefined();
  });

  const viaRedirect: [name: string, query: Record<string, string | undefined>, headers: Record<string, string> | undefined, error: string][] = [
    ["no subscriber behind the address", {}, { "x-forwarded-for": "192.0.2.200" }, "access_denied"],
    ["no address at all", {}, {}, "access_denied"],
    ["no-network-auth subscriber", { login_hint: "tel:+34600000008" }, {}, "access_denied"],
    ["consent denied (ciba-denied)", {}, { "x-forwarded-for": "198.51.100.15" }, "access_denied"],
    ["code_challenge_method plain", { code_challenge: PKCE.challenge, code_challenge_method: "plain" }, undefined, "invalid_request"],
    ["code_challenge without method (plain by default)", { code_challenge: PKCE.challenge }, undefined, "invalid_request"],
    ["malformed code_challenge", { code_challenge: "short", code_challenge_method: "S256" }, undefined, "invalid_request"],
    ["method without challenge", { code_challenge_method: "S256" }, undefined, "invalid_request"],
    ["missing response_type", { response_type: undefined }, undefined, "invalid_request"],
    ["response_type token", { response_type: "token" }, undefined, "unsupported_response_type"],
    ["no scope and no purpose", { scope: undefined }, undefined, "invalid_request"],
    ["scope not allowed", { scope: "openid foo:bar" }, undefined, "invalid_scope"],
    ["two purposes", { purpose: QOD_PURPOSE }, undefined, "invalid_scope"],
  ];
  it("response_type=token (the implicit flow) points to authorization code + PKCE", async () => {
    const params = redirected(await authorize({ ...BASE, response_type: "token" }));
    expect(params.get("error")).toBe("unsupported_response_type");
    expect(params.get("error_description")).toMatch(/authorization code flow with PKCE/);
    expect(params.has("access_token")).toBe(false);
  });

  it.each(viaRedirect)("%s -> redirect error=%s with state", async (_name, query, headers, error) => {
    const params = redirected(await authorize({ ...BASE, ...query }, headers));
    expect(params.get("error")).toBe(error);
    expect(params.get("error_description")).toBeTruthy();
    expect(params.get("state")).toBe("st-1");
    expect(params.has("code")).toBe(false);
  });
});
