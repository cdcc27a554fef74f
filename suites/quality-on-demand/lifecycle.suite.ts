/**
 * QoD session lifecycle (1.1.0, and 1.0.0 / 0.11.1 in the releases that hold them), which the official definitions leave out (layer "api"): the
 * qosStatus state machine of the spec's SessionInfo and createSession/deleteSession descriptions,
 * observed on the target's clock (advanced where the target exposes one):
 *   REQUESTED -> AVAILABLE -> UNAVAILABLE / DURATION_EXPIRED (still readable, duration and
 *   expiresAt describing what really ran), REQUESTED -> UNAVAILABLE / NETWORK_TERMINATED kept
 *   at least 360 s, an extension that moves the expiry, and 404 once deleted.
 * Clock jumps are kept short (tokens live on the same clock): about 420 s for the whole file.
 */
import { describe, expect, inject } from "vitest";
import { apiScenario } from "../support/official.ts";
import { qodOfRelease } from "../support/qod-release.ts";
import { getSession, newSession, validDuration, waitForStatus } from "../support/qod-builders.ts";
import { scenario } from "../support/scenario.ts";
import { startWithCleanDevices } from "../support/session-sweep.ts";
import type { ScenarioContext } from "../support/context.ts";

// the version of the target's release: same ids, the version field tells the versions apart
const QOD = qodOfRelease(inject("target").release);
const api = (operationId: string) => apiScenario(QOD.api, QOD.version, operationId);
const ID = "quality_on_demand_lifecycle";
const seconds = (iso: string | undefined) => Date.parse(iso ?? "") / 1000;

startWithCleanDevices();

/** A short duration the active profile accepts, so expiry is reached with a small clock jump. */
function shortDuration(t: ScenarioContext): number {
  const d = validDuration(t.target, 10);
  if (d > 120) t.skip(`the active profile's minimum duration (${d} s) is too long for a clock jump that keeps the run's tokens valid`);
  return d;
}

