/**
 * QoD 1.1.0 retrieveSessionsByDevice, official r3.2 definitions
 * (quality-on-demand-retrieveSessionsByDevice.feature): the sessions of one device created by the
 * calling client, [] when there are none, and the common device errors C01.x.
 */
import { describe, expect } from "vitest";
import { UNAUTHENTICATED_RULE, unauthenticatedCases, unauthenticatedHeaders } from "../support/auth-cases.ts";
import { INVALID_IDENTIFIER_ROWS, unknownDevice, unsupportedDevice } from "../support/device-cases.ts";
import { officialFeature } from "../support/official.ts";
import {
  DEVICE_PORTS,
  QOD,
  QOD_SCOPE,
  QOD_SCOPES,
  SERVER_PORTS,
  deviceOf,
  newSession,
  qodScopesWithout,
  targetNow,
  threeLegged,
  twoLegged,
} from "../support/qod-builders.ts";
import { rawRequest } from "../support/raw.ts";
import { scenario } from "../support/scenario.ts";
import { expectSessionRules } from "../support/session-rules.ts";
import { startWithCleanDevices } from "../support/session-sweep.ts";
import type { ScenarioContext } from "../support/context.ts";

const def = officialFeature({ ...QOD, operationId: "retrieveSessionsByDevice", file: "quality-on-demand-retrieveSessionsByDevice.feature" });
const ID = "quality_on_demand_retrieveSessionsByDevice";

startWithCleanDevices();

const retrieve = async (t: ScenarioContext, body: unknown, headers: Record<string, string>) =>
  t.qod().POST("/retrieve-sessions", { body: body as { device?: never }, headers });

/** The Background's valid body: the plain subscriber's device (2-legged). */
const plainBody = (t: ScenarioContext) => ({ device: deviceOf(t.subscriber("plain")) });

