/**
 * In-home Detection 1.0.0, updateInHomeStatus (layer "api"): the whole flow of seed 003 (STB token ->
 * app update true -> in-home content visible -> update false -> filtered), every 400 code, token
 * replacement, fixed_exp, onNetwork, and the simulated home network of the target's control plane.
 * Every refused update leaves the caller's token current and its content view unchanged.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { tamperedToken } from "../support/raw.ts";
import { scenario } from "../support/scenario.ts";
import { broadcastOf, channelIds, claimsOf, craftedBroadcastToken, heard, households, inHomeOnly, itemIds, place, signOn, update, updated } from "./household.ts";

const common = { api: "in-home-detection", version: "1.0.0", operationId: "updateInHomeStatus", layer: "api" as const };
const id = (n: string, slug: string) => `in_home_detection_updateInHomeStatus_${n}_${slug}`;

/** The phone at home, signed on, and its household's broadcast token. */
async function atHome(t: ScenarioContext) {
  const h = await households(t);
  await place(t, h.phone, "home");
  const token = await broadcastOf(t, h.stb);
  return { ...h, token, phoneToken: await signOn(t, h.phone) };
}

/** A refused update: the error, and the caller's token still current and not in-home. */
async function refused(t: ScenarioContext, phoneToken: string, body: unknown, status: number, code: string) {
  t.expectError(await update(t, phoneToken, body), status, code);
  const view = await channelIds(t, phoneToken);
  expect(view.inHome, "the caller's token is still current and not in-home").toBe(false);
}

