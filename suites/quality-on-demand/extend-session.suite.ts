/**
 * QoD 1.1.0 extendQosSessionDuration, official r3.2 definitions
 * (quality-on-demand-extendQosSessionDuration.feature). The Background's path names an existing
 * session of the same client; scenarios that need it AVAILABLE wait for it on the target's clock.
 * The profile's maxDuration comes from the qos-profiles API, as extend_02 says, else from the
 * target configuration.
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
  expectMalformedIdAnswer,
  newSession,
  profileSeconds,
  qodScopesWithout,
  targetNow,
  twoLegged,
  waitForStatus,
} from "../support/qod-builders.ts";
import { rawRequest } from "../support/raw.ts";
import { scenario } from "../support/scenario.ts";
import { expectSessionRules } from "../support/session-rules.ts";
import { startWithCleanDevices } from "../support/session-sweep.ts";
import type { ScenarioContext } from "../support/context.ts";

const def = officialFeature({ ...QOD, operationId: "extendQosSessionDuration", file: "quality-on-demand-extendQosSessionDuration.feature" });
const ID = "quality_on_demand_extendQosSessionDuration";

startWithCleanDevices();

const extend = async (t: ScenarioContext, sessionId: string, headers: Record<string, string>, body: unknown = { requestedAdditionalDuration: 60 }) =>
  t.qod().POST("/sessions/{sessionId}/extend", { params: { path: { sessionId } }, body: body as { requestedAdditionalDuration: number }, headers });

/** maxDuration of a profile in seconds: qos-profiles getQosProfile, else the target configuration. */
async function maxDurationOf(t: ScenarioContext, profile: string): Promise<number | undefined> {
  const { data, response } = await t.qosProfiles().GET("/qos-profiles/{name}", {
    params: { path: { name: profile } },
    headers: await t.headers(await t.token({ scopes: ["qos-profiles:read"] })),
  });
  const fromApi = response.status === 200 ? profileSeconds(data?.maxDuration) : undefined;
  return fromApi ?? (profile === t.target.qosProfiles.active ? t.target.qosProfiles.activeMaxDurationSeconds : undefined);
}