describe("quality-on-demand 1.1.0 retrieveSessionsByDevice (official r3.2)", () => {
  scenario(
    def(`${ID}_01_get_existing_session_by_device`, 28, "Get an existing QoD session by device",
      "retrieveSessionsByDevice for a device with an active session of the client answers 200 with that session, each item echoing what was created " +
        "and with startedAt/expiresAt/statusInfo consistent with qosStatus"),
    async (t) => {
      const { session, body, token } = await newSession(t, { extra: { devicePorts: DEVICE_PORTS, applicationServerPorts: SERVER_PORTS } });
      const { data, response } = await retrieve(t, plainBody(t), await t.headers(token));
      expect(response.status, "retrieveSessionsByDevice status").toBe(200);
      expect(data!.map((s) => s.sessionId), "the session created for the device is listed").toContain(session.sessionId);
      const time = await targetNow(t.target);
      for (const item of data!) expectSessionRules(item, body, time);
    },
  );

  scenario(
    def(`${ID}_02_sessions_not_found`, 49, "Device has not QoS sessions",
      "retrieveSessionsByDevice for a valid device without QoD sessions answers 200 []"),
    async (t) => {
      const s = t.target.subscribers.plain2 ?? t.subscriber("plain");
      const { data, response } = await retrieve(t, { device: deviceOf(s) }, await t.headers(await twoLegged(t)));
      expect(response.status, "retrieveSessionsByDevice status").toBe(200);
      expect(data, "the response body").toEqual([]);
    },
  );

  scenario(
    def(`${ID}_C01.01_device_empty`, 61, "The device value is an empty object",
      "2-legged retrieveSessionsByDevice with $.device = {} answers 400 INVALID_ARGUMENT"),
    async (t) => t.expectError(await retrieve(t, { device: {} }, await t.headers(await twoLegged(t))), 400, "INVALID_ARGUMENT"),
  );

  for (const row of INVALID_IDENTIFIER_ROWS) {
    scenario(
      def(`${ID}_C01.02_device_identifiers_not_schema_compliant`, 71, "Some device identifier value does not comply with the schema",
        `2-legged retrieveSessionsByDevice whose $.device.${row.row} violates ${row.schema} answers 400 INVALID_ARGUMENT`, row.row),
      async (t) => t.expectError(await retrieve(t, { device: row.device }, await t.headers(await twoLegged(t))), 400, "INVALID_ARGUMENT"),
    );
  }

  scenario(
    def(`${ID}_C01.03_device_not_found`, 89, "Some identifier cannot be matched to a device",
      "2-legged retrieveSessionsByDevice with a schema-valid $.device the operator does not know answers 404 IDENTIFIER_NOT_FOUND"),
    async (t) => t.expectError(await retrieve(t, { device: unknownDevice(t) }, await t.headers(await twoLegged(t))), 404, "IDENTIFIER_NOT_FOUND"),
  );

  scenario(
    def(`${ID}_C01.04_unnecessary_device`, 99, "Device not to be included when it can be deduced from the access token",
      "retrieveSessionsByDevice with a 3-legged token and a $.device answers 422 UNNECESSARY_IDENTIFIER"),
    async (t) => {
      const token = await threeLegged(t, t.subscriber("plain"));
      t.expectError(await retrieve(t, plainBody(t), await t.headers(token)), 422, "UNNECESSARY_IDENTIFIER");
    },
  );

  scenario(
    def(`${ID}_C01.05_missing_device`, 109, "Device not included and cannot be deduced from the access token",
      "2-legged retrieveSessionsByDevice without $.device answers 422 MISSING_IDENTIFIER"),
    async (t) => t.expectError(await retrieve(t, {}, await t.headers(await twoLegged(t))), 422, "MISSING_IDENTIFIER"),
  );

  scenario(
    def(`${ID}_C01.06_unsupported_device`, 119, "None of the provided device identifiers is supported by the implementation",
      "2-legged retrieveSessionsByDevice whose $.device holds only unsupported identifier types answers 422 UNSUPPORTED_IDENTIFIER"),
    async (t) => {
      const device = unsupportedDevice(t);
      t.expectError(await retrieve(t, { device }, await t.headers(await twoLegged(t))), 422, "UNSUPPORTED_IDENTIFIER");
    },
  );

  scenario(
    def(`${ID}_C01.07_device_not_supported`, 131, "Service not available for the device",
      "retrieveSessionsByDevice for a valid device to which the operator does not offer QoD answers 422 SERVICE_NOT_APPLICABLE"),
    async (t) => {
      const device = deviceOf(t.subscriber("notApplicable"));
      t.expectError(await retrieve(t, { device }, await t.headers(await twoLegged(t))), 422, "SERVICE_NOT_APPLICABLE");
    },
  );

  scenario(
    def(`${ID}_400.1_schema_not_compliant`, 143, "Invalid Argument. Generic Syntax Exception",
      "retrieveSessionsByDevice whose body violates RetrieveSessionsInput ($.device is a string) answers 400 INVALID_ARGUMENT"),
    async (t) => {
      const body = { device: t.subscriber("plain").phoneNumber };
      t.expectError(await retrieve(t, body, await t.headers(await twoLegged(t))), 400, "INVALID_ARGUMENT");
    },
  );

  scenario(
    def(`${ID}_400.2_no_request_body`, 154, "Missing request body", "retrieveSessionsByDevice without a request body answers 400 INVALID_ARGUMENT"),
    async (t) => {
      const url = t.url(QOD.api, QOD.basePath, "/retrieve-sessions");
      t.expectError(await rawRequest(t, { method: "POST", url, headers: await t.headers(await twoLegged(t)) }), 400, "INVALID_ARGUMENT");
    },
  );

  for (const c of unauthenticatedCases([167, 180, 192])) {
    scenario(def(`${ID}_${c.suffix}`, c.line, c.title, `retrieveSessionsByDevice with a valid body: ${UNAUTHENTICATED_RULE}`), async (t) => {
      t.expectError(await retrieve(t, plainBody(t), await unauthenticatedHeaders(t, c.kind, QOD_SCOPES)), 401, "UNAUTHENTICATED");
    });
  }

  scenario(
    def(`${ID}_403.1_missing_access_token_scope`, 206, "Missing access token scope",
      "retrieveSessionsByDevice with a token lacking quality-on-demand:sessions:retrieve-by-device answers 403 PERMISSION_DENIED"),
    async (t) => {
      const token = await twoLegged(t, qodScopesWithout(QOD_SCOPE.retrieve));
      t.expectError(await retrieve(t, plainBody(t), await t.headers(token)), 403, "PERMISSION_DENIED");
    },
  );
});
