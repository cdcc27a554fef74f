/**
 * QoD notifications (1.1.0, and 1.0.0 / 0.11.1 in the releases that hold them) beyond the official definitions (layer "api"): the qos-status-changed
 * CloudEvents the spec's createSession/deleteSession descriptions promise, received at the
 * runner's sink. Each event is checked as in createSession_02_2 (Authorization Bearer
 * <sinkCredential.accessToken>, application/cloudevents+json, specversion 1.0, schema, unique id,
 * data.sessionId, statusInfo only with UNAVAILABLE; type of the version's spec, or for 1.x of the
 * test definitions).
 */
import { describe, expect, inject } from "vitest";
import { apiScenario } from "../support/official.ts";
import { qodOfRelease } from "../support/qod-release.ts";
import { accessTokenCredential, newSession, newSinkToken, validDuration, waitForStatus } from "../support/qod-builders.ts";
import { type Sink, awaitEvents, expectQodEvent, expectUniqueIds, statusesOf } from "../support/qod-events.ts";
import { scenario } from "../support/scenario.ts";
import { startWithCleanDevices } from "../support/session-sweep.ts";
import type { TestSubscriber } from "../../src/target/target.ts";
import type { ScenarioContext } from "../support/context.ts";

// the version of the target's release: same ids, the version field tells the versions apart
const QOD = qodOfRelease(inject("target").release);
const api = (operationId: string) => apiScenario(QOD.api, QOD.version, operationId);
const ID = "quality_on_demand_notification";
const EVENT_RULE = "each event: Bearer sinkCredential token, application/cloudevents+json, specversion 1.0, schema, unique id, data.sessionId";

startWithCleanDevices();

async function sessionWithSink(t: ScenarioContext, options: { subscriber?: TestSubscriber; duration?: number } = {}) {
  const sink: Sink = t.sink();
  const sinkToken = newSinkToken();
  const extra = { sink: sink.url, sinkCredential: accessTokenCredential(sinkToken), ...(options.duration ? { duration: options.duration } : {}) };
  const created = await newSession(t, { subscriber: options.subscriber, extra });
  return { ...created, sink, sinkToken };
}

async function expectAll(events: { headers: Record<string, string>; body: any }[], sessionId: string, sinkToken: string) {
  for (const event of events) await expectQodEvent(event, { sessionId, sinkToken, qod: QOD });
  expectUniqueIds(events);
}

describe(`quality-on-demand ${QOD.version} notifications (api)`, () => {
  scenario(
    api("createSession")(`${ID}_01_available`, "An AVAILABLE event follows the creation",
      `A session created with a sink notifies exactly one qos-status-changed AVAILABLE once QoS is in place; ${EVENT_RULE}`),
    async (t) => {
      const { session, token, sink, sinkToken } = await sessionWithSink(t);
      await waitForStatus(t, session.sessionId, token, ["AVAILABLE"]);
      const events = await awaitEvents(sink, (e) => e.length > 0);
      expect(statusesOf(events), "events received").toEqual(["AVAILABLE"]);
      await expectAll(events, session.sessionId, sinkToken);
    },
  );

  scenario(
    api("createSession")(`${ID}_02_duration_expired`, "AVAILABLE then UNAVAILABLE / DURATION_EXPIRED",
      `A session that runs out notifies AVAILABLE, then UNAVAILABLE with statusInfo DURATION_EXPIRED, in that order; ${EVENT_RULE}`),
    async (t) => {
      if (!t.target.clockUrl) return t.skip("the target exposes no clock to advance");
      const { session, token, sink, sinkToken } = await sessionWithSink(t, { duration: validDuration(t.target, 10) });
      const available = await waitForStatus(t, session.sessionId, token, ["AVAILABLE"]);
      if (available.duration > 120) return t.skip("the active profile's minimum duration is too long for a clock jump");
      await t.advanceClock(available.duration);
      await waitForStatus(t, session.sessionId, token, ["UNAVAILABLE"]);
      const events = await awaitEvents(sink, (e) => e.length >= 2);
      expect(statusesOf(events), "events received, in order").toEqual(["AVAILABLE", "UNAVAILABLE/DURATION_EXPIRED"]);
      await expectAll(events, session.sessionId, sinkToken);
      expect(Date.parse(events[1].body.time), "time of the second event not before the first").toBeGreaterThanOrEqual(Date.parse(events[0].body.time));
    },
  );

  scenario(
    api("createSession")(`${ID}_03_network_terminated`, "UNAVAILABLE / NETWORK_TERMINATED when the network cannot provide QoS",
      `A session of the qodUnavailable subscriber notifies one UNAVAILABLE with statusInfo NETWORK_TERMINATED and no AVAILABLE; ${EVENT_RULE}`),
    async (t) => {
      const { session, token, sink, sinkToken } = await sessionWithSink(t, { subscriber: t.subscriber("qodUnavailable") });
      await waitForStatus(t, session.sessionId, token, ["UNAVAILABLE"]);
      const events = await awaitEvents(sink, (e) => e.length > 0);
      expect(statusesOf(events), "events received").toEqual(["UNAVAILABLE/NETWORK_TERMINATED"]);
      await expectAll(events, session.sessionId, sinkToken);
    },
  );

  scenario(
    api("deleteSession")(`${ID}_04_no_event_when_deleting_unavailable`, "No event when an UNAVAILABLE session is deleted",
      "deleteSession of a session that is already UNAVAILABLE answers 204 and sends no further event (spec: no notification if qosStatus was already UNAVAILABLE)"),
    async (t) => {
      const { session, token, sink } = await sessionWithSink(t, { subscriber: t.subscriber("qodUnavailable") });
      await waitForStatus(t, session.sessionId, token, ["UNAVAILABLE"]);
      const before = await awaitEvents(sink, (e) => e.length > 0);
      const { response } = await t.qod().DELETE("/sessions/{sessionId}", { params: { path: { sessionId: session.sessionId } }, headers: await t.headers(token) });
      expect(response.status, "deleteSession status").toBe(204);
      const after = await sink.received();
      expect(statusesOf(after), "events after the deletion").toEqual(statusesOf(before));
    },
  );
});
