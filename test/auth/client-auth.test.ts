/** Client authentication at /token and /bc-authorize (RFC 6749 §2.3.1, RFC 7523, CAMARA profile: 300 s assertions). */
import { generateKeyPair, exportJWK } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import {
  assertionForm, basic, DEMO, ORIGIN, partnerAssertion, post, setup, type Harness,
} from "./helpers.ts";

let h: Harness;
beforeEach(async () => {
  h = await setup();
});

const CC = { grant_type: "client_credentials", scope: "qos-profiles:read" };

describe("client authentication on /token", () => {
  type Case = [name: string, make: () => Promise<{ form: Record<string, string>; headers: Record<string, string> }>, status: number, error?: string, why?: RegExp];
  const cases: Case[] = [
    ["client_secret_basic, good secret", async () => ({ form: CC, headers: basic(DEMO.id, DEMO.secret) }), 200],
    ["client_secret_basic, bad secret", async () => ({ form: CC, headers: basic(DEMO.id, "nope") }), 401, "invalid_client"],
    ["client_secret_basic, unknown client", async () => ({ form: CC, headers: basic("ghost", "x") }), 401, "invalid_client"],
    ["client_secret_basic, no colon", async () => ({ form: CC, headers: { authorization: `Basic ${Buffer.from("demo-app").toString("base64")}` } }), 401, "invalid_client"],
    ["client_secret_basic, client without secret", async () => ({ form: CC, headers: basic("partner-app", "") }), 401, "invalid_client"],
    ["client_secret_post, good secret", async () => ({ form: { ...CC, client_id: DEMO.id, client_secret: DEMO.secret }, headers: {} }), 200],
    ["client_secret_post, bad secret", async () => ({ form: { ...CC, client_id: DEMO.id, client_secret: "nope" }, headers: {} }), 401, "invalid_client"],
    ["client_secret_post, no client_id", async () => ({ form: { ...CC, client_secret: DEMO.secret }, headers: {} }), 401, "invalid_client"],
    ["no authentication at all", async () => ({ form: { ...CC, client_id: DEMO.id }, headers: {} }), 401, "invalid_client"],
    ["two methods at once", async () => ({ form: { ...CC, client_id: DEMO.id, client_secret: DEMO.secret }, headers: basic(DEMO.id, DEMO.secret) }), 400, "invalid_request"],
    ["private_key_jwt, good assertion (aud = token endpoint)", async () => ({ form: { ...CC, ...assertionForm(await partnerAssertion(h.clock)) }, headers: {} }), 200],
    ["private_key_jwt, aud = issuer", async () => ({ form: { ...CC, ...assertionForm(await partnerAssertion(h.clock, { aud: ORIGIN })) }, headers: {} }), 200],
    ["private_key_jwt, matching client_id", async () => ({ form: { ...CC, client_id: "partner-app", ...assertionForm(await partnerAssertion(h.clock)) }, headers: {} }), 200],
    ["private_key_jwt, wrong aud", async () => ({ form: { ...CC, ...assertionForm(await partnerAssertion(h.clock, { aud: `${ORIGIN}/bc-authorize` })) }, headers: {} }), 401, "invalid_client", /aud/],
    ["private_key_jwt, expired", async () => {
      const assertion = await partnerAssertion(h.clock);
      await h.clock.advance(61);
      return { form: { ...CC, ...assertionForm(assertion) }, headers: {} };
    }, 401, "invalid_client", /expired/],
    ["private_key_jwt, no exp", async () => ({ form: { ...CC, ...assertionForm(await partnerAssertion(h.clock, { exp: undefined })) }, headers: {} }), 401, "invalid_client", /exp/],
    ["private_key_jwt, exp - iat > 300 s", async () => {
      const now = Math.floor(h.clock.now() / 1000);
      return { form: { ...CC, ...assertionForm(await partnerAssertion(h.clock, { iat: now - 100, exp: now + 250 })) }, headers: {} };
    }, 401, "invalid_client", /exp - iat/],
    ["private_key_jwt, exp > receipt + 300 s", async () => {
      const now = Math.floor(h.clock.now() / 1000);
      return { form: { ...CC, ...assertionForm(await partnerAssertion(h.clock, { iat: undefined, exp: now + 400 })) }, headers: {} };
    }, 401, "invalid_client", /ahead/],
    ["private_key_jwt, sub differs from iss", async () => ({ form: { ...CC, ...assertionForm(await partnerAssertion(h.clock, { sub: "demo-app" })) }, headers: {} }), 401, "invalid_client", /sub/],
    ["private_key_jwt, client without keys", async () => ({ form: { ...CC, ...assertionForm(await partnerAssertion(h.clock, { iss: "demo-app", sub: "demo-app" })) }, headers: {} }), 401, "invalid_client"],
    ["private_key_jwt, bad signature (foreign key)", async () => {
      const { privateKey } = await generateKeyPair("ES256", { extractable: true });
      const foreign = { ...(await exportJWK(privateKey)), kid: "partner-app-key-1" };
      return { form: { ...CC, ...assertionForm(await partnerAssertion(h.clock, {}, foreign)) }, headers: {} };
    }, 401, "invalid_client", /signature/],
    ["private_key_jwt, tampered payload", async () => {
      const [head, , sig] = (await partnerAssertion(h.clock)).split(".");
      const payload = Buffer.from(JSON.stringify({ iss: "partner-app", sub: "partner-app", aud: `${ORIGIN}/token`, exp: 9e9 })).toString("base64url");
      return { form: { ...CC, ...assertionForm(`${head}.${payload}.${sig}`) }, headers: {} };
    }, 401, "invalid_client", /signature/],
    ["private_key_jwt, not a JWT", async () => ({ form: { ...CC, ...assertionForm("not-a-jwt") }, headers: {} }), 401, "invalid_client"],
    ["private_key_jwt, wrong assertion type", async () => ({ form: { ...CC, client_assertion_type: "urn:x", client_assertion: await partnerAssertion(h.clock) }, headers: {} }), 401, "invalid_client"],
    ["private_key_jwt, client_id differs from iss", async () => ({ form: { ...CC, client_id: DEMO.id, ...assertionForm(await partnerAssertion(h.clock)) }, headers: {} }), 401, "invalid_client"],
  ];

  it.each(cases)("%s", async (_name, make, status, error, why) => {
    const { form, headers } = await make();
    const res = await post(h, "/token", form, headers);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
    if (why) expect(res.body.error_description).toMatch(why);
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("answers a Basic failure with a WWW-Authenticate challenge and never echoes the secret", async () => {
    const res = await post(h, "/token", CC, basic(DEMO.id, "s3cr3t-guess"));
    expect(res.headers["www-authenticate"]).toMatch(/^Basic /);
    expect(JSON.stringify(res)).not.toContain("s3cr3t-guess");
  });

  it("accepts form-urlencoded Basic credentials (RFC 6749 §2.3.1)", async () => {
    const data = h.data;
    data.clients.push({ clientId: "odd:app", clientSecret: "p@ss word", scopes: ["*"] });
    const encoded = `${encodeURIComponent("odd:app")}:${encodeURIComponent("p@ss word").replace(/%20/g, "+")}`;
    const res = await post(h, "/token", CC, { authorization: `Basic ${Buffer.from(encoded).toString("base64")}` });
    expect(res.status).toBe(200);
  });
});

describe("client authentication on /bc-authorize", () => {
  const form = { login_hint: "tel:+34600000001", scope: "openid qos-profiles:read" };

  it("accepts an assertion whose aud is the backchannel endpoint", async () => {
    const assertion = await partnerAssertion(h.clock, { aud: `${ORIGIN}/bc-authorize` });
    const res = await post(h, "/bc-authorize", { ...form, ...assertionForm(assertion) }, {});
    expect(res.status).toBe(200);
  });

  it("refuses an assertion made for the token endpoint", async () => {
    const res = await post(h, "/bc-authorize", { ...form, ...assertionForm(await partnerAssertion(h.clock)) }, {});
    expect(res).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("refuses a bad secret before looking at the request", async () => {
    const res = await post(h, "/bc-authorize", { scope: "x" }, basic(DEMO.id, "bad"));
    expect(res).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });
});
