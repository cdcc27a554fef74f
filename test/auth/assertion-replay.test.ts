/**
 * Issue 12 defect 8, private_key_jwt (RFC 7523 §3, OIDC Core §9): an assertion carries a `jti` and is
 * accepted once (remembered until its exp); its audience is the configured issuer or token endpoint,
 * never whatever the request's Host header says.
 */
import { request as httpRequest } from "node:http";
import { beforeEach, describe, expect, it } from "vitest";
import { createAuthServer } from "../../src/auth/server.ts";
import { createMock } from "../../src/mock/app.ts";
import { listen } from "../../src/mock/server.ts";
import { answer, assertionForm, KNOWN_SCOPES, ORIGIN, partnerAssertion, request, setup, type Harness } from "./helpers.ts";

const CC = { grant_type: "client_credentials", scope: "qos-profiles:read" };

let h: Harness;
beforeEach(async () => {
  h = await setup();
});

async function token(assertion: string, origin = ORIGIN, server = h.server) {
  return answer(await server.handle({ ...request({ path: "/token", form: { ...CC, ...assertionForm(assertion) } }), origin }));
}

describe("private_key_jwt replay", () => {
  it("the same assertion (same jti) is accepted once", async () => {
    const assertion = await partnerAssertion(h.clock);
    expect((await token(assertion)).status).toBe(200);
    const again = await token(assertion);
    expect(again.status).toBe(401);
    expect(again.body.error).toBe("invalid_client");
    expect(again.body.error_description).toMatch(/jti/);
  });

  it("an assertion without jti is refused", async () => {
    const res = await token(await partnerAssertion(h.clock, { jti: undefined }));
    expect(res.status).toBe(401);
    expect(res.body.error_description).toMatch(/jti/);
  });

  it("a jti is forgotten once its assertion has expired (no unbounded memory), yet the old assertion stays refused", async () => {
    const assertion = await partnerAssertion(h.clock, { jti: "reused" });
    expect((await token(assertion)).status).toBe(200);
    await h.clock.advance(120);
    expect((await token(assertion)).status).toBe(401); // expired now
    expect((await token(await partnerAssertion(h.clock, { jti: "reused" }))).status).toBe(200);
  });
});

describe("private_key_jwt audience", () => {
  it("follows the configured issuer, not the Host the request names", async () => {
    const server = createAuthServer({ testdata: () => h.data, clock: h.clock, tokens: h.tokens, knownScopes: KNOWN_SCOPES, issuer: () => ORIGIN });
    const forged = await partnerAssertion(h.clock, { aud: "https://other-as.example/token" });
    expect((await token(forged, "https://other-as.example", server)).status).toBe(401);
    expect((await token(await partnerAssertion(h.clock), "https://other-as.example", server)).status).toBe(200);
  });

  it("on a real port the issuer is the listening URL whatever Host is sent", async () => {
    const app = await createMock({ clock: h.clock });
    const running = await listen(app, { port: 0 });
    try {
      const port = new URL(running.url).port;
      const send = async (aud: string, host: string) => {
        const body = new URLSearchParams({ ...CC, ...assertionForm(await partnerAssertion(h.clock, { aud })) }).toString();
        return new Promise<number>((resolve, reject) => {
          const req = httpRequest(
            { host: "127.0.0.1", port, path: "/token", method: "POST", headers: { host, "content-type": "application/x-www-form-urlencoded" } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on("error", reject);
          req.end(body);
        });
      };
      expect(await send("http://evil.example/token", "evil.example")).toBe(401);
      expect(await send(`${running.url}/token`, "evil.example")).toBe(200);
      const discovery = await (await fetch(`${running.url}/.well-known/openid-configuration`)).json();
      expect(discovery.issuer).toBe(running.url);
    } finally {
      await running.close();
      await app.close();
    }
  });
});
