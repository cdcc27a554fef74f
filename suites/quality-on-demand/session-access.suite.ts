/**
 * QoD rules (1.1.0, and 1.0.0 / 0.11.1 in the releases that hold them) on who may create and see which session, beyond the official definitions
 * (layer "api"):
 *   - one active session per device (409 CONFLICT), whichever identifier names the device, and the
 *     device is free again once the session is deleted;
 *   - resource access restriction (Commonalities design guide 6.7): another client's 403 leaves the
 *     session untouched, retrieveSessionsByDevice lists only the caller's sessions, and with a
 *     3-legged token the session's subject must be the token's;
 *   - DeviceResponse: with several identifiers sent, exactly one comes back, as sent;
 *   - a profile that exists but is INACTIVE or DEPRECATED is not applicable (1.1.0: 422
 *     QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE; 1.0.0 and 0.11.1, without that code: 400 INVALID_ARGUMENT).
 */
import { describe, expect, inject } from "vitest";
import { apiScenario } from "../support/official.ts";
import { qodOfRelease } from "../support/qod-release.ts";
import {
  QOD_SCOPES,
  deviceOf,
  getSession,
  newSession,
  postSession,
  sessionBody,
  threeLegged,
  twoLegged,
} from "../support/qod-builders.ts";
import { scenario } from "../support/scenario.ts";
import { startWithCleanDevices } from "../support/session-sweep.ts";
import type { ScenarioContext } from "../support/context.ts";

// the version of the target's release: same ids, the version field tells the versions apart
const QOD = qodOfRelease(inject("target").release);
const api = (operationId: string) => apiScenario(QOD.api, QOD.version, operationId);
const NOT_APPLICABLE = `${QOD.profileNotApplicable.status} ${QOD.profileNotApplicable.code}`;

startWithCleanDevices();

async function expectProfileNotApplicable(t: ScenarioContext, profile: string) {
  const body = sessionBody(t, deviceOf(t.subscriber("plain")), { qosProfile: profile });
  t.expectError(await postSession(t, body, await t.headers(await twoLegged(t))), QOD.profileNotApplicable.status, QOD.profileNotApplicable.code);
}