describe("in-home-detection 1.0.0 updateInHomeStatus (api)", () => {
  scenario(
    { ...common, id: id("01", "flow_in_home_true"), title: "The household's broadcast token and inHome true give an in-home token: in-home-only content appears", rule: "Seed 003 steps 4-6: IAS sets inHome true when account and tenant match; MDS then shows in-home-only content" },
    async (t: ScenarioContext) => {
      const { token, phoneToken, section } = await atHome(t);
      const only = inHomeOnly(section);
      t.require(only.channels.length > 0 && only.items.length > 0, "the catalogue has no in-home-only channel or item");
      const before = await itemIds(t, phoneToken);
      expect(before.ids.filter((i) => only.items.includes(i)), "nothing in-home-only before").toEqual([]);
      const inHome = await updated(t, phoneToken, { updateInHomeToken: token, inHome: true });
      expect(claimsOf(inHome).inHome).toBe(true);
      expect((await channelIds(t, inHome)).ids).toEqual(expect.arrayContaining(only.channels));
      const after = await itemIds(t, inHome);
      expect(after.inHome).toBe(true);
      expect(after.ids).toEqual(expect.arrayContaining(only.items));
    },
  );

  scenario(
    { ...common, id: id("02", "flow_in_home_false_filters"), title: "inHome false (no token needed) after being in-home: in-home-only content is filtered out again", rule: "Seed 003: inHome false clears the claim; MDS filters out in-home-only content and channels" },
    async (t: ScenarioContext) => {
      const { token, phoneToken, section } = await atHome(t);
      const only = inHomeOnly(section);
      const inHome = await updated(t, phoneToken, { updateInHomeToken: token, inHome: true });
      const away = await updated(t, inHome, { inHome: false });
      expect(claimsOf(away).inHome).toBe(false);
      const channels = await channelIds(t, away);
      const items = await itemIds(t, away);
      expect(channels.inHome).toBe(false);
      expect(channels.ids.filter((c) => only.channels.includes(c)), "no in-home-only channel").toEqual([]);
      expect(items.ids.filter((i) => only.items.includes(i)), "no in-home-only item").toEqual([]);
    },
  );

  scenario(
    { ...common, id: id("03", "replaced_token_refused"), title: "The in-home token replaced by the update to false is refused with 401 everywhere", rule: "In-home Detection 1.0.0: a new token replaces the old one's in-home state" },
    async (t: ScenarioContext) => {
      const { token, phoneToken } = await atHome(t);
      const inHome = await updated(t, phoneToken, { updateInHomeToken: token, inHome: true });
      await updated(t, inHome, { inHome: false });
      t.expectError(await update(t, inHome, { updateInHomeToken: token, inHome: true }), 401, "UNAUTHENTICATED");
      t.expectError(await update(t, phoneToken, { inHome: false }), 401, "UNAUTHENTICATED");
    },
  );

  scenario(
    { ...common, id: id("04", "keeps_fixed_exp"), title: "The new token keeps the session's fixed_exp and its exp does not pass it", rule: "In-home Detection 1.0.0: new tokens keep fixed_exp; exp never passes it" },
    async (t: ScenarioContext) => {
      const { token, phoneToken } = await atHome(t);
      const first = claimsOf(phoneToken);
      const next = claimsOf(await updated(t, phoneToken, { updateInHomeToken: token, inHome: true }));
      expect(next.fixed_exp).toBe(first.fixed_exp);
      expect(next.exp!).toBeLessThanOrEqual(next.fixed_exp as number);
      expect({ accountId: next.accountId, tenantId: next.tenantId, deviceId: next.deviceId }).toEqual({ accountId: first.accountId, tenantId: first.tenantId, deviceId: first.deviceId });
    },
  );

  scenario(
    { ...common, id: id("05", "other_household"), title: "The broadcast token of another household is refused: 400 IN_HOME.ACCOUNT_MISMATCH", rule: "Seed 003 step 5: IAS checks that account ID and tenant ID equal those of the access token" },
    async (t: ScenarioContext) => {
      const { neighbourStb, phoneToken } = await atHome(t);
      await refused(t, phoneToken, { updateInHomeToken: await broadcastOf(t, neighbourStb), inHome: true }, 400, "IN_HOME.ACCOUNT_MISMATCH");
    },
  );

  scenario(
    { ...common, id: id("06", "other_tenant"), title: "The token of the same account id in another tenant is refused: 400 IN_HOME.ACCOUNT_MISMATCH", rule: "Seed 003 step 5: the tenant ID must match too" },
    async (t: ScenarioContext) => {
      const { otherTenantStb, phoneToken } = await atHome(t);
      t.require(otherTenantStb, "the test data has no household with the same account id in another tenant");
      await refused(t, phoneToken, { updateInHomeToken: await broadcastOf(t, otherTenantStb), inHome: true }, 400, "IN_HOME.ACCOUNT_MISMATCH");
    },
  );

  scenario(
    { ...common, id: id("07", "tampered_token"), title: "A tampered broadcast token is refused: 400 IN_HOME.TOKEN_INVALID", rule: "In-home Detection 1.0.0: a token that does not decrypt gives 400 IN_HOME.TOKEN_INVALID" },
    async (t: ScenarioContext) => {
      const { token, phoneToken } = await atHome(t);
      await refused(t, phoneToken, { updateInHomeToken: tamperedToken(token), inHome: true }, 400, "IN_HOME.TOKEN_INVALID");
    },
  );

  scenario(
    { ...common, id: id("08", "not_a_token"), title: "A string that is not a token of the service (the seed's example) is refused: 400 IN_HOME.TOKEN_INVALID", rule: "In-home Detection 1.0.0: only tokens of this service are accepted" },
    async (t: ScenarioContext) => {
      const { phoneToken } = await atHome(t);
      await refused(t, phoneToken, { updateInHomeToken: "0cd85e3b59367f865a1a08c4b5314e", inHome: true }, 400, "IN_HOME.TOKEN_INVALID");
    },
  );

  scenario(
    { ...common, id: id("09", "token_missing_field"), title: "A token of the service lacking the tenant is refused: 400 IN_HOME.TOKEN_INVALID", rule: "In-home Detection 1.0.0: a token without accountId or tenantId gives 400 IN_HOME.TOKEN_INVALID" },
    async (t: ScenarioContext) => {
      const { phoneToken, phone } = await atHome(t);
      const incomplete = await craftedBroadcastToken(t, { accountId: phone.accountId });
      await refused(t, phoneToken, { updateInHomeToken: incomplete, inHome: true }, 400, "IN_HOME.TOKEN_INVALID");
    },
  );

  scenario(
    { ...common, id: id("10", "expired_token"), title: "A broadcast token past its expiry is refused: 400 IN_HOME.TOKEN_EXPIRED", rule: "In-home Detection 1.0.0: the STB's token expires (expiresAt); then 400 IN_HOME.TOKEN_EXPIRED" },
    async (t: ScenarioContext) => {
      const h = await households(t);
      await place(t, h.phone, "home");
      const token = await broadcastOf(t, h.stb);
      await t.advanceClock((h.section.settings?.broadcastTokenSeconds ?? 3600) + 1);
      const phoneToken = await signOn(t, h.phone); // after the jump: a fresh device token
      await refused(t, phoneToken, { updateInHomeToken: token, inHome: true }, 400, "IN_HOME.TOKEN_EXPIRED");
    },
  );

  scenario(
    { ...common, id: id("11", "token_missing"), title: "inHome true without updateInHomeToken: 400 IN_HOME.TOKEN_MISSING", rule: "Seed 003: updateInHomeToken is mandatory to claim in-home" },
    async (t: ScenarioContext) => {
      const { phoneToken } = await atHome(t);
      await refused(t, phoneToken, { inHome: true }, 400, "IN_HOME.TOKEN_MISSING");
    },
  );

  scenario(
    { ...common, id: id("12", "in_home_not_boolean"), title: "inHome given as a string: 400 INVALID_ARGUMENT", rule: "In-home Detection 1.0.0: inHome is a boolean; anything else gives 400 INVALID_ARGUMENT" },
    async (t: ScenarioContext) => {
      const { token, phoneToken } = await atHome(t);
      await refused(t, phoneToken, { updateInHomeToken: token, inHome: "true" }, 400, "INVALID_ARGUMENT");
      await refused(t, phoneToken, { updateInHomeToken: token }, 400, "INVALID_ARGUMENT");
    },
  );

  scenario(
    { ...common, id: id("13", "account_missing"), title: "A token without account and tenant (client credentials): 400 IN_HOME.ACCOUNT_MISSING", rule: "In-home Detection 1.0.0: the caller's token must name its household" },
    async (t: ScenarioContext) => {
      const { token } = await atHome(t);
      const cc = await t.token({ scopes: ["in-home-detection:in-home-status:update"] });
      t.expectError(await update(t, cc, { updateInHomeToken: token, inHome: true }), 400, "IN_HOME.ACCOUNT_MISSING");
    },
  );

  scenario(
    { ...common, id: id("14", "stb_refused"), title: "The STB may not set an in-home status: 403 PERMISSION_DENIED", rule: "In-home Detection 1.0.0: only an open device's token holds in-home-detection:in-home-status:update" },
    async (t: ScenarioContext) => {
      const { stb, token } = await atHome(t);
      t.expectError(await update(t, await signOn(t, stb), { updateInHomeToken: token, inHome: true }), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    { ...common, id: id("15", "off_network"), title: "Away from home (off-network) the household's own token is refused: 403 IN_HOME.OFF_NETWORK; back home it is accepted", rule: "In-home Detection 1.0.0: an in-home claim is only granted on the operator's network (onNetwork)" },
    async (t: ScenarioContext) => {
      const h = await households(t);
      const copied = await broadcastOf(t, h.stb);
      await place(t, h.phone, "away");
      const away = await signOn(t, h.phone);
      expect(claimsOf(away).onNetwork, "signed on away: off-network").toBe(false);
      expect(await heard(t, h.phone), "nothing is heard away from home").toEqual([]);
      await refused(t, away, { updateInHomeToken: copied, inHome: true }, 403, "IN_HOME.OFF_NETWORK");
      await place(t, h.phone, "home");
      const [token] = await heard(t, h.phone);
      expect(token, "the STB's broadcast is heard at home").toBeDefined();
      const inHome = claimsOf(await updated(t, away, { updateInHomeToken: token, inHome: true }));
      expect({ inHome: inHome.inHome, onNetwork: inHome.onNetwork }).toEqual({ inHome: true, onNetwork: true });
    },
  );

  scenario(
    { ...common, id: id("16", "visiting_neighbour"), title: "At another household's home the device hears that STB; its token is refused", rule: "Seed 003 step 5: a broadcast heard at someone else's home does not make the device in-home" },
    async (t: ScenarioContext) => {
      const h = await households(t);
      await broadcastOf(t, h.neighbourStb);
      await place(t, h.phone, `${h.neighbourStb.tenantId}/${h.neighbourStb.accountId}`);
      const phoneToken = await signOn(t, h.phone);
      const [token] = await heard(t, h.phone);
      expect(token, "the neighbour's broadcast is heard").toBeDefined();
      await refused(t, phoneToken, { updateInHomeToken: token, inHome: true }, 400, "IN_HOME.ACCOUNT_MISMATCH");
    },
  );

  scenario(
    { ...common, id: id("17", "no_token_401"), title: "Without an access token: 401 UNAUTHENTICATED (the seed's 400 is CAMARA's 401 here)", rule: "CAMARA design guide: a missing token gives 401 UNAUTHENTICATED" },
    async (t: ScenarioContext) => {
      const { token } = await atHome(t);
      const res = await t.fetch(t.url("in-home-detection", "/ias/v3", "/token/actions/updateInHomeStatus"), {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ updateInHomeToken: token, inHome: true }),
      });
      t.expectError({ response: res, data: await res.json() }, 401, "UNAUTHENTICATED");
    },
  );
});
