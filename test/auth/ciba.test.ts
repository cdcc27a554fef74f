/** CIBA poll mode (OIDC CIBA §7, §10, §11; CAMARA profile "CIBA /bc-authorize request"). */
import { decodeJwt } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { basic, CIBA_GRANT, OTHER, post, QOD_PURPOSE, setup, type Harness } from "./helpers.ts";
import { loadBodyValidator, type BodyValidator } from "./spec-schemas.ts";

let h: Harness;
let validateBody: BodyValidator;
beforeAll(async () => {
  validateBody = await loadBodyValidator();
});
beforeEach(async () => {
  h = await setup();
});

async function start(form: Record<string, string>) {
  const res = await post(h, "/bc-authorize", form);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.auth_req_id as string;
}

const poll = (authReqId: string, headers?: Record<string, string>) =>
  post(h, "/token", { grant_type: CIBA_GRANT, auth_req_id: authReqId }, headers);

describe("POST /bc-authorize then /token (happy paths)", () => {
  const happy: [name: string, form: Record<string, string>, subscriberId: string, scopes: string[], purpose?: string][] = [
    ["tel: hint with scope", { login_hint: "tel:+34600000001", scope: "openid dpv:FraudPreventionAndDetection sim-swap:check" }, "sub-alice", ["sim-swap:check"], "dpv:FraudPreventionAndDetection"],
    ["ipport: IPv4 with port", { login_hint: "ipport:198.51.100.11:5001", scope: "openid quality-on-demand:sessions:create" }, "sub-bob", ["quality-on-demand:sessions:create"]],
    ["ipport: IPv6 in the device's /64", { login_hint: "ipport:[2001:db8:2::abcd]:8080", scope: "openid qos-profiles:read" }, "sub-ivan", ["qos-profiles:read"]],
    ["purpose as its own parameter", { login_hint: "tel:+34600000002", scope: "openid sim-swap:check", purpose: "dpv:FraudPreventionAndDetection" }, "sub-bob", ["sim-swap:check"], "dpv:FraudPreventionAndDetection"],
    [
      "the seed's Open Gateway form (ipport + purpose, no scope)",
      { login_hint: "ipport:203.0.113.7:4000", purpose: QOD_PURPOSE },
      "sub-mallory",
      ["qos-profiles:read", "quality-on-demand:sessions:create", "quality-on-demand:sessions:delete", "quality-on-demand:sessions:read", "quality-on-demand:sessions:retrieve-by-device", "quality-on-demand:sessions:update"],
      QOD_PURPOSE,
    ],
  ];

  it.each(happy)("%s", async (_name, form, subscriberId, scopes, purpose) => {
    const started = await post(h, "/bc-authorize", form);
    expect(started.body).toMatchObject({ expires_in: 120, interval: 2 });
    expect(validateBody("/bc-authorize", "POST", 200, started.body)).toBeUndefined();
    expect(started.headers["cache-control"]).toBe("no-store");

    const res = await poll(started.body.auth_req_id); // approval is immediate: the first poll succeeds
    expect(res.status).toBe(200);
    expect(validateBody("/token", "POST", 200, res.body)).toBeUndefined();
    const claims = await h.tokens.verify(res.body.access_token);
    expect(claims).toMatchObject({ clientId: "demo-app", grant: "ciba", subscriberId, amr: ["ciba"] });
    expect([...claims.scopes].sort()).toEqual([...scopes].sort());
    expect(claims.purpose).toBe(purpose);
    expect(res.body.scope).toBe([...(purpose ? [purpose] : []), ...claims.scopes].join(" "));

    const id = decodeJwt(res.body.id_token);
    expect(id).toMatchObject({ iss: "http://op.example:4010", aud: "demo-app", amr: ["ciba"] });
    expect(id.sub).not.toBe(subscriberId);
    const phone = h.data.subscribers.find((s) => s.id === subscriberId)!.phoneNumber;
    for (const jwt of [res.body.access_token, res.body.id_token]) {
      expect(Buffer.from(jwt.split(".")[1], "base64url").toString()).not.toContain(phone.slice(1));
    }
  });

  it("gives each client its own pairwise subject for the same subscriber", async () => {
    const form = { login_hint: "tel:+34600000001", scope: "openid qos-profiles:read" };
    const a = await poll(await start(form));
    const b = await poll(await post(h, "/bc-authorize", form, basic(OTHER.id, OTHER.secret)).then((r) => r.body.auth_req_id), basic(OTHER.id, OTHER.secret));
    expect(decodeJwt(a.body.id_token).sub).not.toBe(decodeJwt(b.body.id_token).sub);
  });
});

