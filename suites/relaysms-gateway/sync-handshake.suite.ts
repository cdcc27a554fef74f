/**
 * The RelaySMS sync handshake (seed 004 steps 2-3; defined in specs/relaysms-gateway/1.0.0.asyncapi.yaml):
 * `public_key` pauses the session (`201- pause`, no more URL changes), `authenticate` with the session's
 * user gets `200- ack` then `sync_data` (a 256-bit key the app decrypts with RSA-OAEP SHA-256, its
 * platforms, the active gateways) and close 1000; pause always precedes ack; a paused session times out.
 */
import { constants, generateKeyPairSync, privateDecrypt } from "node:crypto";
import { describe, expect } from "vitest";
import type { SyncDataMessage } from "../../generated/relaysms-gateway/1.0.0/messages.ts";
import type { ScenarioContext } from "../support/context.ts";
import {
  ACK,
  appKeys,
  authenticateMessage,
  connect,
  expectClose,
  nextMessage,
  nextSessionUrl,
  node,
  openSession,
  PAUSE,
  ping,
  publicKeyMessage,
  QUIET_MS,
  section,
  user,
} from "../support/relaysms.ts";
import { scenario } from "../support/scenario.ts";

const common = { api: "relaysms-gateway", version: "1.0.0", layer: "api" as const, operationId: "syncSession" };
const id = (n: string) => `relaysms_gateway_syncSession_${n}`;

/** A session with the app connected and past its first frame. */
async function appOnSession(t: ScenarioContext) {
  const s = await openSession(t);
  const app = await connect(t, s.url);
  await nextSessionUrl(app);
  return { s, app };
}

