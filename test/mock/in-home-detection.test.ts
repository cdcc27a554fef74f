/**
 * In-home Detection and In-home Content on the mock (seed 003): sign-on of managed and open devices,
 * the STB's encrypted token, the open device's in-home claim, content filtered by it, every 400 code,
 * token replacement, fixed_exp, maxSessions, onNetwork and the home-network control plane.
 */
import { decodeJwt } from "jose";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type Answer, expectError, type MockFixture, mint, send, startMock } from "./helpers.ts";

const IAS = "/ias/v3/token/actions";
const MDS = "/mds/v1";
let f: MockFixture;

beforeEach(async () => {
  f ??= await startMock();
  await f.app.reset();
});
afterAll(() => f.app.close());

async function signOn(deviceId: string): Promise<string> {
  const app = await mint(f.app, { scope: "in-home-detection:sign-on" });
  const res = await send(f.app, { path: `${IAS}/signOn`, token: app, json: { deviceId, deviceSecret: `${deviceId}-secret` } });
  expect(res.status, res.text).toBe(200);
  return res.body.access_token;
}

async function broadcastToken(stb: string): Promise<string> {
  const res = await send(f.app, { path: `${IAS}/generateUpdateInHomeToken`, token: stb });
  expect(res.status, res.text).toBe(200);
  return res.body.updateInHomeToken;
}

const update = (token: string, json: unknown) => send(f.app, { method: "PUT", path: `${IAS}/updateInHomeStatus`, token, json });
const ids = (res: Answer, list: "channels" | "items") => res.body[list].map((x: { channelId?: string; contentId?: string }) => x.contentId ?? x.channelId);

describe("sign-on", () => {
  it("gives an STB and an open device a device access token with the seed's claims", async () => {
    const claims = decodeJwt(await signOn("phone-hh1"));
    expect(claims).toMatchObject({
      typ: "DevAuthN",
      accountId: "ACC-HH1",
      tenantId: "nagra",
      deviceId: "phone-hh1",
      deviceProfileId: "MOBILE",
      accountProfileId: "DEFAULT",
      onNetwork: true,
      sessionControl: { maxSessions: 4, sessionControlEnabled: true },
      inHome: false,
      ver: "1.0",
    });
    expect(claims.fixed_exp).toBe(Math.floor(f.clock.now() / 1000) + 30 * 86400);
    expect(claims.scope).toContain("in-home-detection:in-home-status:update");
    expect(decodeJwt(await signOn("stb-hh1")).scope).toContain("in-home-detection:in-home-token:generate");
  });

  it("refuses a wrong secret with 403 IN_HOME.SIGN_ON_REFUSED", async () => {
    const app = await mint(f.app, { scope: "in-home-detection:sign-on" });
    expectError(await send(f.app, { path: `${IAS}/signOn`, token: app, json: { deviceId: "stb-hh1", deviceSecret: "wrong" } }), 403, "IN_HOME.SIGN_ON_REFUSED");
  });

  it("enforces sessionControl.maxSessions per account (409), a device signing on again keeps its place", async () => {
    await signOn("stb-single");
    await signOn("stb-single");
    const app = await mint(f.app, { scope: "in-home-detection:sign-on" });
    const res = await send(f.app, { path: `${IAS}/signOn`, token: app, json: { deviceId: "phone-single", deviceSecret: "phone-single-secret" } });
    expectError(res, 409, "IN_HOME.MAX_SESSIONS_REACHED");
    await f.clock.advance(3601); // the STB's token expired: its session no longer counts
    await signOn("phone-single");
  });
});

