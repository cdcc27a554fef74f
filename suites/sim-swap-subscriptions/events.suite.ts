/**
 * SIM Swap subscriptions 0.3.0 semantics (layer "api"): what a subscription promises once created,
 * observed at the runner's sink. SIM changes are recorded through the target's control plane (our
 * mock: POST /_harness/subscribers/{phoneNumber}/sim-change) and time moves on its clock; a target
 * without them skips those scenarios with that reason.
 *   - creation answers the subscription (id, sink, types, the watched number, expiresAt not after the requested end);
 *   - a SIM change of the watched line sends one `swapped` event (type, subject data, time of the change);
 *     a change of another line sends nothing;
 *   - subscriptionMaxEvents: after that many events, subscription-ended MAX_EVENTS_REACHED and no more events;
 *   - subscriptionExpireTime: at that time, subscription-ended SUBSCRIPTION_EXPIRED and no more events;
 *   - delete: 204, subscription-ended SUBSCRIPTION_DELETED, then 404 and no more events.
 */
import { describe, expect } from "vitest";
import type { ScenarioContext } from "../support/context.ts";
import { apiScenario } from "../support/official.ts";
import { scenario } from "../support/scenario.ts";
import { recordSimChange, targetNow } from "../sim-swap/sim-swap-release.ts";
import {
  API, ENDED, QUIET_MS, SWAPPED, VERSION, awaitEvents, expectEnded, expectEvent, expectUniqueIds, subscriptionRequest, typesOf, watch,
} from "./subscription-helpers.ts";

const def = (operationId: string) => apiScenario(API, VERSION, operationId);
const ID = "sim_swap_subscriptions";
/** the event's time is the change's (the control plane's instant), within this */
const TIME_TOLERANCE_MS = 1000;

const line = (t: ScenarioContext) => t.subscriber("plain").phoneNumber;

