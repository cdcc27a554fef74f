/**
 * QoD 1.1.0 createSession, official r3.2 common device errors C01.01-C01.07
 * (quality-on-demand-createSession.feature): how the subject is identified from the token or the
 * `device` object (Commonalities 0.6 design guide appendix A).
 */
import { describe } from "vitest";
import { INVALID_IDENTIFIER_ROWS, unknownDevice, unsupportedDevice } from "../support/device-cases.ts";
import { officialFeature } from "../support/official.ts";
import { QOD, deviceOf, postSession, sessionBody, threeLegged, twoLegged } from "../support/qod-builders.ts";
import { scenario } from "../support/scenario.ts";

const def = officialFeature({ ...QOD, operationId: "createSession", file: "quality-on-demand-createSession.feature" });
const ID = "quality_on_demand_createSession";

describe("quality-on-demand 1.1.0 createSession device errors (official r3.2)", () => {
  scenario(
    def(`${ID}_C01.01_device_empty`, 98, "The device value is an empty object",
      "2-legged createSession with $.device = {} (Device minProperties 1) answers 400 INVALID_ARGUMENT"),
    async (t) => {
      const answer = await postSession(t, sessionBody(t, {}), await t.headers(await twoLegged(t)));
      t.expectError(answer, 400, "INVALID_ARGUMENT");
    },
  );

  for (const row of INVALID_IDENTIFIER_ROWS) {
    scenario(
      def(`${ID}_C01.02_device_identifiers_not_schema_compliant`, 108, "Some device identifier value does not comply with the schema",
        `2-legged createSession whose $.device.${row.row} violates ${row.schema} answers 400 INVALID_ARGUMENT`, row.row),
      async (t) => {
        const answer = await postSession(t, { ...sessionBody(t, undefined), device: row.device }, await t.headers(await twoLegged(t)));
        t.expectError(answer, 400, "INVALID_ARGUMENT");
      },
    );
  }

  scenario(
    def(`${ID}_C01.03_device_not_found`, 126, "Some identifier cannot be matched to a device",
      "2-legged createSession with a schema-valid $.device the operator does not know answers 404 IDENTIFIER_NOT_FOUND"),
    async (t) => {
      const answer = await postSession(t, sessionBody(t, unknownDevice(t)), await t.headers(await twoLegged(t)));
      t.expectError(answer, 404, "IDENTIFIER_NOT_FOUND");
    },
  );

  scenario(
    def(`${ID}_C01.04_unnecessary_device`, 136, "Device not to be included when it can be deduced from the access token",
      "createSession with a 3-legged token and a $.device (the token's own) answers 422 UNNECESSARY_IDENTIFIER"),
    async (t) => {
      const plain = t.subscriber("plain");
      const answer = await postSession(t, sessionBody(t, deviceOf(plain)), await t.headers(await threeLegged(t, plain)));
      t.expectError(answer, 422, "UNNECESSARY_IDENTIFIER");
    },
  );

  scenario(
    def(`${ID}_C01.05_missing_device`, 146, "Device not included and cannot be deduced from the access token",
      "2-legged createSession without $.device answers 422 MISSING_IDENTIFIER"),
    async (t) => {
      const answer = await postSession(t, sessionBody(t, undefined), await t.headers(await twoLegged(t)));
      t.expectError(answer, 422, "MISSING_IDENTIFIER");
    },
  );

  scenario(
    def(`${ID}_C01.06_unsupported_device`, 156, "None of the provided device identifiers is supported by the implementation",
      "2-legged createSession whose $.device holds only identifier types the target does not support answers 422 UNSUPPORTED_IDENTIFIER"),
    async (t) => {
      const device = unsupportedDevice(t);
      const answer = await postSession(t, sessionBody(t, device), await t.headers(await twoLegged(t)));
      t.expectError(answer, 422, "UNSUPPORTED_IDENTIFIER");
    },
  );

  scenario(
    def(`${ID}_C01.07_device_not_supported`, 168, "Service not available for the device",
      "createSession for a valid device to which the operator does not offer QoD answers 422 SERVICE_NOT_APPLICABLE"),
    async (t) => {
      const answer = await postSession(t, sessionBody(t, deviceOf(t.subscriber("notApplicable"))), await t.headers(await twoLegged(t)));
      t.expectError(answer, 422, "SERVICE_NOT_APPLICABLE");
    },
  );
});