describe("the in-home flow", () => {
  it("STB token -> app update true shows in-home content; update false hides it again", async () => {
    const token = await broadcastToken(await signOn("stb-hh1"));
    const phone = await signOn("phone-hh1");
    const before = await send(f.app, { path: `${MDS}/channels`, token: phone });
    expect(before.body).toMatchObject({ inHome: false });
    expect(ids(before, "channels")).not.toContain("ch-sport-home");

    const home = await update(phone, { updateInHomeToken: token, inHome: true });
    expect(home.status, home.text).toBe(200);
    const inHome = home.body.access_token;
    expect(decodeJwt(inHome)).toMatchObject({ inHome: true, fixed_exp: decodeJwt(phone).fixed_exp });
    expect(ids(await send(f.app, { path: `${MDS}/channels`, token: inHome }), "channels")).toContain("ch-sport-home");
    const items = ids(await send(f.app, { path: `${MDS}/content`, token: inHome }), "items");
    expect(items).toEqual(expect.arrayContaining(["vod-film-home", "vod-derby-replay"]));
    expect((await send(f.app, { path: `${MDS}/content/vod-derby-replay`, token: inHome })).status).toBe(200);

    const away = (await update(inHome, { inHome: false })).body.access_token;
    expect(decodeJwt(away).inHome).toBe(false);
    const filtered = ids(await send(f.app, { path: `${MDS}/content`, token: away }), "items");
    expect(filtered).not.toContain("vod-film-home");
    expect(filtered).not.toContain("vod-derby-replay"); // item of an in-home-only channel
    expectError(await send(f.app, { path: `${MDS}/content/vod-film-home`, token: away }), 403, "IN_HOME.IN_HOME_ONLY");
    // the in-home token was replaced: it no longer shows anything
    expectError(await send(f.app, { path: `${MDS}/content`, token: inHome }), 401, "UNAUTHENTICATED");
  });

  it("the broadcast token is an opaque JWE", async () => {
    const token = await broadcastToken(await signOn("stb-hh1"));
    expect(token.split(".")).toHaveLength(5);
    expect(token).not.toContain("ACC-HH1");
    expect(Buffer.from(token.split(".")[0], "base64url").toString()).not.toContain("ACC-HH1");
  });

  it("new tokens never pass fixed_exp", async () => {
    const phone = await signOn("phone-hh1");
    let token = phone;
    for (let i = 0; i < 31; i++) {
      await f.clock.advance(86400 - 60);
      const res = await update(token, { inHome: false });
      if (res.status !== 200) {
        expectError(res, 401, "UNAUTHENTICATED");
        break;
      }
      token = res.body.access_token;
      expect(decodeJwt(token).exp!).toBeLessThanOrEqual(decodeJwt(phone).fixed_exp as number);
    }
    expect(decodeJwt(token).fixed_exp).toBe(decodeJwt(phone).fixed_exp);
  });
});

describe("every 400 of updateInHomeStatus, nothing changed", () => {
  const cases: { name: string; code: string; body: (ctx: { token: string; other: string; tenant: string }) => Promise<unknown> }[] = [
    { name: "another household's token", code: "IN_HOME.ACCOUNT_MISMATCH", body: async ({ other }) => ({ updateInHomeToken: other, inHome: true }) },
    { name: "another tenant's token (same accountId)", code: "IN_HOME.ACCOUNT_MISMATCH", body: async ({ tenant }) => ({ updateInHomeToken: tenant, inHome: true }) },
    { name: "a tampered token", code: "IN_HOME.TOKEN_INVALID", body: async ({ token }) => ({ updateInHomeToken: `${token.slice(0, -6)}AAAAAA`, inHome: true }) },
    { name: "garbage", code: "IN_HOME.TOKEN_INVALID", body: async () => ({ updateInHomeToken: "0cd85e3b59367f865a1a08c4b5314e", inHome: true }) },
    { name: "a token without tenantId", code: "IN_HOME.TOKEN_INVALID", body: async () => ({ updateInHomeToken: await controlToken({ accountId: "ACC-HH1" }), inHome: true }) },
    { name: "an expired token", code: "IN_HOME.TOKEN_EXPIRED", body: async () => ({ updateInHomeToken: await controlToken({ accountId: "ACC-HH1", tenantId: "nagra", expiresInSeconds: -1 }), inHome: true }) },
    { name: "inHome true without a token", code: "IN_HOME.TOKEN_MISSING", body: async () => ({ inHome: true }) },
    { name: "inHome not a boolean", code: "INVALID_ARGUMENT", body: async ({ token }) => ({ updateInHomeToken: token, inHome: "true" }) },
    { name: "inHome missing", code: "INVALID_ARGUMENT", body: async ({ token }) => ({ updateInHomeToken: token }) },
  ];

  async function controlToken(json: unknown): Promise<string> {
    const res = await send(f.app, { path: "/_harness/in-home/broadcast-tokens", json });
    expect(res.status).toBe(201);
    return res.body.updateInHomeToken;
  }

  it.each(cases)("$name: 400 $code", async ({ code, body }) => {
    const token = await broadcastToken(await signOn("stb-hh1"));
    const other = await broadcastToken(await signOn("stb-hh2"));
    const tenant = await broadcastToken(await signOn("stb-other-tenant"));
    const phone = await signOn("phone-hh1");
    expectError(await update(phone, await body({ token, other, tenant })), 400, code);
    // the caller's token is still the current one
    expect((await send(f.app, { path: `${MDS}/channels`, token: phone })).status).toBe(200);
  });

  it("a token without device claims: 400 IN_HOME.ACCOUNT_MISSING on both IAS operations", async () => {
    const cc = await mint(f.app, { scope: "in-home-detection:in-home-token:generate in-home-detection:in-home-status:update" });
    expectError(await send(f.app, { path: `${IAS}/generateUpdateInHomeToken`, token: cc }), 400, "IN_HOME.ACCOUNT_MISSING");
    expectError(await update(cc, { inHome: false }), 400, "IN_HOME.ACCOUNT_MISSING");
  });

  it("401 without a token, 403 for the STB asking to be in-home", async () => {
    expectError(await send(f.app, { path: `${IAS}/generateUpdateInHomeToken` }), 401, "UNAUTHENTICATED");
    expectError(await update(await signOn("stb-hh1"), { inHome: false }), 403, "PERMISSION_DENIED");
  });
});

