/**
 * Authentication and scope checks on every QoD / QoS Profiles operation. Design guide note 1: any
 * unauthenticated request gets the same non-descriptive 401 UNAUTHENTICATED whatever the reason; a
 * token without the operation's scope gets 403 PERMISSION_DENIED (CAMARA_common Generic401/403).
 */
import { SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TokenService } from "../../src/auth/tokens.ts";
import { ApiError } from "../../src/core/errors.ts";
import { requireScope } from "../../src/mock/pipeline/scope.ts";
import type { OperationSpec } from "../../src/openapi/operations.ts";
import {
  ALL_SCOPES,
  clientCredentialsToken,
  DEVICES,
  expectError,
  mint,
  type MockFixture,
  OPERATIONS,
  QOD,
  send,
  sessionBody,
  startMock,
} from "./helpers.ts";

let m: MockFixture;
beforeAll(async () => {
  m = await startMock();
});
beforeEach(async () => {
  await m.app.reset();
});
afterAll(() => m.app.close());

/** Swaps one character in the middle of a base64url segment (the last character may carry only padding bits). */
function flipMiddle(segment: string): string {
  const i = Math.floor(segment.length / 2);
  return segment.slice(0, i) + (segment[i] === "A" ? "B" : "A") + segment.slice(i + 1);
}

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Each case returns the Authorization header to send (undefined: no header). */
const UNAUTHENTICATED: [reason: string, header: (f: MockFixture) => Promise<string | undefined>][] = [
  ["no Authorization header", async () => undefined],
  ["Basic scheme", async () => `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}`],
  ["a valid token under another scheme", async (f) => `Token ${await mint(f.app)}`],
  ["Bearer without a token", async () => "Bearer"],
  ["Bearer with blanks only", async () => "Bearer    "],
  ["not a JWT", async () => "Bearer not-a-jwt"],
  ["three dots of garbage", async () => "Bearer a.b.c"],
  ["two tokens", async (f) => `Bearer ${await mint(f.app)} ${await mint(f.app)}`],
  [
    "tampered signature",
    async (f) => {
      const [h, p, s] = (await mint(f.app)).split(".");
      return `Bearer ${h}.${p}.${flipMiddle(s)}`;
    },
  ],
  [
    "tampered payload (other client_id, original signature)",
    async (f) => {
      const [h, p, s] = (await mint(f.app)).split(".");
      const claims = JSON.parse(Buffer.from(p, "base64url").toString());
      return `Bearer ${h}.${b64({ ...claims, client_id: "other-app" })}.${s}`;
    },
  ],
  [
    "alg none",
    async (f) => {
      const [, p] = (await mint(f.app)).split(".");
      return `Bearer ${b64({ alg: "none", typ: "at+jwt" })}.${p}.`;
    },
  ],
  ["expired (minted with expiresIn -60)", async (f) => `Bearer ${await mint(f.app, { expiresIn: -60 })}`],
  [
    "expired by advancing the virtual clock past exp",
    async (f) => {
      const token = await mint(f.app, { expiresIn: 60 });
      // used once while valid, so that the verification cache holds it
      expect((await send(f.app, { path: "/qos-profiles/v1/qos-profiles/QOS_E", token })).status).toBe(200);
      await f.clock.advance(61);
      return `Bearer ${token}`;
    },
  ],
  [
    "signed by another key (another mock instance)",
    async (f) => {
      const foreign = await TokenService.create(f.clock);
      const token = await foreign.issue({ clientId: "demo-app", scopes: ALL_SCOPES.split(" "), grant: "client_credentials" }, 3600);
      return `Bearer ${token}`;
    },
  ],
  [
    "an ID token of the mock (typ JWT, not at+jwt)",
    async (f) => `Bearer ${await f.app.tokens.signIdToken({ sub: "sub-alice", aud: "demo-app", iss: "http://mock.local" }, 3600)}`,
  ],
  [
    "a JWT with the right claims but an HMAC key",
    async (f) => {
      const now = f.clock.now() / 1000;
      const jwt = await new SignJWT({ client_id: "demo-app", scope: ALL_SCOPES, grant: "client_credentials", sub: "demo-app" })
        .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
        .setIssuedAt(Math.floor(now))
        .setExpirationTime(Math.floor(now) + 600)
        .sign(new TextEncoder().encode("0123456789abcdef0123456789abcdef"));
      return `Bearer ${jwt}`;
    },
  ],
];

