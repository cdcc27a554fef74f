/**
 * QoD 1.1.0 createSession, official r3.2 definitions (quality-on-demand-createSession.feature):
 * success (01 per Examples row, 02_1, 02_2, 03), 401, 403, 409, 422. Device errors (C01.x) are in
 * create-session-device.suite.ts, body errors (400.x) in create-session-body.suite.ts.
 */
import { describe, expect } from "vitest";
import { awaitEvents, expectQodEvent, expectUniqueIds } from "../support/qod-events.ts";
import {
  DEVICE_PORTS,
  QOD,
  QOD_SCOPE,
  QOD_SCOPES,
  SERVER_PORTS,
  accessTokenCredential,
  deviceOf,
  newSession,
  newSinkToken,
  postSession,
  qodScopesWithout,
  sessionBody,
  targetNow,
  threeLegged,
  twoLegged,
  waitForStatus,
} from "../support/qod-builders.ts";
import { officialFeature } from "../support/official.ts";
import { UNAUTHENTICATED_RULE, unauthenticatedCases, unauthenticatedHeaders } from "../support/auth-cases.ts";
import { scenario } from "../support/scenario.ts";
import { startWithCleanDevices } from "../support/session-sweep.ts";
import { ALL_SESSION_PROPERTIES, SESSION_RULES } from "../support/session-rules.ts";

const def = officialFeature({ ...QOD, operationId: "createSession", file: "quality-on-demand-createSession.feature" });
const ID = "quality_on_demand_createSession";

startWithCleanDevices();

describe("quality-on-demand 1.1.0 createSession (official r3.2)", () => {
  for (const property of ALL_SESSION_PROPERTIES) {
    scenario(
      def(
        `${ID}_01_generic_success_scenario`,
        29,
        "Common validations for any success scenario",
        `A valid createSession (2-legged, device, ports${property === "sink" ? ", the runner's sink" : ""}) answers 201 SessionInfo whose $.${property} ${SESSION_RULES[property].condition}`,
        property,
      ),
      async (t) => {
        // only the scenario about the sink sends one (a target may not accept the runner's sink)
        const sink = property === "sink" && t.target.sink ? t.sink() : undefined;
        const body = sessionBody(t, deviceOf(t.subscriber("plain")), {
          devicePorts: DEVICE_PORTS,
          applicationServerPorts: SERVER_PORTS,
          ...(sink ? { sink: sink.url, sinkCredential: accessTokenCredential(newSinkToken()) } : {}),
        });
        const answer = await postSession(t, body, await t.headers(await twoLegged(t)));
        expect(answer.response.status, `createSession status (body ${JSON.stringify(answer.error ?? "")})`).toBe(201);
        expect(answer.response.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json\b/);
        SESSION_RULES[property].check(answer.session!, body, await targetNow(t.target));
      },
    );
  }

  scenario(
    def(`${ID}_02_1_sinkcredential_provided`, 57, "Create QoS session with sink and sinkCredential provided",
      "createSession with a sink where events can be monitored and an ACCESSTOKEN/bearer sinkCredential answers 201"),
    async (t) => {
      const sink = t.sink();
      const body = sessionBody(t, deviceOf(t.subscriber("plain")), { sink: sink.url, sinkCredential: accessTokenCredential(newSinkToken()) });
      const answer = await postSession(t, body, await t.headers(await twoLegged(t)));
      expect(answer.response.status, `createSession status (body ${JSON.stringify(answer.error ?? "")})`).toBe(201);
    },
  );

  scenario(
    def(`${ID}_02_2_event_received`, 70, "Event is received when a session status changes after using sink",
      "Once the session's status is known, a qos-status-changed CloudEvent arrives at the sink: Authorization Bearer <sinkCredential.accessToken>, " +
        "application/cloudevents+json, schema EventQosStatusChanged, unique id, data.sessionId of the session, qosStatus AVAILABLE or UNAVAILABLE, " +
        "statusInfo only with UNAVAILABLE. Type: the spec's org.camaraproject.quality-on-demand.v1.qos-status-changed and the test definition's " +
        "org.camaraproject.qod.v1.qos-status-changed are both accepted (they contradict each other)"),
    async (t) => {
      const sink = t.sink();
      const sinkToken = newSinkToken();
      const { session, token } = await newSession(t, { extra: { sink: sink.url, sinkCredential: accessTokenCredential(sinkToken) } });
      await waitForStatus(t, session.sessionId, token, ["AVAILABLE", "UNAVAILABLE"]);
      const events = await awaitEvents(sink, (e) => e.length > 0);
      expect(events.length, "events received at the sink").toBeGreaterThan(0);
      for (const event of events) await expectQodEvent(event, { sessionId: session.sessionId, sinkToken });
      expectUniqueIds(events);
    },
  );

  scenario(
    def(`${ID}_03_3_legged_missing_device`, 84, "Device is not returned if not included in the creation",
      "createSession with a 3-legged token and no $.device answers 201 SessionInfo without $.device"),
    async (t) => {
      const token = await threeLegged(t, t.subscriber("plain"));
      const answer = await postSession(t, sessionBody(t, undefined), await t.headers(token));
      expect(answer.response.status, `createSession status (body ${JSON.stringify(answer.error ?? "")})`).toBe(201);
      expect(answer.session!.device, "$.device").toBeUndefined();
    },
  );

  for (const c of unauthenticatedCases([308, 321, 333])) {
    scenario(
      def(`${ID}_${c.suffix}`, c.line, c.title, `createSession with a valid body: ${UNAUTHENTICATED_RULE}`),
      async (t) => {
        const headers = await unauthenticatedHeaders(t, c.kind, QOD_SCOPES);
        const answer = await postSession(t, sessionBody(t, deviceOf(t.subscriber("plain"))), headers, await twoLegged(t));
        t.expectError(answer, 401, "UNAUTHENTICATED");
      },
    );
  }

  scenario(
    def(`${ID}_403.1_missing_access_token_scope`, 347, "Missing access token scope",
      "createSession with a token lacking quality-on-demand:sessions:create answers 403 PERMISSION_DENIED"),
    async (t) => {
      const token = await twoLegged(t, qodScopesWithout(QOD_SCOPE.create));
      const answer = await postSession(t, sessionBody(t, deviceOf(t.subscriber("plain"))), await t.headers(token), await twoLegged(t));
      t.expectError(answer, 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    def(`${ID}_409.1_session_conflict`, 360, "Session in conflict",
      "A second createSession for a device that already has an active QoD session answers 409 CONFLICT"),
    async (t) => {
      const { body, token } = await newSession(t);
      t.expectError(await postSession(t, body, await t.headers(token)), 409, "CONFLICT");
    },
  );

  scenario(
    def(`${ID}_422.1_session_qos_profile_not_applicable`, 374, "QoS Profile not applicable for session creation",
      "createSession with a QoS profile that exists but is not ACTIVE (the target's INACTIVE one, else its DEPRECATED one) answers 422 QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE"),
    async (t) => {
      const { inactive, deprecated } = t.target.qosProfiles;
      const profile = inactive ?? deprecated;
      if (!profile) return t.skip("the target configuration names no INACTIVE or DEPRECATED QoS profile");
      const body = sessionBody(t, deviceOf(t.subscriber("plain")), { qosProfile: profile });
      t.expectError(await postSession(t, body, await t.headers(await twoLegged(t))), 422, "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE");
    },
  );
});