describe(`quality-on-demand ${QOD.version} session lifecycle (api)`, () => {
  scenario(
    api("createSession")(`${ID}_01_requested_to_available`, "A new session becomes AVAILABLE",
      "createSession answers REQUESTED (no startedAt/expiresAt) or AVAILABLE; the session then becomes AVAILABLE with startedAt and expiresAt = startedAt + duration"),
    async (t) => {
      const { session, token } = await newSession(t);
      expect(["REQUESTED", "AVAILABLE"], "qosStatus of the new session").toContain(session.qosStatus);
      if (session.qosStatus === "REQUESTED") {
        expect(session.startedAt, "startedAt while REQUESTED").toBeUndefined();
        expect(session.expiresAt, "expiresAt while REQUESTED").toBeUndefined();
      }
      const available = await waitForStatus(t, session.sessionId, token, ["AVAILABLE"]);
      expect(available.statusInfo, "statusInfo while AVAILABLE").toBeUndefined();
      expect(available.startedAt, "startedAt once AVAILABLE").toBeDefined();
      expect(seconds(available.expiresAt) - seconds(available.startedAt), "expiresAt - startedAt = duration").toBeCloseTo(available.duration, 0);
    },
  );

  scenario(
    api("getSession")(`${ID}_02_available_to_duration_expired`, "An AVAILABLE session ends UNAVAILABLE / DURATION_EXPIRED and stays readable",
      "When its duration has run out the session is UNAVAILABLE with statusInfo DURATION_EXPIRED, still answered by getSession, " +
        "with duration = the time it ran (from startedAt) and expiresAt = the moment it ended"),
    async (t) => {
      if (!t.target.clockUrl) return t.skip("the target exposes no clock to advance (waiting out a session in real time is not done)");
      const duration = shortDuration(t);
      const { session, token } = await newSession(t, { extra: { duration } });
      const available = await waitForStatus(t, session.sessionId, token, ["AVAILABLE"]);
      await t.advanceClock(available.duration);
      const ended = await waitForStatus(t, session.sessionId, token, ["UNAVAILABLE"]);
      expect(ended.statusInfo, "statusInfo").toBe("DURATION_EXPIRED");
      expect(ended.startedAt, "startedAt kept").toBe(available.startedAt);
      expect(ended.duration, "duration = the time it ran (s)").toBeGreaterThanOrEqual(available.duration);
      expect(ended.duration, "duration = the time it ran (s)").toBeLessThanOrEqual(available.duration + 2);
      expect(seconds(ended.expiresAt) - seconds(ended.startedAt), "expiresAt - startedAt = duration").toBeCloseTo(ended.duration, 0);
    },
  );

  scenario(
    api("getSession")(`${ID}_03_network_terminated_kept_360s`, "A session the network could not provide is kept at least 360 s",
      "A session of the qodUnavailable subscriber ends UNAVAILABLE / NETWORK_TERMINATED and getSession still answers it 350 s later " +
        "(spec: such sessions are deleted automatically at earliest 360 s after the event)"),
    async (t) => {
      if (!t.target.clockUrl) return t.skip("the target exposes no clock to advance (waiting 350 s in real time is not done)");
      const { session, token } = await newSession(t, { subscriber: t.subscriber("qodUnavailable") });
      const ended = await waitForStatus(t, session.sessionId, token, ["UNAVAILABLE"]);
      expect(ended.statusInfo, "statusInfo").toBe("NETWORK_TERMINATED");
      await t.advanceClock(350);
      const { data, response } = await getSession(t, session.sessionId, token);
      expect(response.status, "getSession 350 s after the termination").toBe(200);
      expect(data!.qosStatus, "qosStatus").toBe("UNAVAILABLE");
      expect(data!.statusInfo, "statusInfo").toBe("NETWORK_TERMINATED");
    },
  );

  scenario(
    api("extendQosSessionDuration")(`${ID}_04_extension_moves_expiry`, "An extension moves the end of the session",
      "After an accepted extension the session is still AVAILABLE past its original end, and ends UNAVAILABLE / DURATION_EXPIRED at the new expiresAt"),
    async (t) => {
      if (!t.target.clockUrl) return t.skip("the target exposes no clock to advance");
      const duration = shortDuration(t);
      const { session, token } = await newSession(t, { extra: { duration } });
      const available = await waitForStatus(t, session.sessionId, token, ["AVAILABLE"]);
      const { data: extended, response } = await t.qod().POST("/sessions/{sessionId}/extend", {
        params: { path: { sessionId: session.sessionId } },
        body: { requestedAdditionalDuration: 20 },
        headers: await t.headers(token),
      });
      expect(response.status, "extendQosSessionDuration status").toBe(200);
      expect(seconds(extended!.expiresAt) - seconds(extended!.startedAt), "new expiresAt - startedAt = new duration").toBeCloseTo(extended!.duration, 0);
      if (extended!.duration <= available.duration) t.skip("the target granted no additional time, so there is no later expiry to observe");
      await t.advanceClock(available.duration + 1);
      const { data: midway } = await getSession(t, session.sessionId, token);
      expect(midway!.qosStatus, "qosStatus after the original end").toBe("AVAILABLE");
      await t.advanceClock(extended!.duration - available.duration);
      const ended = await waitForStatus(t, session.sessionId, token, ["UNAVAILABLE"]);
      expect(ended.statusInfo, "statusInfo").toBe("DURATION_EXPIRED");
      expect(ended.duration, "duration = the extended duration it ran (s)").toBeGreaterThanOrEqual(extended!.duration);
      expect(ended.duration, "duration = the extended duration it ran (s)").toBeLessThanOrEqual(extended!.duration + 2);
    },
  );

  scenario(
    api("deleteSession")(`${ID}_05_deleted_session_not_found`, "A deleted session is gone",
      "After deleteSession (204), getSession, extendQosSessionDuration and a second deleteSession of that id answer 404 NOT_FOUND"),
    async (t) => {
      const { session, token } = await newSession(t);
      const path = { params: { path: { sessionId: session.sessionId } } };
      const deleted = await t.qod().DELETE("/sessions/{sessionId}", { ...path, headers: await t.headers(token) });
      expect(deleted.response.status, "deleteSession status").toBe(204);
      t.expectError(await getSession(t, session.sessionId, token), 404, "NOT_FOUND");
      const extend = await t.qod().POST("/sessions/{sessionId}/extend", { ...path, body: { requestedAdditionalDuration: 60 }, headers: await t.headers(token) });
      t.expectError(extend, 404, "NOT_FOUND");
      t.expectError(await t.qod().DELETE("/sessions/{sessionId}", { ...path, headers: await t.headers(token) }), 404, "NOT_FOUND");
    },
  );
});
