/** client_credentials (CAMARA profile: 2-legged, `scope` REQUIRED) and the generic token-endpoint errors. */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { basic, post, setup, type Harness } from "./helpers.ts";
import { loadBodyValidator, type BodyValidator } from "./spec-schemas.ts";

let h: Harness;
let validateBody: BodyValidator;
beforeAll(async () => {
  validateBody = await loadBodyValidator();
});
beforeEach(async () => {
  h = await setup();
});

describe("grant_type=client_credentials", () => {
  it("issues a 2-legged token with the requested scopes", async () => {
    const res = await post(h, "/token", { grant_type: "client_credentials", scope: "qos-profiles:read quality-on-demand:sessions:create" });
    expect(res.status).toBe(200);
    expect(validateBody("/token", "POST", 200, res.body)).toBeUndefined();
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "qos-profiles:read quality-on-demand:sessions:create" });
    expect(res.body.id_token).toBeUndefined();
    expect(res.headers).toMatchObject({ "cache-control": "no-store", pragma: "no-cache" });
    const claims = await h.tokens.verify(res.body.access_token);
    expect(claims).toMatchObject({ clientId: "demo-app", grant: "client_credentials", scopes: ["qos-profiles:read", "quality-on-demand:sessions:create"] });
    expect(claims.subscriberId).toBeUndefined();
    expect(claims.amr).toBeUndefined();
    expect(claims.expiresAt - claims.issuedAt).toBe(3600_000);
  });

  it("keeps a dpv: purpose apart from the API scopes and drops offline_access", async () => {
    const res = await post(h, "/token", { grant_type: "client_credentials", scope: "dpv:FraudPreventionAndDetection offline_access sim-swap:check" });
    expect(res.body.scope).toBe("dpv:FraudPreventionAndDetection sim-swap:check");
    const claims = await h.tokens.verify(res.body.access_token);
    expect(claims).toMatchObject({ scopes: ["sim-swap:check"], purpose: "dpv:FraudPreventionAndDetection" });
  });

  it("lets a restricted client have exactly its scopes", async () => {
    const res = await post(h, "/token", { grant_type: "client_credentials", scope: "qos-profiles:read" }, basic("profiles-only-app", "profiles-only-secret"));
    expect(res.status).toBe(200);
  });

  const errors: [name: string, form: Record<string, string>, error: string, headers?: Record<string, string>][] = [
    ["missing scope", { grant_type: "client_credentials" }, "invalid_request"],
    ["blank scope", { grant_type: "client_credentials", scope: " " }, "invalid_request"],
    ["scope not allowed for the client", { grant_type: "client_credentials", scope: "quality-on-demand:sessions:create" }, "invalid_scope", basic("profiles-only-app", "profiles-only-secret")],
    ["unknown scope", { grant_type: "client_credentials", scope: "foo:bar" }, "invalid_scope"],
    ["openid (no end user)", { grant_type: "client_credentials", scope: "openid qos-profiles:read" }, "invalid_scope"],
    ["only a purpose", { grant_type: "client_credentials", scope: "dpv:FraudPreventionAndDetection" }, "invalid_scope"],
    ["two purposes", { grant_type: "client_credentials", scope: "dpv:A dpv:B qos-profiles:read" }, "invalid_scope"],
    ["missing grant_type", { scope: "qos-profiles:read" }, "invalid_request"],
    ["unknown grant_type", { grant_type: "password", scope: "qos-profiles:read" }, "unsupported_grant_type"],
    ["jwt-bearer grant (not served)", { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer" }, "unsupported_grant_type"],
  ];
  it.each(errors)("%s -> 400 %s", async (_name, form, error, headers) => {
    const res = await post(h, "/token", form, headers);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
    expect(typeof res.body.error_description).toBe("string");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(validateBody("/token", "POST", 400, res.body)).toBeUndefined();
  });

  it("validates the 401 body against the spec", async () => {
    const res = await post(h, "/token", { grant_type: "client_credentials", scope: "qos-profiles:read" }, basic("demo-app", "wrong"));
    expect(res.status).toBe(401);
    expect(validateBody("/token", "POST", 401, res.body)).toBeUndefined();
  });
});

describe("form rules of the token endpoint", () => {
  it("refuses a body that is not form-encoded", async () => {
    const res = await post(h, "/token", { grant_type: "client_credentials", scope: "qos-profiles:read" }, { ...basic("demo-app", "demo-app-secret"), "content-type": "application/json" });
    expect(res).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("refuses a repeated parameter (RFC 6749 §3.1)", async () => {
    const res = await h.server.handle({
      method: "POST", path: "/token", query: new URLSearchParams(), origin: "http://op.example:4010",
      headers: { ...basic("demo-app", "demo-app-secret"), "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: "grant_type=client_credentials&scope=qos-profiles:read&scope=sim-swap:check",
    });
    expect(res?.status).toBe(400);
    expect(JSON.parse(res!.body!).error).toBe("invalid_request");
  });
});