describe("quality-on-demand 1.1.0 extendQosSessionDuration (official r3.2)", () => {
  scenario(
    def(`${ID}_01_generic_success_scenario`, 26, "Common validations for any success scenario",
      "Extending an AVAILABLE session answers 200 SessionInfo echoing device, applicationServer, qosProfile, ports and sink as created; " +
        "the new duration is not lower than requestedAdditionalDuration (nor than the duration before)"),
    async (t) => {
      const { session, body, token } = await newSession(t, { extra: { devicePorts: DEVICE_PORTS, applicationServerPorts: SERVER_PORTS } });
      const before = await waitForStatus(t, session.sessionId, token, ["AVAILABLE"]);
      const max = t.target.qosProfiles.activeMaxDurationSeconds ?? Number.MAX_SAFE_INTEGER;
      const additional = Math.max(1, Math.min(60, max - before.duration));
      const { data, response } = await extend(t, session.sessionId, await t.headers(token), { requestedAdditionalDuration: additional });
      expect(response.status, "extendQosSessionDuration status").toBe(200);
      expectSessionRules(data!, body, await targetNow(t.target), ["device", "applicationServer", "qosProfile", "devicePorts", "applicationServerPorts", "sink"]);
      expect(data!.duration, "$.duration not lower than requestedAdditionalDuration").toBeGreaterThanOrEqual(additional);
      expect(data!.duration, "$.duration not reduced by the extension").toBeGreaterThanOrEqual(before.duration);
    },
  );

  scenario(
    def(`${ID}_02_exceed_max_duration`, 47, "Extended duration cannot exceed the maxDuration for the QoS profile",
      "Extending an AVAILABLE session by more than its profile's maxDuration allows answers 200 SessionInfo whose duration does not exceed maxDuration"),
    async (t) => {
      const { session, body, token } = await newSession(t);
      const max = await maxDurationOf(t, body.qosProfile);
      if (max === undefined) return t.skip("the maxDuration of the active profile is known neither from qos-profiles nor from the target configuration");
      await waitForStatus(t, session.sessionId, token, ["AVAILABLE"]);
      const { data, response } = await extend(t, session.sessionId, await t.headers(token), { requestedAdditionalDuration: Math.ceil(max) });
      expect(response.status, "extendQosSessionDuration status").toBe(200);
      expect(data!.duration, `$.duration does not exceed maxDuration ${max} s`).toBeLessThanOrEqual(max);
    },
  );

  scenario(
    def(`${ID}_400.1_schema_not_compliant`, 64, "Invalid Argument. Generic Syntax Exception",
      "Extending an existing session with a body violating ExtendSessionDuration (requestedAdditionalDuration is a string) answers 400 INVALID_ARGUMENT"),
    async (t) => {
      const { session, token } = await newSession(t);
      t.expectError(await extend(t, session.sessionId, await t.headers(token), { requestedAdditionalDuration: "sixty" }), 400, "INVALID_ARGUMENT");
    },
  );

  scenario(
    def(`${ID}_400.2_invalid_session_id`, 75, "Invalid sessionId",
      "Extending a sessionId that is not a UUID answers 400 INVALID_ARGUMENT (404 NOT_FOUND accepted where the format is not validated, as the definition says)"),
    async (t) => expectMalformedIdAnswer(t, await extend(t, "not-a-uuid", await t.headers(await twoLegged(t)))),
  );

  scenario(
    def(`${ID}_400.3_no_request_body`, 85, "Missing request body", "Extending an existing session without a request body answers 400 INVALID_ARGUMENT"),
    async (t) => {
      const { session, token } = await newSession(t);
      const url = t.url(QOD.api, QOD.basePath, `/sessions/${session.sessionId}/extend`);
      t.expectError(await rawRequest(t, { method: "POST", url, headers: await t.headers(token) }), 400, "INVALID_ARGUMENT");
    },
  );

  scenario(
    def(`${ID}_400.4_empty_request_body`, 96, "Empty object as request body", "Extending an existing session with the body {} answers 400 INVALID_ARGUMENT"),
    async (t) => {
      const { session, token } = await newSession(t);
      t.expectError(await extend(t, session.sessionId, await t.headers(token), {}), 400, "INVALID_ARGUMENT");
    },
  );

  for (const c of unauthenticatedCases([109, 122, 134])) {
    scenario(def(`${ID}_${c.suffix}`, c.line, c.title, `Extending an existing session with a valid body: ${UNAUTHENTICATED_RULE}`), async (t) => {
      const { session } = await newSession(t);
      t.expectError(await extend(t, session.sessionId, await unauthenticatedHeaders(t, c.kind, QOD_SCOPES)), 401, "UNAUTHENTICATED");
    });
  }

  scenario(
    def(`${ID}_403.1_missing_access_token_scope`, 148, "Missing access token scope",
      "Extending an existing session with a token lacking quality-on-demand:sessions:update answers 403 PERMISSION_DENIED"),
    async (t) => {
      const { session } = await newSession(t);
      const token = await twoLegged(t, qodScopesWithout(QOD_SCOPE.update));
      t.expectError(await extend(t, session.sessionId, await t.headers(token)), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def(`${ID}_403.2_session_token_mismatch`, 159, "QoS session not created by the API client given in the access token",
      "Extending a session created by another API client answers 403 PERMISSION_DENIED"),
    async (t) => {
      const foreign = await t.token({ scopes: QOD_SCOPES, secondary: true });
      const { session } = await newSession(t);
      t.expectError(await extend(t, session.sessionId, await t.headers(foreign)), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def(`${ID}_404.1_not_found`, 173, "sessionId of a non-existing QoS session", "Extending a random UUID with a valid body answers 404 NOT_FOUND"),
    async (t) => t.expectError(await extend(t, randomUUID(), await t.headers(await twoLegged(t))), 404, "NOT_FOUND"),
  );

  scenario(
    def(`${ID}_409.1_session_not_available`, 187, "Extending duration for session with qosStatus not available",
      "Extending a session whose qosStatus is not AVAILABLE (one that ended UNAVAILABLE / NETWORK_TERMINATED) answers 409 QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED"),
    async (t) => {
      const { session, token } = await newSession(t, { subscriber: t.subscriber("qodUnavailable") });
      await waitForStatus(t, session.sessionId, token, ["UNAVAILABLE"]);
      t.expectError(await extend(t, session.sessionId, await t.headers(token)), 409, "QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED");
    },
  );
});
