/**
 * RelaySMS sync sessions over time (seed 004 "Synchronization flow"; specs/relaysms-gateway/
 * 1.0.0.asyncapi.yaml): the URL changes every sessionSleepTimeout seconds, sessionChangeLimit times,
 * every connected client hears each change, a replaced URL is refused, and an unused session expires.
 * The target's clock is advanced instead of waiting.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { connect, expectClose, nextMessage, nextSessionUrl, openSession, QUIET_MS, relay, SCOPES } from "../support/relaysms.ts";
import { scenario } from "../support/scenario.ts";

const common = { api: "relaysms-gateway", version: "1.0.0", layer: "api" as const };
const REST = { ...common, operationId: "createSyncSession" };
const WS = { ...common, operationId: "syncSession" };
const id = (n: string) => `relaysms_gateway_syncSession_${n}`;
const ms = (iso: string) => Date.parse(iso);

describe("relaysms-gateway 1.0.0 sync session URLs (api, websocket)", () => {
  scenario(
    { ...REST, id: "relaysms_gateway_createSyncSession_01_answers_a_websocket_url", title: "GET /v2/sync/users/{user_id} answers a ws URL on the API's origin and the session's settings", rule: "RelaySMS gateway 1.0.0: the session answer carries the websocket URL, its expiry and the settings" },
    async (t: ScenarioContext) => {
      const s = await openSession(t);
      expect(s.url, "url is a websocket URL").toMatch(/^wss?:\/\//);
      expect(new URL(s.url).host, "same host as the API").toBe(new URL(t.target.apiRoot).host);
      expect(s.url, "the URL names its session").toContain(s.sessionId);
      expect(s.sessionSleepTimeout, "sessionSleepTimeout").toBeGreaterThan(0);
      const other = await openSession(t);
      expect(other.sessionId, "each call opens a new session").not.toBe(s.sessionId);
      expect(other.url).not.toBe(s.url);
    },
  );

  scenario(
    { ...REST, id: "relaysms_gateway_createSyncSession_404_unknown_user", title: "A session for a user the gateway does not know is refused with 404", rule: "RelaySMS gateway 1.0.0: an unknown user_id gives 404 NOT_FOUND" },
    async (t: ScenarioContext) => {
      const answer = await relay(t).GET("/v2/sync/users/{user_id}", { params: { path: { user_id: "no-such-user-000" } }, headers: await t.headers({ scopes: [SCOPES.sync] }) });
      t.expectError(answer, 404, "NOT_FOUND");
    },
  );

  scenario(
    { ...REST, id: "relaysms_gateway_createSyncSession_400_invalid_user_id", title: "A user_id outside its pattern is refused with 400", rule: "RelaySMS gateway 1.0.0: user_id matches ^[A-Za-z0-9_-]{1,64}$, else 400 INVALID_ARGUMENT" },
    async (t: ScenarioContext) => {
      const answer = await relay(t).GET("/v2/sync/users/{user_id}", { params: { path: { user_id: "bad.user!" } }, headers: await t.headers({ scopes: [SCOPES.sync] }) });
      t.expectError(answer, 400, "INVALID_ARGUMENT");
    },
  );

  scenario(
    { ...WS, id: id("01_first_frame_is_the_current_url"), title: "A client connecting to the session URL first receives session_url with that URL, change 0", rule: "RelaySMS gateway AsyncAPI 1.0.0: on connection the client receives the current URL" },
    async (t: ScenarioContext) => {
      const s = await openSession(t);
      const ws = await connect(t, s.url);
      const first = await nextSessionUrl(ws);
      expect(first).toEqual({ type: "session_url", url: s.url, change: 0, changeLimit: s.sessionChangeLimit, expiresAt: s.urlExpiresAt });
    },
  );

  scenario(
    { ...WS, id: id("02_rotation_count_and_timing"), title: "The URL changes every sessionSleepTimeout seconds, exactly sessionChangeLimit times, then the unused session expires (4410)", rule: "Seed 004: session_sleep_timeout between changes, session_change_limit changes; AsyncAPI 1.0.0: close 4410 after the last" },
    async (t: ScenarioContext) => {
      const s = await openSession(t);
      const ws = await connect(t, s.url);
      let previous = await nextSessionUrl(ws);
      const urls = new Set([previous.url]);
      for (let change = 1; change <= s.sessionChangeLimit; change++) {
        await t.advanceClock(s.sessionSleepTimeout);
        const m = await nextSessionUrl(ws);
        expect(m.change, "change number").toBe(change);
        expect(ms(m.expiresAt) - ms(previous.expiresAt), "expiresAt moves by sessionSleepTimeout").toBe(s.sessionSleepTimeout * 1000);
        urls.add(m.url);
        previous = m;
      }
      expect(urls.size, "every change gives a new URL").toBe(s.sessionChangeLimit + 1);
      await t.advanceClock(s.sessionSleepTimeout);
      await expectClose(ws, 4410);
      expect(ws.received.filter((f) => f.includes('"session_url"')), "session_url frames: the first URL and each change").toHaveLength(s.sessionChangeLimit + 1);
    },
  );

  scenario(
    { ...WS, id: id("03_no_change_before_the_sleep_timeout"), title: "No URL change before sessionSleepTimeout seconds, one right at it", rule: "Seed 004: the URL changes every session_sleep_timeout seconds" },
    async (t: ScenarioContext) => {
      const s = await openSession(t);
      t.require(s.sessionChangeLimit > 0, "the target's sessionChangeLimit is 0: the URL never changes");
      const ws = await connect(t, s.url);
      await nextSessionUrl(ws);
      await t.advanceClock(s.sessionSleepTimeout - 1);
      expect(await ws.next(QUIET_MS), `no frame ${s.sessionSleepTimeout - 1} s after the session opened`).toBeUndefined();
      await t.advanceClock(1);
      expect((await nextSessionUrl(ws)).change, "the change at the sleep timeout").toBe(1);
    },
  );

  scenario(
    { ...WS, id: id("04_replaced_url_refused"), title: "Once the URL changed, the replaced URL is refused (404) and the new one accepted", rule: "RelaySMS gateway AsyncAPI 1.0.0: only the session's current URL may be connected to" },
    async (t: ScenarioContext) => {
      const s = await openSession(t);
      t.require(s.sessionChangeLimit > 0, "the target's sessionChangeLimit is 0: the URL never changes");
      const watcher = await connect(t, s.url);
      await nextSessionUrl(watcher);
      await t.advanceClock(s.sessionSleepTimeout);
      const next = await nextSessionUrl(watcher);
      const old = await t.socket(s.url);
      expect(old.status, "the replaced URL is refused at the upgrade").toBe(404);
      expect(JSON.parse(old.refusalBody ?? "{}"), "refused with an ErrorInfo").toMatchObject({ status: 404, code: "NOT_FOUND" });
      const fresh = await connect(t, next.url);
      expect((await nextSessionUrl(fresh)).url, "the new URL is accepted").toBe(next.url);
    },
  );

  scenario(
    { ...WS, id: id("05_expired_session_refused"), title: "After the session expired, its last URL is refused too", rule: "RelaySMS gateway AsyncAPI 1.0.0: an expired session takes no client" },
    async (t: ScenarioContext) => {
      const s = await openSession(t);
      await t.advanceClock(s.sessionSleepTimeout * (s.sessionChangeLimit + 1) + 1);
      const late = await t.socket(s.url);
      expect(late.status, "refused").toBe(404);
      const never = await t.socket(s.url.replace(/\/[^/]+$/, "/never-issued-key"));
      expect(never.status, "a URL never issued is refused").toBe(404);
    },
  );

  scenario(
    { ...WS, id: id("06_two_clients_hear_the_same_changes"), title: "Two clients on one session receive the same URL changes in the same order", rule: "RelaySMS gateway AsyncAPI 1.0.0: every client of the session receives every session_url" },
    async (t: ScenarioContext) => {
      const s = await openSession(t);
      t.require(s.sessionChangeLimit >= 2, "the target's sessionChangeLimit is below 2");
      const a = await connect(t, s.url);
      const b = await connect(t, s.url);
      await nextSessionUrl(a);
      await nextSessionUrl(b);
      for (let change = 1; change <= 2; change++) {
        await t.advanceClock(s.sessionSleepTimeout);
        const [ma, mb] = [await nextSessionUrl(a), await nextSessionUrl(b)];
        expect(ma.change).toBe(change);
        expect(mb, "both clients get the same frame").toEqual(ma);
      }
      expect(await nextMessage(a, QUIET_MS), "nothing else").toBeUndefined();
    },
  );
});
