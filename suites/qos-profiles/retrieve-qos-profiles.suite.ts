/**
 * QoS Profiles 1.1.0 retrieveQoSProfiles, official r3.2 definitions
 * (qos-profiles-retrieveQoSProfiles.feature). `device` is an optional filter here: no
 * MISSING_IDENTIFIER case. Scenario 06 (a device the service does not apply to -> 200 []) and
 * C01.07 of the same file (the same device -> 422 SERVICE_NOT_APPLICABLE) contradict each other
 * (digest section 6.6): 06 accepts either answer, C01.07 requires its own.
 */
import { describe, expect } from "vitest";
import { UNAUTHENTICATED_RULE, unauthenticatedCases, unauthenticatedHeaders } from "../support/auth-cases.ts";
import { INVALID_IDENTIFIER_ROWS, unknownDevice, unsupportedDevice } from "../support/device-cases.ts";
import { officialFeature } from "../support/official.ts";
import { deviceOf } from "../support/qod-builders.ts";
import { NOT_QOS_PROFILES_SCOPE, QOS_PROFILES, QOS_PROFILES_READ, type QosProfileDeviceRequest, readToken } from "../support/qos-profiles-builders.ts";
import { rawRequest } from "../support/raw.ts";
import { scenario } from "../support/scenario.ts";
import type { ScenarioContext } from "../support/context.ts";

const def = officialFeature({ ...QOS_PROFILES, operationId: "retrieveQoSProfiles", file: "qos-profiles-retrieveQoSProfiles.feature" });
const ID = "qos_profiles_retrieveQoSProfiles";
const RESTRICTED = "the target configuration names no QoS profile restricted to certain devices (nor a device suited to one): qosProfiles.restricted";

const retrieve = async (t: ScenarioContext, body: unknown, headers: Record<string, string>) =>
  t.qosProfiles().POST("/retrieve-qos-profiles", { body: body as QosProfileDeviceRequest, headers });

const withReadToken = async (t: ScenarioContext) => t.headers(await readToken(t));

