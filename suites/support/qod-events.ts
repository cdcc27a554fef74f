/**
 * Checks of the QoD `qos-status-changed` notifications received at the runner's sink
 * (createSession_02_2, deleteSession_02 and our notification scenarios): CloudEvents 1.0 envelope
 * as `application/cloudevents+json`, `Authorization: Bearer <sinkCredential.accessToken>` (the sink
 * keeps only its fingerprint), schema EventQosStatusChanged, unique ids, the session's id and a
 * statusInfo only with UNAVAILABLE.
 *
 * Event type: the spec (1.1.0 and 1.2.0-rc.3) says `org.camaraproject.quality-on-demand.v1.qos-status-changed`,
 * the official test definitions say `org.camaraproject.qod.v1.qos-status-changed` (digest section 6.1).
 * Both are accepted; the schema is checked with the type set to the spec's value. Other versions
 * (ExpectedEvent.qod): 1.0.0 has the same type, 0.11.1 `org.camaraproject.quality-on-demand.v0.qos-status-changed`,
 * each checked against its own spec's schema.
 */
import type { ValidateFunction } from "ajv";
import { join } from "node:path";
import { expect } from "vitest";
import type { SinkEvent } from "../../src/target/sink.ts";
import { tokenFingerprint } from "../../src/target/sink-server.ts";
import { createAjv } from "../../src/openapi/validation/ajv.ts";
import { SPECS_DIR } from "../../src/openapi/catalogue.ts";
import { loadDereferenced } from "../../src/openapi/contract.ts";
import type { ScenarioContext } from "./context.ts";
import type { QodVersion } from "./qod-release.ts";

export const SPEC_EVENT_TYPE = "org.camaraproject.quality-on-demand.v1.qos-status-changed";
export const TEST_DEFINITION_EVENT_TYPE = "org.camaraproject.qod.v1.qos-status-changed";
export const ACCEPTED_EVENT_TYPES = [SPEC_EVENT_TYPE, TEST_DEFINITION_EVENT_TYPE];

export { awaitEvents, type SinkEvent } from "../../src/target/sink.ts";

export type Sink = ReturnType<ScenarioContext["sink"]>;

const validators = new Map<string, Promise<ValidateFunction>>();

function eventValidator(version: string): Promise<ValidateFunction> {
  let validator = validators.get(version);
  if (!validator) {
    validator = loadDereferenced(join(SPECS_DIR, "quality-on-demand", `${version}.yaml`)).then((doc) => {
      const schemas = (doc.components as { schemas: Record<string, object> }).schemas;
      return createAjv({ allErrors: false }).compile(schemas.EventQosStatusChanged);
    });
    validators.set(version, validator);
  }
  return validator;
}

export interface ExpectedEvent {
  sessionId: string;
  /** the sinkCredential.accessToken given at creation */
  sinkToken: string;
  qosStatus?: "AVAILABLE" | "UNAVAILABLE";
  statusInfo?: string;
  /** the QoD version whose event type and schema apply (default 1.1.0) */
  qod?: Pick<QodVersion, "version" | "eventType" | "acceptedEventTypes">;
}

/** Every check the official definitions make on one received event. */
export async function expectQodEvent(event: SinkEvent, expected: ExpectedEvent): Promise<void> {
  const body = event.body;
  expect(event.headers["content-type"] ?? "", "event header Content-Type").toMatch(/^application\/cloudevents\+json\b/);
  expect(event.headers.authorization, "event header Authorization is Bearer + sinkCredential.accessToken").toBe(
    `Bearer ${tokenFingerprint(expected.sinkToken)}`,
  );
  expect(typeof body === "object" && body !== null, "event body is a JSON object").toBe(true);
  const qod = expected.qod ?? { version: "1.1.0", eventType: SPEC_EVENT_TYPE, acceptedEventTypes: ACCEPTED_EVENT_TYPES };
  expect(qod.acceptedEventTypes, `event $.type ${body.type} is one of the accepted types`).toContain(body.type);
  const validate = await eventValidator(qod.version);
  const ok = validate({ ...body, type: qod.eventType });
  expect(ok, `event body complies with EventQosStatusChanged: ${validate.errors?.[0]?.instancePath} ${validate.errors?.[0]?.message}`).toBe(true);
  expect(body.specversion, "event $.specversion").toBe("1.0");
  expect(body.data.sessionId, "event $.data.sessionId is the session's id").toBe(expected.sessionId);
  expect(["AVAILABLE", "UNAVAILABLE"], "event $.data.qosStatus").toContain(body.data.qosStatus);
  if (body.data.qosStatus !== "UNAVAILABLE") expect(body.data.statusInfo, "event $.data.statusInfo only with UNAVAILABLE").toBeUndefined();
  if (expected.qosStatus) expect(body.data.qosStatus, "event $.data.qosStatus").toBe(expected.qosStatus);
  if (expected.statusInfo) expect(body.data.statusInfo, "event $.data.statusInfo").toBe(expected.statusInfo);
}

export function expectUniqueIds(events: SinkEvent[]): void {
  const ids = events.map((e) => e.body?.id);
  expect(new Set(ids).size, `event ids are unique: ${ids.join(", ")}`).toBe(ids.length);
}

export const statusesOf = (events: SinkEvent[]): string[] =>
  events.map((e) => `${e.body?.data?.qosStatus}${e.body?.data?.statusInfo ? `/${e.body.data.statusInfo}` : ""}`);