describe("relaysms-gateway 1.0.0 sync handshake (api, websocket)", () => {
  scenario(
    { ...common, id: id("10_full_sync_in_order"), title: "public_key -> 201- pause, authenticate -> 200- ack, sync_data, close 1000, in this order", rule: "Seed 004: `201- pause` once processing starts, `200- ack` once the handshake is done; AsyncAPI 1.0.0: sync_data then close 1000" },
    async (t: ScenarioContext) => {
      const gateway = node(t, "sync-gateway");
      const lps = await ping(t, gateway);
      const { s, app } = await appOnSession(t);
      app.send(publicKeyMessage());
      expect(await nextMessage(app), "first frame after public_key").toBe(PAUSE);
      app.send(authenticateMessage(user(t)));
      expect(await nextMessage(app), "first frame after authenticate").toBe(ACK);
      const data = (await nextMessage(app)) as SyncDataMessage;
      expect(data, "then sync_data").toMatchObject({ type: "sync_data" });
      const shared = privateDecrypt({ key: appKeys().privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, Buffer.from(data.encryptedSharedKey, "base64"));
      expect(shared.length, "the shared key decrypts with the app's private key to 32 bytes").toBe(32);
      expect(data.gateways, "the gateways include the node pinged just before").toContainEqual({ ...gateway, LPS: lps });
      const platforms = section(t).users?.find((u) => u.userId === user(t))?.platforms;
      if (platforms) expect(data.platforms, "the user's platforms").toEqual(platforms);
      await expectClose(app, 1000);
      expect(app.received.indexOf(PAUSE), "pause before ack").toBeLessThan(app.received.indexOf(ACK));
      expect(s.sessionId).toBeTruthy();
    },
  );

  scenario(
    { ...common, id: id("11_two_clients_one_session"), title: "Two clients on one session: both hear pause and ack in order, only the app gets sync_data, both are closed", rule: "RelaySMS gateway AsyncAPI 1.0.0: status texts go to every client of the session, sync_data to the app" },
    async (t: ScenarioContext) => {
      const { s, app } = await appOnSession(t);
      const display = await connect(t, s.url);
      await nextSessionUrl(display);
      app.send(publicKeyMessage());
      expect(await nextMessage(app)).toBe(PAUSE);
      expect(await nextMessage(display), "the other client hears the pause").toBe(PAUSE);
      app.send(authenticateMessage(user(t)));
      expect(await nextMessage(app)).toBe(ACK);
      expect(await nextMessage(display), "the other client hears the ack").toBe(ACK);
      expect(await nextMessage(app)).toMatchObject({ type: "sync_data" });
      await expectClose(app, 1000);
      await expectClose(display, 1000);
      expect(display.received.some((f) => f.includes("sync_data")), "the shared key is not sent to the other client").toBe(false);
    },
  );

  scenario(
    { ...common, id: id("12_pause_stops_the_rotation"), title: "A paused session's URL no longer changes, and it completes after more than sessionSleepTimeout", rule: "RelaySMS gateway AsyncAPI 1.0.0: processing stops the URL changes" },
    async (t: ScenarioContext) => {
      const { s, app } = await appOnSession(t);
      t.require(s.sessionPausedTimeout > s.sessionSleepTimeout + 1, "the paused timeout is not longer than the sleep timeout");
      app.send(publicKeyMessage());
      expect(await nextMessage(app)).toBe(PAUSE);
      await t.advanceClock(s.sessionSleepTimeout + 1);
      expect(await nextMessage(app, QUIET_MS), "no session_url while paused").toBeUndefined();
      app.send(authenticateMessage(user(t)));
      expect(await nextMessage(app)).toBe(ACK);
    },
  );

  scenario(
    { ...common, id: id("13_paused_timeout"), title: "A session paused for more than sessionPausedTimeout is closed with 4408 and never acknowledged", rule: "Seed 004: session_paused_timeout; AsyncAPI 1.0.0: close 4408" },
    async (t: ScenarioContext) => {
      const { s, app } = await appOnSession(t);
      app.send(publicKeyMessage());
      expect(await nextMessage(app)).toBe(PAUSE);
      await t.advanceClock(s.sessionPausedTimeout - 1);
      expect(await app.closed(QUIET_MS), `still open ${s.sessionPausedTimeout - 1} s into the pause`).toBeUndefined();
      await t.advanceClock(2);
      await expectClose(app, 4408);
      expect(app.received, "no ack").not.toContain(ACK);
    },
  );

  scenario(
    { ...common, id: id("14_new_client_refused_while_paused"), title: "Once the handshake started, the session's URL refuses new clients (409)", rule: "RelaySMS gateway AsyncAPI 1.0.0: a session whose handshake started takes no new client" },
    async (t: ScenarioContext) => {
      const { s, app } = await appOnSession(t);
      app.send(publicKeyMessage());
      expect(await nextMessage(app)).toBe(PAUSE);
      const late = await t.socket(s.url);
      expect(late.status, "refused at the upgrade").toBe(409);
      expect(JSON.parse(late.refusalBody ?? "{}")).toMatchObject({ status: 409, code: "CONFLICT" });
    },
  );

  scenario(
    { ...common, id: id("15_second_public_key_refused"), title: "A second client sending public_key during the handshake is closed with 4409; the app goes on", rule: "RelaySMS gateway AsyncAPI 1.0.0: one handshake per session" },
    async (t: ScenarioContext) => {
      const { s, app } = await appOnSession(t);
      const intruder = await connect(t, s.url);
      await nextSessionUrl(intruder);
      app.send(publicKeyMessage());
      expect(await nextMessage(app)).toBe(PAUSE);
      expect(await nextMessage(intruder)).toBe(PAUSE);
      intruder.send(publicKeyMessage());
      await expectClose(intruder, 4409);
      app.send(authenticateMessage(user(t)));
      expect(await nextMessage(app), "the app still completes").toBe(ACK);
    },
  );

  scenario(
    { ...common, id: id("16_wrong_user_not_authenticated"), title: "authenticate naming another user closes the session with 4401, without ack", rule: "RelaySMS gateway AsyncAPI 1.0.0: only the session's user completes it" },
    async (t: ScenarioContext) => {
      const { app } = await appOnSession(t);
      app.send(publicKeyMessage());
      expect(await nextMessage(app)).toBe(PAUSE);
      app.send(authenticateMessage(`${user(t)}-other`.slice(0, 64)));
      await expectClose(app, 4401);
      expect(app.received).not.toContain(ACK);
    },
  );

  scenario(
    { ...common, id: id("17_authenticate_before_public_key"), title: "authenticate before public_key is an invalid message (4400): no pause, no ack", rule: "RelaySMS gateway AsyncAPI 1.0.0: the handshake starts with public_key" },
    async (t: ScenarioContext) => {
      const { app } = await appOnSession(t);
      app.send(authenticateMessage(user(t)));
      await expectClose(app, 4400);
      expect(app.received.filter((f) => f === PAUSE || f === ACK), "no status text").toEqual([]);
    },
  );

  scenario(
    { ...common, id: id("18_not_json_refused"), title: "A frame that is not JSON is an invalid message (4400)", rule: "RelaySMS gateway AsyncAPI 1.0.0: client frames are public_key or authenticate JSON messages" },
    async (t: ScenarioContext) => {
      const { app } = await appOnSession(t);
      app.send("hello gateway");
      await expectClose(app, 4400);
    },
  );

  scenario(
    { ...common, id: id("19_weak_key_refused"), title: "A 1024-bit RSA key and a non-RSA key are refused (4400) without pausing", rule: "RelaySMS gateway AsyncAPI 1.0.0: publicKey is RSA SPKI PEM of at least 2048 bits" },
    async (t: ScenarioContext) => {
      const weak = generateKeyPairSync("rsa", { modulusLength: 1024, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
      const ec = generateKeyPairSync("ec", { namedCurve: "P-256", publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
      for (const publicKey of [weak.publicKey, ec.publicKey]) {
        const { app } = await appOnSession(t);
        app.send({ type: "public_key", publicKey });
        await expectClose(app, 4400);
        expect(app.received).not.toContain(PAUSE);
      }
    },
  );
});
