/**
 * QoD 1.1.0 deleteSession, official r3.2 definitions (quality-on-demand-deleteSession.feature).
 * deleteSession_01 also asserts `Content-Type: application/json` on the 204: not enforced, a 204
 * has no content (RFC 9110 section 15.3.5) and the spec documents no content for it.
 */
import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { UNAUTHENTICATED_RULE, unauthenticatedCases, unauthenticatedHeaders } from "../support/auth-cases.ts";
import { officialFeature } from "../support/official.ts";
import {
  QOD,
  QOD_SCOPE,
  QOD_SCOPES,
  accessTokenCredential,
  expectMalformedIdAnswer,
  newSession,
  newSinkToken,
  qodScopesWithout,
  twoLegged,
  waitForStatus,
} from "../support/qod-builders.ts";
import { awaitEvents, expectQodEvent, expectUniqueIds, statusesOf } from "../support/qod-events.ts";
import { scenario } from "../support/scenario.ts";
import { startWithCleanDevices } from "../support/session-sweep.ts";
import type { ScenarioContext } from "../support/context.ts";

const def = officialFeature({ ...QOD, operationId: "deleteSession", file: "quality-on-demand-deleteSession.feature" });
const ID = "quality_on_demand_deleteSession";

startWithCleanDevices();

const remove = async (t: ScenarioContext, sessionId: string, headers: Record<string, string>) =>
  t.qod().DELETE("/sessions/{sessionId}", { params: { path: { sessionId } }, headers });

describe("quality-on-demand 1.1.0 deleteSession (official r3.2)", () => {
  scenario(
    def(`${ID}_01_delete_existing_qod_session`, 25, "Delete an existing QoD session",
      "deleteSession of a session the client created answers 204 (the definition's Content-Type check on a 204 without content is not enforced)"),
    async (t) => {
      const { session, token } = await newSession(t);
      const { response } = await remove(t, session.sessionId, await t.headers(token));
      expect(response.status, "deleteSession status").toBe(204);
    },
  );

  scenario(
    def(`${ID}_02_event_notification`, 34, "Event is received if the session was AVAILABLE and sink was provided",
      "deleteSession of an AVAILABLE session with sink answers 204 and a qos-status-changed event UNAVAILABLE / DELETE_REQUESTED arrives at the sink " +
        "(Authorization Bearer <sinkCredential.accessToken>, application/cloudevents+json, schema, unique id, data.sessionId; type " +
        "org.camaraproject.quality-on-demand.v1.qos-status-changed of the spec or org.camaraproject.qod.v1.qos-status-changed of the definition)"),
    async (t) => {
      const sink = t.sink();
      const sinkToken = newSinkToken();
      const { session, token } = await newSession(t, { extra: { sink: sink.url, sinkCredential: accessTokenCredential(sinkToken) } });
      await waitForStatus(t, session.sessionId, token, ["AVAILABLE"]);
      const { response } = await remove(t, session.sessionId, await t.headers(token));
      expect(response.status, "deleteSession status").toBe(204);
      const isDeletion = (e: { body: any }) => e.body?.data?.qosStatus === "UNAVAILABLE";
      const events = await awaitEvents(sink, (all) => all.some(isDeletion));
      const deletion = events.filter(isDeletion);
      expect(deletion.length, `one UNAVAILABLE event after the deletion (received: ${statusesOf(events).join(", ") || "none"})`).toBe(1);
      await expectQodEvent(deletion[0], { sessionId: session.sessionId, sinkToken, qosStatus: "UNAVAILABLE", statusInfo: "DELETE_REQUESTED" });
      for (const event of events) await expectQodEvent(event, { sessionId: session.sessionId, sinkToken });
      expectUniqueIds(events);
    },
  );

  scenario(
    def(`${ID}_400.1_invalid_session_id`, 55, "Invalid Argument. Generic Syntax Exception",
      "deleteSession with a sessionId that is not a UUID answers 400 INVALID_ARGUMENT (404 NOT_FOUND accepted where the format is not validated, as the definition says)"),
    async (t) => expectMalformedIdAnswer(t, await remove(t, "not-a-uuid", await t.headers(await twoLegged(t)))),
  );

  for (const c of unauthenticatedCases([67, 79, 90])) {
    scenario(def(`${ID}_${c.suffix}`, c.line, c.title, `deleteSession of an existing session: ${UNAUTHENTICATED_RULE}`), async (t) => {
      const { session } = await newSession(t);
      t.expectError(await remove(t, session.sessionId, await unauthenticatedHeaders(t, c.kind, QOD_SCOPES)), 401, "UNAUTHENTICATED");
    });
  }

  scenario(
    def(`${ID}_403.1_missing_access_token_scope`, 103, "Missing access token scope",
      "deleteSession of an existing session with a token lacking quality-on-demand:sessions:delete answers 403 PERMISSION_DENIED"),
    async (t) => {
      const { session } = await newSession(t);
      const token = await twoLegged(t, qodScopesWithout(QOD_SCOPE.delete));
      t.expectError(await remove(t, session.sessionId, await t.headers(token)), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def(`${ID}_403.2_session_token_mismatch`, 114, "QoS session not created by the API client given in the access token",
      "deleteSession of a session created by another API client answers 403 PERMISSION_DENIED"),
    async (t) => {
      const foreign = await t.token({ scopes: QOD_SCOPES, secondary: true });
      const { session } = await newSession(t);
      t.expectError(await remove(t, session.sessionId, await t.headers(foreign)), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def(`${ID}_404.1_not_found`, 128, "sessionId of a non-existing QoS session", "deleteSession of a random UUID answers 404 NOT_FOUND"),
    async (t) => t.expectError(await remove(t, randomUUID(), await t.headers(await twoLegged(t))), 404, "NOT_FOUND"),
  );
});