describe("401 UNAUTHENTICATED", () => {
  const table = UNAUTHENTICATED.flatMap(([reason, header]) => OPERATIONS.map((op) => [op.operationId, reason, header, op] as const));

  it.each(table)("%s: %s", async (_id, _reason, header, op) => {
    const authorization = await header(m);
    const spec = op.request();
    const res = await send(m.app, { ...spec, headers: authorization === undefined ? {} : { authorization } });
    expectError(res, 401, "UNAUTHENTICATED");
    expect(m.bugs).toEqual([]);
  });

  it("gives the same non-descriptive message whatever the reason", async () => {
    const messages = new Set<string>();
    for (const [, header] of UNAUTHENTICATED) {
      const authorization = await header(m);
      const res = await send(m.app, { ...OPERATIONS[1].request(), headers: authorization === undefined ? {} : { authorization } });
      messages.add(res.body.message);
    }
    expect([...messages]).toHaveLength(1);
  });

  it("accepts the scheme name in any case (RFC 6750 / RFC 9110 auth-scheme)", async () => {
    const token = await mint(m.app);
    for (const scheme of ["bearer", "BEARER", "Bearer"]) {
      const res = await send(m.app, { path: "/qos-profiles/v1/qos-profiles/QOS_E", headers: { authorization: `${scheme} ${token}` } });
      expect(res.status, scheme).toBe(200);
    }
  });

  it("refuses a token in the query string (?access_token=), even a valid one, saying to use the header", async () => {
    const token = await mint(m.app);
    const res = await send(m.app, { path: `/qos-profiles/v1/qos-profiles/QOS_E?access_token=${token}` });
    expectError(res, 401, "UNAUTHENTICATED");
    expect(res.body.message).toMatch(/Authorization header/);
    // with the header as well, the query token is still refused: it must not be sent at all
    const both = await send(m.app, { path: `/qos-profiles/v1/qos-profiles/QOS_E?access_token=${token}`, token });
    expectError(both, 401, "UNAUTHENTICATED");
  });

  it("is checked before the request body (401 wins over 400)", async () => {
    const res = await send(m.app, { path: `${QOD}/sessions`, raw: "{not json", headers: { "content-type": "application/json" } });
    expectError(res, 401, "UNAUTHENTICATED");
  });
});

describe("403 PERMISSION_DENIED", () => {
  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))(
    "%s with a /token token holding every other scope",
    async (_id, op) => {
      const others = ALL_SCOPES.split(" ").filter((s) => s !== op.scope);
      const token = await clientCredentialsToken(m.app, "demo-app", "demo-app-secret", others.join(" "));
      expectError(await send(m.app, op.request(token)), 403, "PERMISSION_DENIED");
    },
  );

  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))("%s with a token without any scope", async (_id, op) => {
    const token = await mint(m.app, { scope: "" });
    expectError(await send(m.app, op.request(token)), 403, "PERMISSION_DENIED");
  });

  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))(
    "%s: profiles-only-app (qos-profiles:read from /token) may only read profiles",
    async (_id, op) => {
      const token = await clientCredentialsToken(m.app, "profiles-only-app", "profiles-only-secret", "qos-profiles:read");
      const res = await send(m.app, op.request(token));
      if (op.scope === "qos-profiles:read") expect(res.status).toBe(200);
      else expectError(res, 403, "PERMISSION_DENIED");
    },
  );

  it("a 3-legged token without the scope is refused too", async () => {
    const token = await mint(m.app, { scope: "qos-profiles:read", phoneNumber: DEVICES.alice.phoneNumber });
    expectError(await send(m.app, { path: `${QOD}/retrieve-sessions`, token, json: {} }), 403, "PERMISSION_DENIED");
  });

  it("is checked before the request body and before the resource lookup", async () => {
    const token = await mint(m.app, { scope: "qos-profiles:read" });
    expectError(await send(m.app, { path: `${QOD}/sessions`, token, json: { nonsense: true } }), 403, "PERMISSION_DENIED");
    expectError(await send(m.app, { path: `${QOD}/sessions/not-a-uuid`, token }), 403, "PERMISSION_DENIED");
  });

  it("the token's scope is what counts, not the client's allowance", async () => {
    const token = await clientCredentialsToken(m.app, "demo-app", "demo-app-secret", "quality-on-demand:sessions:read");
    expectError(await send(m.app, { path: `${QOD}/sessions`, token, json: sessionBody() }), 403, "PERMISSION_DENIED");
  });
});

describe("scope alternatives (security requirements OR-ed, scopes inside one AND-ed)", () => {
  const op = { operationId: "x", scopes: [["a"], ["b", "c"]] } as unknown as OperationSpec;
  const claims = (scopes: string[]) => ({ clientId: "demo-app", scopes, grant: "client_credentials" as const, issuedAt: 0, expiresAt: 1 });

  it.each([[["a"]], [["b", "c"]], [["c", "b", "z"]], [["a", "b"]]])("%j satisfies a or (b and c)", (scopes) => {
    expect(() => requireScope(op, claims(scopes))).not.toThrow();
  });

  it.each([[[]], [["b"]], [["c"]], [["A"]]])("%j does not", (scopes) => {
    let error: unknown;
    try {
      requireScope(op, claims(scopes));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("PERMISSION_DENIED");
  });

  it("an operation without security requirements needs no scope", () => {
    expect(() => requireScope({ scopes: [] } as unknown as OperationSpec, claims([]))).not.toThrow();
  });

  // sim-swap declares `sim-swap:check` OR `sim-swap`: only the scope middleware is exercised here.
  it.each([
    ["sim-swap:check", false],
    ["sim-swap", false],
    ["sim-swap:retrieve-date", true],
  ])("POST /sim-swap/v2/check with scope %s -> denied: %s", async (scope, denied) => {
    const token = await mint(m.app, { scope });
    const res = await send(m.app, { path: "/sim-swap/v2/check", token, json: { phoneNumber: DEVICES.alice.phoneNumber } });
    if (denied) expectError(res, 403, "PERMISSION_DENIED");
    else expect([401, 403]).not.toContain(res.status);
  });
});