describe(`sim-swap-subscriptions ${VERSION} events (api)`, () => {
  scenario(
    def("createSimSwapSubscription")(`${ID}_01_create`, "Creation answers the subscription it made",
      "201 Subscription: an id, the sink, the type asked for, the watched number, expiresAt not after subscriptionExpireTime"),
    async (t: ScenarioContext) => {
      const end = new Date((await targetNow(t)) + 86_400_000).toISOString();
      const w = await watch(t, line(t), { subscriptionExpireTime: end });
      expect(typeof w.created.id === "string" && w.created.id.length > 0, "id").toBe(true);
      expect(w.created.types, "types").toEqual([SWAPPED]);
      expect(w.created.config?.subscriptionDetail?.phoneNumber, "config.subscriptionDetail.phoneNumber").toBe(w.phoneNumber);
      if (w.created.expiresAt !== undefined) expect(Date.parse(w.created.expiresAt), "expiresAt not after the requested end").toBeLessThanOrEqual(Date.parse(end));
      if (w.created.status !== undefined) expect(["ACTIVATION_REQUESTED", "ACTIVE"], `status ${w.created.status}`).toContain(w.created.status);
      const read = await subscriptionRequest(t, "GET", w.id);
      expect(read.response.status, "retrieveSubscription status").toBe(200);
      expect((read.data as { id?: string }).id, "retrieved id").toBe(w.id);
    },
  );

  scenario(
    def("createSimSwapSubscription")(`${ID}_02_swapped_event`, "A SIM change of the watched line sends one swapped event",
      "One org.camaraproject.sim-swap-subscriptions.v0.swapped CloudEvent per SIM change: Bearer sinkCredential token, specversion 1.0, data.subscriptionId and data.phoneNumber of the watched line, time of the change"),
    async (t: ScenarioContext) => {
      const w = await watch(t, line(t));
      const at = await recordSimChange(t, w.phoneNumber);
      const events = await awaitEvents(w, (e) => e.length > 0);
      expect(typesOf(events), "events received").toEqual([SWAPPED]);
      expectEvent(events[0], w, SWAPPED);
      expect(events[0].body.data.phoneNumber, "data.phoneNumber (the number the client gave)").toBe(w.phoneNumber);
      expect(Math.abs(Date.parse(events[0].body.time) - at), `event time ${events[0].body.time} is the change's`).toBeLessThanOrEqual(TIME_TOLERANCE_MS);
    },
  );

  scenario(
    def("createSimSwapSubscription")(`${ID}_03_other_line_silent`, "A SIM change of another line sends nothing",
      "A subscription delivers events of its own line only"),
    async (t: ScenarioContext) => {
      const w = await watch(t, line(t));
      await recordSimChange(t, t.subscriber("plain2").phoneNumber);
      expect(typesOf(await awaitEvents(w, () => false, QUIET_MS)), "events received").toEqual([]);
    },
  );

  scenario(
    def("createSimSwapSubscription")(`${ID}_04_max_events`, "subscriptionMaxEvents 1: one swapped event, then subscription-ended MAX_EVENTS_REACHED, then nothing",
      "After subscriptionMaxEvents events the subscription ends with subscription-ended MAX_EVENTS_REACHED and sends no further swapped event"),
    async (t: ScenarioContext) => {
      const w = await watch(t, line(t), { subscriptionMaxEvents: 1 });
      await recordSimChange(t, w.phoneNumber);
      const events = await awaitEvents(w, (e) => e.length >= 2);
      expect(typesOf(events), "events received, in order").toEqual([SWAPPED, ENDED]);
      expectEvent(events[0], w, SWAPPED);
      expectEnded(events[1], w, ["MAX_EVENTS_REACHED"]);
      await recordSimChange(t, w.phoneNumber);
      const after = await awaitEvents(w, (e) => e.length > 2, QUIET_MS);
      expect(typesOf(after), "no event after the subscription ended").toEqual([SWAPPED, ENDED]);
      expectUniqueIds(after);
    },
  );

  scenario(
    def("createSimSwapSubscription")(`${ID}_05_expiry`, "subscriptionExpireTime: subscription-ended SUBSCRIPTION_EXPIRED at that time, then nothing",
      "At subscriptionExpireTime the subscription ends with subscription-ended SUBSCRIPTION_EXPIRED and sends no further swapped event"),
    async (t: ScenarioContext) => {
      t.require(t.target.clockUrl, "the target exposes no clock to advance (time-dependent scenario)");
      const w = await watch(t, line(t), { subscriptionExpireTime: new Date((await targetNow(t)) + 120_000).toISOString() });
      expect(typesOf(await awaitEvents(w, () => false, QUIET_MS)), "no event before the end").toEqual([]);
      await t.advanceClock(180);
      const events = await awaitEvents(w, (e) => e.length > 0);
      expect(typesOf(events), "events received").toEqual([ENDED]);
      expectEnded(events[0], w, ["SUBSCRIPTION_EXPIRED"]);
      await recordSimChange(t, w.phoneNumber);
      expect(typesOf(await awaitEvents(w, (e) => e.length > 1, QUIET_MS)), "no event after expiry").toEqual([ENDED]);
    },
  );

  scenario(
    def("deleteSubscription")(`${ID}_06_delete`, "Delete: 204, subscription-ended SUBSCRIPTION_DELETED, then 404 and nothing",
      "deleteSubscription answers 204, sends subscription-ended SUBSCRIPTION_DELETED; the subscription is gone (404) and sends no further event"),
    async (t: ScenarioContext) => {
      const w = await watch(t, line(t));
      const deleted = await subscriptionRequest(t, "DELETE", w.id);
      expect(deleted.response.status, "deleteSubscription status").toBe(204);
      const events = await awaitEvents(w, (e) => e.length > 0);
      expect(typesOf(events), "events received").toEqual([ENDED]);
      expectEnded(events[0], w, ["SUBSCRIPTION_DELETED"]);
      t.expectError(await subscriptionRequest(t, "GET", w.id), 404, "NOT_FOUND");
      await recordSimChange(t, w.phoneNumber);
      expect(typesOf(await awaitEvents(w, (e) => e.length > 1, QUIET_MS)), "no event after deletion").toEqual([ENDED]);
    },
  );
});
