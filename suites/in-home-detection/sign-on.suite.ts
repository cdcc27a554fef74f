/**
 * In-home Detection 1.0.0, sign-on and the STB's token (layer "api"): device access tokens of a managed
 * and an open device carry the seed's claims (seed 003), wrong credentials and a full account are
 * refused, and only a signed-on STB gets an update-in-home token, which is opaque.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { scenario } from "../support/scenario.ts";
import { broadcastOf, claimsOf, generate, households, signOn, trySignOn } from "./household.ts";

const common = { api: "in-home-detection", version: "1.0.0", layer: "api" as const };
const SEED_CLAIMS = ["typ", "accountId", "tenantId", "deviceId", "deviceProfileId", "accountProfileId", "onNetwork", "sessionControl", "inHome", "exp", "fixed_exp", "ver"];

describe("in-home-detection 1.0.0 sign-on and the STB's token (api)", () => {
  scenario(
    { ...common, operationId: "signOn", id: "in_home_detection_signOn_01_stb_device_token", title: "An STB signs on: a DevAuthN token with its household, not in-home", rule: "Seed 003: the access token carries typ DevAuthN, accountId, tenantId, deviceId, ..., inHome, exp, fixed_exp, ver" },
    async (t: ScenarioContext) => {
      const { stb } = await households(t);
      const claims = claimsOf(await signOn(t, stb));
      for (const c of SEED_CLAIMS) expect(claims, `claim ${c}`).toHaveProperty(c);
      expect(claims).toMatchObject({ typ: "DevAuthN", accountId: stb.accountId, tenantId: stb.tenantId, deviceId: stb.deviceId, inHome: false });
      expect(claims.exp!, "exp is not after fixed_exp").toBeLessThanOrEqual(claims.fixed_exp as number);
    },
  );

  scenario(
    { ...common, operationId: "signOn", id: "in_home_detection_signOn_02_open_device_token", title: "An open device at home signs on: on-network, not yet in-home", rule: "In-home Detection 1.0.0: a sign-on never grants inHome; onNetwork reflects the device's connection" },
    async (t: ScenarioContext) => {
      const { phone } = await households(t);
      const claims = claimsOf(await signOn(t, phone));
      expect(claims).toMatchObject({ typ: "DevAuthN", deviceId: phone.deviceId, accountId: phone.accountId, inHome: false, onNetwork: true });
    },
  );

  scenario(
    { ...common, operationId: "signOn", id: "in_home_detection_signOn_03_wrong_secret", title: "A wrong device secret is refused with 403 IN_HOME.SIGN_ON_REFUSED", rule: "In-home Detection 1.0.0: credentials that do not match give 403 IN_HOME.SIGN_ON_REFUSED" },
    async (t: ScenarioContext) => {
      const { stb } = await households(t);
      t.expectError(await trySignOn(t, stb, `${stb.secret}-wrong`), 403, "IN_HOME.SIGN_ON_REFUSED");
      t.expectError(await trySignOn(t, { deviceId: "no-such-device-anywhere" }, "secret"), 403, "IN_HOME.SIGN_ON_REFUSED");
    },
  );

  scenario(
    { ...common, operationId: "signOn", id: "in_home_detection_signOn_04_max_sessions", title: "One device more than sessionControl.maxSessions is refused with 409; signing on again is not", rule: "In-home Detection 1.0.0: sessionControl.maxSessions live device sessions per account, then 409 IN_HOME.MAX_SESSIONS_REACHED" },
    async (t: ScenarioContext) => {
      const { single } = await households(t);
      t.require(single, "the test data has no household with maxSessions 1 and two devices");
      await signOn(t, single.first);
      await signOn(t, single.first); // the same device again reuses its place
      t.expectError(await trySignOn(t, single.second, single.second.secret), 409, "IN_HOME.MAX_SESSIONS_REACHED");
    },
  );

  scenario(
    { ...common, operationId: "generateUpdateInHomeToken", id: "in_home_detection_generateUpdateInHomeToken_01_opaque", title: "A signed-on STB gets an encrypted, expiring token that shows nothing of its household", rule: "Seed 003 step 1: the STB gets the account id and tenant id in encrypted form" },
    async (t: ScenarioContext) => {
      const { stb } = await households(t);
      const answer = await generate(t, await signOn(t, stb));
      expect(answer.response.status).toBe(200);
      const { updateInHomeToken, expiresAt } = answer.data!;
      expect(updateInHomeToken.split("."), "a compact JWE has five parts").toHaveLength(5);
      const visible = updateInHomeToken.split(".").map((p) => Buffer.from(p, "base64url").toString("latin1")).join(" ");
      expect(visible, "the account id cannot be read").not.toContain(stb.accountId);
      expect(Date.parse(expiresAt), "it expires").toBeGreaterThan(0);
    },
  );

  scenario(
    { ...common, operationId: "generateUpdateInHomeToken", id: "in_home_detection_generateUpdateInHomeToken_02_open_device_refused", title: "An open device may not ask for the broadcast token: 403 PERMISSION_DENIED", rule: "In-home Detection 1.0.0: only a managed device's token holds in-home-detection:in-home-token:generate" },
    async (t: ScenarioContext) => {
      const { phone } = await households(t);
      t.expectError(await generate(t, await signOn(t, phone)), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    { ...common, operationId: "generateUpdateInHomeToken", id: "in_home_detection_generateUpdateInHomeToken_03_account_missing", title: "A token without account and tenant (client credentials) gets 400 IN_HOME.ACCOUNT_MISSING", rule: "Seed 003: a missing account ID or tenant ID gives HTTP 400" },
    async (t: ScenarioContext) => {
      const token = await t.token({ scopes: ["in-home-detection:in-home-token:generate"] });
      t.expectError(await generate(t, token), 400, "IN_HOME.ACCOUNT_MISSING");
    },
  );

  scenario(
    { ...common, operationId: "generateUpdateInHomeToken", id: "in_home_detection_generateUpdateInHomeToken_04_replaced_token", title: "An STB's token replaced by a new sign-on is refused with 401", rule: "In-home Detection 1.0.0: each new token of a device replaces the previous one" },
    async (t: ScenarioContext) => {
      const { stb } = await households(t);
      const first = await signOn(t, stb);
      await broadcastOf(t, stb); // signs on again
      t.expectError(await generate(t, first), 401, "UNAUTHENTICATED");
    },
  );
});