describe("polling outcomes", () => {
  it("ciba-pending: authorization_pending, slow_down when too fast, expired_token at the end", async () => {
    const id = await start({ login_hint: "tel:+34600000005", scope: "openid qos-profiles:read" });
    expect((await poll(id)).body.error).toBe("authorization_pending");
    const fast = await poll(id);
    expect(fast).toMatchObject({ status: 400, body: { error: "slow_down" } });
    expect(validateBody("/token", "POST", 400, fast.body)).toBeUndefined();
    await h.clock.advance(2); // the interval is now 2 + 5 s: still too soon, and it grows again
    expect((await poll(id)).body.error).toBe("slow_down");
    await h.clock.advance(12); // 2 + 5 + 5 s
    expect((await poll(id)).body.error).toBe("authorization_pending");
    await h.clock.advance(120);
    expect((await poll(id)).body.error).toBe("expired_token");
    expect((await poll(id)).body.error).toBe("invalid_grant"); // gone after the terminal answer
  });

  it("waiting the interval between polls never gets slow_down", async () => {
    const id = await start({ login_hint: "tel:+34600000005", scope: "openid qos-profiles:read" });
    for (let i = 0; i < 5; i++) {
      expect((await poll(id)).body.error).toBe("authorization_pending");
      await h.clock.advance(2);
    }
  });

  const terminal: [name: string, hint: string, error: string][] = [
    ["ciba-denied", "tel:+34600000006", "access_denied"],
    ["ciba-expired", "tel:+34600000007", "expired_token"],
  ];
  it.each(terminal)("%s -> %s on the first poll", async (_name, hint, error) => {
    const id = await start({ login_hint: hint, scope: "openid qos-profiles:read" });
    const res = await poll(id);
    expect(res).toMatchObject({ status: 400, body: { error } });
    expect(validateBody("/token", "POST", 400, res.body)).toBeUndefined();
  });

  it("an ordinary request expires after 120 s if never polled", async () => {
    const id = await start({ login_hint: "tel:+34600000001", scope: "openid qos-profiles:read" });
    await h.clock.advance(120);
    expect((await poll(id)).body.error).toBe("expired_token");
  });

  const invalidGrant: [name: string, make: () => Promise<[string, Record<string, string> | undefined]>][] = [
    ["unknown auth_req_id", async () => ["no-such-request", undefined]],
    ["another client's auth_req_id", async () => [await start({ login_hint: "tel:+34600000001", scope: "openid qos-profiles:read" }), basic(OTHER.id, OTHER.secret)]],
    ["an auth_req_id already exchanged", async () => {
      const id = await start({ login_hint: "tel:+34600000001", scope: "openid qos-profiles:read" });
      expect((await poll(id)).status).toBe(200);
      return [id, undefined];
    }],
    ["an auth_req_id forgotten by reset()", async () => {
      const id = await start({ login_hint: "tel:+34600000001", scope: "openid qos-profiles:read" });
      h.server.reset();
      return [id, undefined];
    }],
  ];
  it.each(invalidGrant)("%s -> invalid_grant", async (_name, make) => {
    const [id, headers] = await make();
    expect(await poll(id, headers)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("missing auth_req_id -> invalid_request", async () => {
    expect((await post(h, "/token", { grant_type: CIBA_GRANT })).body.error).toBe("invalid_request");
  });
});

describe("POST /bc-authorize errors", () => {
  const errors: [name: string, form: Record<string, string>, error: string][] = [
    ["unknown phone number", { login_hint: "tel:+34699999999", scope: "openid qos-profiles:read" }, "unknown_user_id"],
    ["unknown IPv4 address", { login_hint: "ipport:192.0.2.1", scope: "openid qos-profiles:read" }, "unknown_user_id"],
    ["known IPv4 address, other port", { login_hint: "ipport:203.0.113.7:4001", scope: "openid qos-profiles:read" }, "unknown_user_id"],
    ["IPv6 /64 shared by several devices", { login_hint: "ipport:[2001:db8:1::99]", scope: "openid qos-profiles:read" }, "unknown_user_id"],
    ["missing login_hint", { scope: "openid qos-profiles:read" }, "invalid_request"],
    ["malformed login_hint", { login_hint: "+34600000001", scope: "openid qos-profiles:read" }, "invalid_request"],
    ["operatortoken (not supported)", { login_hint: "operatortoken:abc", scope: "openid qos-profiles:read" }, "invalid_request"],
    ["login_hint_token", { login_hint: "tel:+34600000001", login_hint_token: "x", scope: "openid qos-profiles:read" }, "invalid_request"],
    ["signed request object", { login_hint: "tel:+34600000001", request: "x.y.z", scope: "openid qos-profiles:read" }, "invalid_request"],
    ["no scope and no purpose", { login_hint: "tel:+34600000001" }, "invalid_request"],
    ["scope without openid", { login_hint: "tel:+34600000001", scope: "qos-profiles:read" }, "invalid_scope"],
    ["two purposes (scope and parameter)", { login_hint: "tel:+34600000001", scope: "openid dpv:FraudPreventionAndDetection sim-swap:check", purpose: QOD_PURPOSE }, "invalid_scope"],
    ["two purposes in scope", { login_hint: "tel:+34600000001", scope: "openid dpv:A dpv:B sim-swap:check" }, "invalid_scope"],
    ["purpose that is not dpv:", { login_hint: "tel:+34600000001", scope: "openid sim-swap:check", purpose: "fraud" }, "invalid_scope"],
    ["unknown API scope", { login_hint: "tel:+34600000001", scope: "openid foo:bar" }, "invalid_scope"],
    ["purpose naming no API, no API scope", { login_hint: "tel:+34600000001", purpose: "dpv:FraudPreventionAndDetection" }, "invalid_scope"],
  ];
  it.each(errors)("%s -> 400 %s", async (_name, form, error) => {
    const res = await post(h, "/bc-authorize", form);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe(error);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(validateBody("/bc-authorize", "POST", 400, res.body)).toBeUndefined();
  });

  it("refuses a scope the client may not have", async () => {
    const res = await post(h, "/bc-authorize", { login_hint: "tel:+34600000001", scope: "openid sim-swap:check" }, basic("profiles-only-app", "profiles-only-secret"));
    expect(res.body.error).toBe("invalid_scope");
  });

  it("a repeated same purpose is one purpose", async () => {
    await start({ login_hint: "tel:+34600000001", scope: `openid ${QOD_PURPOSE} qos-profiles:read`, purpose: QOD_PURPOSE });
  });

  it("validates the 401 body against the spec", async () => {
    const res = await post(h, "/bc-authorize", { login_hint: "tel:+34600000001", scope: "openid" }, basic("demo-app", "bad"));
    expect(res.status).toBe(401);
    expect(validateBody("/bc-authorize", "POST", 401, res.body)).toBeUndefined();
  });
});