describe(`quality-on-demand ${QOD.version} session access rules (api)`, () => {
  scenario(
    api("createSession")("quality_on_demand_conflict_01_same_device_other_identifier", "Conflict detected through another identifier",
      "With an active session created by phone number, a second createSession naming the same device by its IPv4 address answers 409 CONFLICT"),
    async (t) => {
      const plain = t.subscriber("plain");
      const ipv4 = plain.device?.ipv4Address;
      if (!ipv4) return t.skip("the plain test subscriber has no IPv4 identifier in the target configuration");
      const { token } = await newSession(t);
      t.expectError(await postSession(t, sessionBody(t, { ipv4Address: ipv4 }), await t.headers(token)), 409, "CONFLICT");
    },
  );

  scenario(
    api("createSession")("quality_on_demand_conflict_02_released_after_delete", "The device is free again after deleteSession",
      "After the device's session is deleted (204), a new createSession for the same device answers 201"),
    async (t) => {
      const { session, body, token } = await newSession(t);
      const deleted = await t.qod().DELETE("/sessions/{sessionId}", { params: { path: { sessionId: session.sessionId } }, headers: await t.headers(token) });
      expect(deleted.response.status, "deleteSession status").toBe(204);
      const again = await postSession(t, body, await t.headers(token));
      expect(again.response.status, `createSession after the deletion (body ${JSON.stringify(again.error ?? "")})`).toBe(201);
    },
  );

  scenario(
    api("deleteSession")("quality_on_demand_ownership_01_foreign_delete_leaves_session", "Another client's refused delete leaves the session",
      "deleteSession by another API client answers 403 PERMISSION_DENIED and the session is still there for its owner (getSession 200)"),
    async (t) => {
      const foreign = await t.token({ scopes: QOD_SCOPES, secondary: true });
      const { session, token } = await newSession(t);
      const path = { params: { path: { sessionId: session.sessionId } } };
      t.expectError(await t.qod().DELETE("/sessions/{sessionId}", { ...path, headers: await t.headers(foreign) }), 403, "PERMISSION_DENIED");
      const { response } = await getSession(t, session.sessionId, token);
      expect(response.status, "getSession by the owner after the refused delete").toBe(200);
    },
  );

  scenario(
    api("retrieveSessionsByDevice")("quality_on_demand_ownership_02_retrieve_lists_only_own", "Another client does not see the session",
      "retrieveSessionsByDevice by another API client for a device with a session of the primary client answers 200 without that session"),
    async (t) => {
      const foreign = await t.token({ scopes: QOD_SCOPES, secondary: true });
      const { session } = await newSession(t);
      const { data, response } = await t.qod().POST("/retrieve-sessions", {
        body: { device: deviceOf(t.subscriber("plain")) },
        headers: await t.headers(foreign),
      });
      expect(response.status, "retrieveSessionsByDevice status").toBe(200);
      expect(data!.map((s) => s.sessionId), "sessions listed to the other client").not.toContain(session.sessionId);
    },
  );

  scenario(
    api("getSession")("quality_on_demand_ownership_03_three_legged_other_subject", "A 3-legged token of another subscriber",
      "getSession of a session created with a 3-legged token, read by the same client with a 3-legged token of another subscriber, answers 403 PERMISSION_DENIED"),
    async (t) => {
      const other = await threeLegged(t, t.subscriber("plain2"));
      const { session } = await newSession(t, { threeLegged: true });
      t.expectError(await getSession(t, session.sessionId, other), 403, "PERMISSION_DENIED");
    },
  );

  scenario(
    api("createSession")("quality_on_demand_device_response_01_single_identifier", "One identifier comes back when several are sent",
      "createSession with phoneNumber and ipv4Address answers 201 with $.device holding exactly one of them, with the value sent (DeviceResponse maxProperties 1)"),
    async (t) => {
      const plain = t.subscriber("plain");
      if (!plain.device?.ipv4Address) return t.skip("the plain test subscriber has no IPv4 identifier in the target configuration");
      const device = { phoneNumber: plain.phoneNumber, ipv4Address: plain.device.ipv4Address };
      const answer = await postSession(t, sessionBody(t, device), await t.headers(await twoLegged(t)));
      expect(answer.response.status, `createSession status (body ${JSON.stringify(answer.error ?? "")})`).toBe(201);
      const returned = answer.session!.device;
      expect(returned, "$.device is returned when several identifiers were sent").toBeDefined();
      const keys = Object.keys(returned!) as (keyof typeof device)[];
      expect(keys.length, "$.device holds exactly one identifier").toBe(1);
      expect(returned![keys[0]], `$.device.${keys[0]} as sent`).toEqual(device[keys[0]]);
    },
  );

  scenario(
    api("createSession")("quality_on_demand_profile_01_inactive_not_applicable", "An INACTIVE profile cannot be used",
      `createSession with an existing INACTIVE QoS profile answers ${NOT_APPLICABLE}`),
    async (t) => {
      const profile = t.target.qosProfiles.inactive;
      if (!profile) return t.skip("the target configuration names no INACTIVE QoS profile");
      await expectProfileNotApplicable(t, profile);
    },
  );

  scenario(
    api("createSession")("quality_on_demand_profile_02_deprecated_not_applicable", "A DEPRECATED profile cannot be used for a new session",
      `createSession with an existing DEPRECATED QoS profile answers ${NOT_APPLICABLE}`),
    async (t) => {
      const profile = t.target.qosProfiles.deprecated;
      if (!profile) return t.skip("the target configuration names no DEPRECATED QoS profile");
      await expectProfileNotApplicable(t, profile);
    },
  );
});
