/**
 * QoD 1.1.0 getSession, official r3.2 definitions (quality-on-demand-getSession.feature). As in the
 * Background, the path names an existing session created by the same client unless the scenario
 * says otherwise, so a 401/403 cannot be mistaken for a 404.
 */
import { randomUUID } from "node:crypto";
import { describe, expect } from "vitest";
import { UNAUTHENTICATED_RULE, unauthenticatedCases, unauthenticatedHeaders } from "../support/auth-cases.ts";
import { officialFeature } from "../support/official.ts";
import {
  DEVICE_PORTS,
  QOD,
  QOD_SCOPE,
  QOD_SCOPES,
  SERVER_PORTS,
  accessTokenCredential,
  expectMalformedIdAnswer,
  newSession,
  newSinkToken,
  qodScopesWithout,
  targetNow,
  twoLegged,
  waitForStatus,
} from "../support/qod-builders.ts";
import { scenario } from "../support/scenario.ts";
import { expectSessionRules } from "../support/session-rules.ts";
import { startWithCleanDevices } from "../support/session-sweep.ts";
import type { ScenarioContext } from "../support/context.ts";

const def = officialFeature({ ...QOD, operationId: "getSession", file: "quality-on-demand-getSession.feature" });
const ID = "quality_on_demand_getSession";

startWithCleanDevices();

const read = async (t: ScenarioContext, sessionId: string, headers: Record<string, string>) =>
  t.qod().GET("/sessions/{sessionId}", { params: { path: { sessionId } }, headers });

describe("quality-on-demand 1.1.0 getSession (official r3.2)", () => {
  scenario(
    def(`${ID}_01_get_existing_session`, 23, "Get an existing QoD session by sessionId",
      "getSession of a session the client created answers 200 SessionInfo echoing device, applicationServer, qosProfile, ports and sink as created, " +
        "with startedAt/expiresAt/statusInfo consistent with qosStatus"),
    async (t) => {
      const sink = t.target.sink ? t.sink() : undefined;
      const { session, body, token } = await newSession(t, {
        extra: {
          devicePorts: DEVICE_PORTS,
          applicationServerPorts: SERVER_PORTS,
          ...(sink ? { sink: sink.url, sinkCredential: accessTokenCredential(newSinkToken()) } : {}),
        },
      });
      const { data, response } = await read(t, session.sessionId, await t.headers(token));
      expect(response.status, "getSession status").toBe(200);
      expect(data!.sessionId, "$.sessionId").toBe(session.sessionId);
      expectSessionRules(data!, body, await targetNow(t.target));
    },
  );

  scenario(
    def(`${ID}_02_get_recent_unavailable`, 44, 'QOS Session becoming "UNAVAILABLE" is not released for at least 360 seconds',
      "getSession of a session that failed (UNAVAILABLE / NETWORK_TERMINATED) less than 360 s ago answers 200 SessionInfo with qosStatus UNAVAILABLE"),
    async (t) => {
      const { session, token } = await newSession(t, { subscriber: t.subscriber("qodUnavailable") });
      await waitForStatus(t, session.sessionId, token, ["UNAVAILABLE"]);
      const { data, response } = await read(t, session.sessionId, await t.headers(token));
      expect(response.status, "getSession status").toBe(200);
      expect(response.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json\b/);
      expect(data!.qosStatus, "$.qosStatus").toBe("UNAVAILABLE");
    },
  );

  scenario(
    def(`${ID}_400.1_invalid_session_id`, 59, "Invalid Argument. Generic Syntax Exception",
      "getSession with a sessionId that is not a UUID answers 400 INVALID_ARGUMENT (404 NOT_FOUND accepted where the format is not validated, as the definition says)"),
    async (t) => expectMalformedIdAnswer(t, await read(t, "not-a-uuid", await t.headers(await twoLegged(t)))),
  );

  for (const c of unauthenticatedCases([72, 84, 95])) {
    scenario(def(`${ID}_${c.suffix}`, c.line, c.title, `getSession of an existing session: ${UNAUTHENTICATED_RULE}`), async (t) => {
      const { session } = await newSession(t);
      t.expectError(await read(t, session.sessionId, await unauthenticatedHeaders(t, c.kind, QOD_SCOPES)), 401, "UNAUTHENTICATED");
    });
  }

  scenario(
    def(`${ID}_403.1_missing_access_token_scope`, 108, "Missing access token scope",
      "getSession of an existing session with a token lacking quality-on-demand:sessions:read answers 403 PERMISSION_DENIED"),
    async (t) => {
      const { session } = await newSession(t);
      const token = await twoLegged(t, qodScopesWithout(QOD_SCOPE.read));
      t.expectError(await read(t, session.sessionId, await t.headers(token)), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def(`${ID}_403.2_session_token_mismatch`, 119, "QoS session not created by the API client given in the access token",
      "getSession of a session created by another API client answers 403 PERMISSION_DENIED"),
    async (t) => {
      const foreign = await t.token({ scopes: QOD_SCOPES, secondary: true });
      const { session } = await newSession(t);
      t.expectError(await read(t, session.sessionId, await t.headers(foreign)), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def(`${ID}_404.1_not_found`, 133, "sessionId of a non-existing QoS session", "getSession of a random UUID answers 404 NOT_FOUND"),
    async (t) => t.expectError(await read(t, randomUUID(), await t.headers(await twoLegged(t))), 404, "NOT_FOUND"),
  );
});
