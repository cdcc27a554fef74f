/** TokenService: signing, verification on the virtual clock, the verification cache. */
import { decodeJwt, decodeProtectedHeader } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { TokenError, TokenService, type AccessClaims } from "../../src/auth/tokens.ts";
import { VirtualClock } from "../../src/core/clock.ts";
import { START } from "./helpers.ts";

let clock: VirtualClock;
let tokens: TokenService;
beforeEach(async () => {
  clock = new VirtualClock({ frozen: true, start: START });
  tokens = await TokenService.create(clock);
});

const THREE_LEGGED: Omit<AccessClaims, "issuedAt" | "expiresAt"> = {
  clientId: "demo-app",
  scopes: ["quality-on-demand:sessions:create", "quality-on-demand:sessions:read"],
  purpose: "dpv:RequestedServiceProvision#qod",
  subscriberId: "sub-alice",
  amr: ["nba"],
  grant: "authorization_code",
};

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenError);
    return (error as TokenError).reason;
  }
  return "accepted";
}

describe("TokenService", () => {
  it("round-trips the claims of a 3-legged token", async () => {
    const token = await tokens.issue(THREE_LEGGED, 600);
    expect(await tokens.verify(token)).toEqual({ ...THREE_LEGGED, issuedAt: START, expiresAt: START + 600_000, tokenId: expect.any(String) });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", typ: "at+jwt", kid: tokens.keyId });
    expect(decodeJwt(token)).toMatchObject({ sub: "sub-alice", client_id: "demo-app" });
  });

  it("carries an API's extra claims and a given token id, never letting them override the mock's own", async () => {
    const extra = { typ: "DevAuthN", accountId: "ACC-1", sessionControl: { maxSessions: 3 }, client_id: "intruder", scope: "everything" };
    const claims = await tokens.verify(await tokens.issue({ clientId: "demo-app", scopes: ["a:b"], grant: "client_credentials", tokenId: "t-1", extra }, 60));
    expect(claims).toMatchObject({ clientId: "demo-app", scopes: ["a:b"], tokenId: "t-1" });
    expect(claims.extra).toEqual({ typ: "DevAuthN", accountId: "ACC-1", sessionControl: { maxSessions: 3 } });
  });

  it("a 2-legged token has no subscriber", async () => {
    const claims = await tokens.verify(await tokens.issue({ clientId: "demo-app", scopes: [], grant: "client_credentials" }, 60));
    expect(claims.subscriberId).toBeUndefined();
    expect(claims.scopes).toEqual([]);
  });

  const refusals: [name: string, make: () => Promise<string>, reason: string][] = [
    ["malformed: not a JWT", async () => "abc", "malformed"],
    ["malformed: garbage segments", async () => "a.b.c", "malformed"],
    ["tampered payload", async () => {
      const [head, , sig] = (await tokens.issue(THREE_LEGGED, 600)).split(".");
      const forged = Buffer.from(JSON.stringify({ ...decodeJwt(await tokens.issue(THREE_LEGGED, 600)), sub: "sub-bob" })).toString("base64url");
      return `${head}.${forged}.${sig}`;
    }, "signature"],
    ["signed by another instance", async () => (await TokenService.create(clock)).issue(THREE_LEGGED, 600), "signature"],
    ["issued already expired", async () => tokens.issue(THREE_LEGGED, -1), "expired"],
    ["an ID token (typ JWT) used as access token", async () => tokens.signIdToken({ sub: "x", aud: "demo-app" }, 600), "claims"],
  ];
  it.each(refusals)("refuses %s", async (_name, make, want) => {
    expect(await reason(tokens.verify(await make()))).toBe(want);
  });

  it("expires with the virtual clock, to the millisecond", async () => {
    const token = await tokens.issue(THREE_LEGGED, 1.5);
    await clock.advance(1.499);
    expect(await reason(tokens.verify(token))).toBe("accepted");
    await clock.advance(0.001);
    expect(await reason(tokens.verify(token))).toBe("expired");
  });

  it("re-checks expiry on a cache hit", async () => {
    const token = await tokens.issue(THREE_LEGGED, 60);
    await tokens.verify(token); // cached now
    await clock.advance(60);
    expect(await reason(tokens.verify(token))).toBe("expired");
  });

  it("hands out frozen claims, so a caller cannot alter the cached ones", async () => {
    const token = await tokens.issue(THREE_LEGGED, 60);
    const claims = await tokens.verify(token);
    expect(() => (claims.scopes as string[]).push("sim-swap:check")).toThrow(TypeError);
    expect(() => Object.assign(claims, { clientId: "other" })).toThrow(TypeError);
    expect((await tokens.verify(token)).scopes).toEqual(THREE_LEGGED.scopes);
    expect(tokens.cached(token)).toBe(claims);
  });

  it("a cache hit needs the whole token: another token with the same signature part is verified anew (and refused)", async () => {
    const token = await tokens.issue(THREE_LEGGED, 60);
    await tokens.verify(token);
    const [, payload, signature] = token.split(".");
    const forged = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${payload}.${signature}`;
    expect(tokens.cached(forged)).toBeUndefined();
    expect(await reason(tokens.verify(forged))).not.toBe("accepted");
  });

  it("publishes only the public key", () => {
    const [key] = tokens.jwks().keys as Record<string, unknown>[];
    expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(key.d).toBeUndefined();
  });
});