describe("qos-profiles 1.1.0 retrieveQoSProfiles (official r3.2)", () => {
  scenario(
    def(`${ID}_01_generic_success_scenario`, 28, "Common validations for any success scenario",
      "retrieveQoSProfiles with a compliant body ({}) answers 200 with an array of QosProfile"),
    async (t) => {
      const { data, response } = await retrieve(t, {}, await withReadToken(t));
      expect(response.status, "retrieveQoSProfiles status").toBe(200);
      expect(response.headers.get("content-type") ?? "", "Content-Type").toMatch(/^application\/json\b/);
      expect(Array.isArray(data), "the body is an array").toBe(true);
    },
  );

  scenario(
    def(`${ID}_02_filter_by_name_only`, 39, "Retrieve QoS profiles only by name",
      "retrieveQoSProfiles with only $.name of an existing profile answers 200 with exactly that one profile"),
    async (t) => {
      const name = t.target.qosProfiles.active;
      if (!name) return t.skip("the target configuration names no existing QoS profile (qosProfiles.active)");
      const { data, response } = await retrieve(t, { name }, await withReadToken(t));
      expect(response.status, "retrieveQoSProfiles status").toBe(200);
      expect(data!.map((p) => p.name), "the one profile of that name").toEqual([name]);
    },
  );

  for (const status of ["ACTIVE", "INACTIVE", "DEPRECATED"] as const) {
    scenario(
      def(`${ID}_03_filter_by_status_only`, 50, "Retrieve QoS profiles only by status",
        `retrieveQoSProfiles with only $.status = ${status} answers 200 with profiles, if any, all of status ${status}`, status),
      async (t) => {
        const { data, response } = await retrieve(t, { status }, await withReadToken(t));
        expect(response.status, "retrieveQoSProfiles status").toBe(200);
        for (const p of data!) expect(p.status, `status of ${p.name}`).toBe(status);
      },
    );
  }

  scenario(
    def(`${ID}_04_return_restricted_profiles`, 67, "Return QoS Profiles restricted to certain devices",
      "With a device suited to profiles restricted to certain devices, retrieveQoSProfiles includes those profiles"),
    async (t) => {
      const restricted = t.target.qosProfiles.restricted;
      if (!restricted) return t.skip(RESTRICTED);
      const { data, response } = await retrieve(t, { device: deviceOf(restricted.subscriber) }, await withReadToken(t));
      expect(response.status, "retrieveQoSProfiles status").toBe(200);
      const names = data!.map((p) => p.name);
      expect(restricted.names.filter((n) => !names.includes(n)), "restricted profiles missing from the answer").toEqual([]);
    },
  );

  scenario(
    def(`${ID}_05_not_return_restricted_profiles`, 79, "Do not return restricted QoS Profiles restricted to certain devices",
      "Without a device, retrieveQoSProfiles does not include profiles restricted to certain devices"),
    async (t) => {
      const restricted = t.target.qosProfiles.restricted;
      if (!restricted) return t.skip(RESTRICTED);
      const { data, response } = await retrieve(t, {}, await withReadToken(t));
      expect(response.status, "retrieveQoSProfiles status").toBe(200);
      const names = data!.map((p) => p.name);
      expect(restricted.names.filter((n) => names.includes(n)), "restricted profiles in the answer").toEqual([]);
    },
  );

  scenario(
    def(`${ID}_06_device_qos_profiles_not_found`, 91, "Device has no QoS profiles associated",
      "retrieveQoSProfiles for a device to which the service does not apply: the definition expects 200 [], while C01.07 of the same file " +
        "expects 422 SERVICE_NOT_APPLICABLE for the same condition; either answer is accepted here (C01.07 checks the 422 on its own)"),
    async (t) => {
      const answer = await retrieve(t, { device: deviceOf(t.subscriber("notApplicable")) }, await withReadToken(t));
      if (answer.response.status === 422) t.expectError(answer, 422, "SERVICE_NOT_APPLICABLE");
      else {
        expect(answer.response.status, "retrieveQoSProfiles status (200 [] or 422 SERVICE_NOT_APPLICABLE)").toBe(200);
        expect(answer.data, "the response body").toEqual([]);
      }
    },
  );

  scenario(
    def(`${ID}_C01.01_device_empty`, 102, "The device value is an empty object", "2-legged retrieveQoSProfiles with $.device = {} answers 400 INVALID_ARGUMENT"),
    async (t) => t.expectError(await retrieve(t, { device: {} }, await withReadToken(t)), 400, "INVALID_ARGUMENT"),
  );

  for (const row of INVALID_IDENTIFIER_ROWS) {
    scenario(
      def(`${ID}_C01.02_device_identifiers_not_schema_compliant`, 112, "Some device identifier value does not comply with the schema",
        `2-legged retrieveQoSProfiles whose $.device.${row.row} violates ${row.schema} answers 400 INVALID_ARGUMENT`, row.row),
      async (t) => t.expectError(await retrieve(t, { device: row.device }, await withReadToken(t)), 400, "INVALID_ARGUMENT"),
    );
  }

  scenario(
    def(`${ID}_C01.03_device_not_found`, 130, "Some identifier cannot be matched to a device",
      "2-legged retrieveQoSProfiles with a schema-valid $.device the operator does not know answers 404 IDENTIFIER_NOT_FOUND"),
    async (t) => t.expectError(await retrieve(t, { device: unknownDevice(t) }, await withReadToken(t)), 404, "IDENTIFIER_NOT_FOUND"),
  );

  scenario(
    def(`${ID}_C01.04_unnecessary_device`, 140, "Device not to be included when it can be deduced from the access token",
      "retrieveQoSProfiles with a 3-legged token and a $.device answers 422 UNNECESSARY_IDENTIFIER"),
    async (t) => {
      const plain = t.subscriber("plain");
      const token = await t.token({ scopes: [QOS_PROFILES_READ], subscriber: plain });
      t.expectError(await retrieve(t, { device: deviceOf(plain) }, await t.headers(token)), 422, "UNNECESSARY_IDENTIFIER");
    },
  );

  scenario(
    def(`${ID}_C01.06_unsupported_device`, 150, "None of the provided device identifiers is supported by the implementation",
      "2-legged retrieveQoSProfiles whose $.device holds only unsupported identifier types answers 422 UNSUPPORTED_IDENTIFIER"),
    async (t) => {
      const device = unsupportedDevice(t);
      t.expectError(await retrieve(t, { device }, await withReadToken(t)), 422, "UNSUPPORTED_IDENTIFIER");
    },
  );

  scenario(
    def(`${ID}_C01.07_device_not_supported`, 162, "Service not available for the device",
      "retrieveQoSProfiles for a valid device to which the service does not apply answers 422 SERVICE_NOT_APPLICABLE"),
    async (t) => {
      const answer = await retrieve(t, { device: deviceOf(t.subscriber("notApplicable")) }, await withReadToken(t));
      t.expectError(answer, 422, "SERVICE_NOT_APPLICABLE");
    },
  );

  scenario(
    def(`${ID}_400.1_schema_not_compliant`, 174, "Invalid Argument. Generic Syntax Exception",
      'retrieveQoSProfiles whose body violates QosProfileDeviceRequest ($.status "UNKNOWN" outside its enum) answers 400 INVALID_ARGUMENT'),
    async (t) => t.expectError(await retrieve(t, { status: "UNKNOWN" }, await withReadToken(t)), 400, "INVALID_ARGUMENT"),
  );

  scenario(
    def(`${ID}_400.2_no_request_body`, 184, "Missing request body", "retrieveQoSProfiles without a request body answers 400 INVALID_ARGUMENT"),
    async (t) => {
      const url = t.url(QOS_PROFILES.api, QOS_PROFILES.basePath, "/retrieve-qos-profiles");
      t.expectError(await rawRequest(t, { method: "POST", url, headers: await withReadToken(t) }), 400, "INVALID_ARGUMENT");
    },
  );

  for (const c of unauthenticatedCases([197, 210, 222])) {
    scenario(def(`${ID}_${c.suffix}`, c.line, c.title, `retrieveQoSProfiles with a valid body: ${UNAUTHENTICATED_RULE}`), async (t) => {
      t.expectError(await retrieve(t, {}, await unauthenticatedHeaders(t, c.kind, [QOS_PROFILES_READ])), 401, "UNAUTHENTICATED");
    });
  }

  scenario(
    def(`${ID}_403.1_missing_access_token_scope`, 236, "Missing access token scope",
      "retrieveQoSProfiles with a token lacking qos-profiles:read answers 403 PERMISSION_DENIED"),
    async (t) => {
      const token = await t.token({ scopes: [NOT_QOS_PROFILES_SCOPE] });
      t.expectError(await retrieve(t, {}, await t.headers(token)), 403, "PERMISSION_DENIED");
    },
  );
});
