import { beforeAll, describe, expect, it } from "vitest";
import { answer, KNOWN_SCOPES, ORIGIN, request, setup, type Harness } from "./helpers.ts";
import { loadBodyValidator, type BodyValidator } from "./spec-schemas.ts";

let h: Harness;
let validateBody: BodyValidator;
beforeAll(async () => {
  h = await setup();
  validateBody = await loadBodyValidator();
});

describe("GET /.well-known/openid-configuration", () => {
  it("answers a document that matches the spec", async () => {
    const res = answer(await h.server.handle(request({ path: "/.well-known/openid-configuration" })));
    expect(res.status).toBe(200);
    expect(validateBody("/.well-known/openid-configuration", "GET", 200, res.body)).toBeUndefined();
  });

  const want: [string, unknown][] = [
    ["issuer", ORIGIN],
    ["authorization_endpoint", `${ORIGIN}/authorize`],
    ["token_endpoint", `${ORIGIN}/token`],
    ["backchannel_authentication_endpoint", `${ORIGIN}/bc-authorize`],
    ["jwks_uri", `${ORIGIN}/jwks`],
    ["grant_types_supported", ["authorization_code", "client_credentials", "urn:openid:params:grant-type:ciba"]],
    ["token_endpoint_auth_methods_supported", ["client_secret_basic", "client_secret_post", "private_key_jwt"]],
    ["backchannel_token_delivery_modes_supported", ["poll"]],
    ["response_types_supported", ["code"]],
    ["code_challenge_methods_supported", ["S256"]],
    ["subject_types_supported", ["pairwise"]],
    ["id_token_signing_alg_values_supported", ["ES256"]],
  ];
  it.each(want)("%s", async (field, value) => {
    const res = answer(await h.server.handle(request({ path: "/.well-known/openid-configuration" })));
    expect(res.body[field]).toEqual(value);
  });

  it("lists openid and every API scope of the served specs", async () => {
    const res = answer(await h.server.handle(request({ path: "/.well-known/openid-configuration" })));
    expect(res.body.scopes_supported).toEqual(["openid", ...KNOWN_SCOPES]);
    expect(KNOWN_SCOPES).toContain("quality-on-demand:sessions:create");
    expect(KNOWN_SCOPES).toContain("number-verification:verify");
  });

  it("takes the issuer from the origin the request reached", async () => {
    const req = { ...request({ path: "/.well-known/openid-configuration" }), origin: "https://proxy.example" };
    const res = answer(await h.server.handle(req));
    expect(res.body.issuer).toBe("https://proxy.example");
    expect(res.body.token_endpoint).toBe("https://proxy.example/token");
  });
});

describe("GET /jwks", () => {
  it("publishes the ES256 key that signs the tokens", async () => {
    const res = answer(await h.server.handle(request({ path: "/jwks" })));
    expect(res.status).toBe(200);
    expect(validateBody("/jwks", "GET", 200, res.body)).toBeUndefined();
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", kid: h.tokens.keyId });
    expect(res.body.keys[0].d).toBeUndefined();
  });
});

describe("routing", () => {
  it.each(["/", "/quality-on-demand/v1/sessions", "/token/x", "/_harness/testdata"])("leaves %s to the caller", async (path) => {
    expect(await h.server.handle(request({ path }))).toBeUndefined();
  });

  const wrongMethods: [string, string, string][] = [
    ["GET", "/token", "POST"],
    ["GET", "/bc-authorize", "POST"],
    ["POST", "/jwks", "GET"],
    ["DELETE", "/.well-known/openid-configuration", "GET"],
  ];
  it.each(wrongMethods)("%s %s is 405 with Allow: %s", async (method, path, allow) => {
    const res = answer(await h.server.handle(request({ method, path })));
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
  });
});