describe("the simulated home network", () => {
  it("onNetwork: an open device away is refused in-home (403 IN_HOME.OFF_NETWORK) and can come home", async () => {
    await broadcastToken(await signOn("stb-hh1"));
    const tablet = await signOn("tablet-hh1");
    expect(decodeJwt(tablet).onNetwork).toBe(false);
    const away = await send(f.app, { path: "/_harness/in-home/devices/tablet-hh1/broadcasts" });
    expect(away.body).toMatchObject({ connectedAt: "away", onNetwork: false, broadcasts: [] });
    const copied = (await send(f.app, { path: "/_harness/in-home/network" })).body.households[0].devices[0].broadcasting.updateInHomeToken;
    expectError(await update(tablet, { updateInHomeToken: copied, inHome: true }), 403, "IN_HOME.OFF_NETWORK");

    const moved = await send(f.app, { method: "PUT", path: "/_harness/in-home/devices/tablet-hh1/network", json: { at: "home" } });
    expect(moved.body).toMatchObject({ connectedAt: "nagra/ACC-HH1", onNetwork: true });
    const heard = (await send(f.app, { path: "/_harness/in-home/devices/tablet-hh1/broadcasts" })).body.broadcasts;
    expect(heard).toHaveLength(1);
    const res = await update(tablet, { updateInHomeToken: heard[0].updateInHomeToken, inHome: true });
    expect(res.status, res.text).toBe(200);
    expect(decodeJwt(res.body.access_token)).toMatchObject({ inHome: true, onNetwork: true });
  });

  it("at another household's home the device hears that household's STB, whose token is refused", async () => {
    await broadcastToken(await signOn("stb-hh2"));
    const phone = await signOn("phone-hh1");
    await send(f.app, { method: "PUT", path: "/_harness/in-home/devices/phone-hh1/network", json: { at: "nagra/ACC-HH2" } });
    const heard = (await send(f.app, { path: "/_harness/in-home/devices/phone-hh1/broadcasts" })).body.broadcasts;
    expect(heard.map((b: { from: string }) => b.from)).toEqual(["stb-hh2"]);
    expectError(await update(phone, { updateInHomeToken: heard[0].updateInHomeToken, inHome: true }), 400, "IN_HOME.ACCOUNT_MISMATCH");
  });

  it("an STB switched off is no longer heard; a token set for it through the control plane is", async () => {
    await broadcastToken(await signOn("stb-hh1"));
    const hear = async () => (await send(f.app, { path: "/_harness/in-home/devices/phone-hh1/broadcasts" })).body.broadcasts;
    expect(await hear()).toHaveLength(1);
    expect((await send(f.app, { method: "DELETE", path: "/_harness/in-home/stbs/stb-hh1/broadcast" })).status).toBe(204);
    expect(await hear()).toEqual([]);
    expect((await send(f.app, { method: "PUT", path: "/_harness/in-home/stbs/stb-hh1/broadcast", json: { updateInHomeToken: "made-up" } })).status).toBe(200);
    expect(await hear()).toEqual([{ from: "stb-hh1", updateInHomeToken: "made-up" }]);
  });

  it("control routes answer 404 / 400 for unknown devices and bad bodies", async () => {
    expect((await send(f.app, { method: "PUT", path: "/_harness/in-home/devices/nobody/network", json: { at: "home" } })).status).toBe(404);
    expect((await send(f.app, { method: "PUT", path: "/_harness/in-home/devices/phone-hh1/network", json: { at: "mars" } })).status).toBe(400);
    expect((await send(f.app, { method: "PUT", path: "/_harness/in-home/devices/stb-hh1/network", json: { at: "away" } })).status).toBe(400);
  });

  it("answers match the specs (response validation reported no bug)", () => {
    expect(f.bugs).toEqual([]);
  });
});
