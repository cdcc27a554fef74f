/**
 * QoD 1.1.0 createSession, official r3.2 request-body errors 400.1-400.9
 * (quality-on-demand-createSession.feature). Each body is the schema-compliant default with exactly
 * one thing broken, so the error can only be blamed on it. Decisions where sources disagree
 * (digest section 6): a port outside 0..65535 may be OUT_OF_RANGE or INVALID_ARGUMENT; PLAIN and
 * REFRESHTOKEN credentials are in the 1.1.0 schema, so they give INVALID_CREDENTIAL, not
 * INVALID_ARGUMENT; an unknown profile and a duration outside the profile's range give
 * INVALID_ARGUMENT, as the test definitions say (the spec also offers DURATION_OUT_OF_RANGE).
 */
import { describe } from "vitest";
import { officialFeature } from "../support/official.ts";
import {
  DEVICE_PORTS,
  EXAMPLE_SINK,
  QOD,
  SERVER_PORTS,
  accessTokenCredential,
  cleanupIfCreated,
  deviceOf,
  postSession,
  sessionBody,
  twoLegged,
} from "../support/qod-builders.ts";
import { rawRequest } from "../support/raw.ts";
import { scenario } from "../support/scenario.ts";
import type { ScenarioContext } from "../support/context.ts";

const def = officialFeature({ ...QOD, operationId: "createSession", file: "quality-on-demand-createSession.feature" });
const ID = "quality_on_demand_createSession";

/** The default body of the Background: a 2-legged request for the plain subscriber. */
const defaultBody = (t: ScenarioContext, extra: Record<string, unknown> = {}) => ({ ...sessionBody(t, deviceOf(t.subscriber("plain"))), ...extra });

async function expect400(t: ScenarioContext, body: unknown, codes: string | string[]) {
  t.expectError(await postSession(t, body, await t.headers(await twoLegged(t))), 400, codes);
}

const plainIpv4 = (t: ScenarioContext) => t.target.subscribers.plain?.device?.ipv4Address?.publicAddress ?? "198.51.100.10";

/** 400.5 rows: the port property, and the body with that one port outside 0..65535. */
const PORT_ROWS: [string, (t: ScenarioContext) => Record<string, unknown>][] = [
  ["device.ipv4Address.publicPort", (t) => ({ device: { ipv4Address: { publicAddress: plainIpv4(t), publicPort: 65536 } } })],
  ["devicePorts.ranges.from", () => ({ devicePorts: { ranges: [{ from: -1, to: 5020 }] } })],
  ["devicePorts.ranges.to", () => ({ devicePorts: { ranges: [{ from: 5010, to: 65536 }] } })],
  ["devicePorts.ports", () => ({ devicePorts: { ports: [5060, 65536] } })],
  ["applicationServerPorts.ranges.from", () => ({ applicationServerPorts: { ranges: [{ from: -1, to: 443 }] } })],
  ["applicationServerPorts.ranges.to", () => ({ applicationServerPorts: { ranges: [{ from: 443, to: 65536 }] } })],
  ["applicationServerPorts.ports", () => ({ applicationServerPorts: { ports: [443, 65536] } })],
];

/** 400.6 rows: schema-compliant credentials of the types 1.1.0 lists but does not accept. */
const CREDENTIAL_ROWS: Record<string, Record<string, unknown>> = {
  PLAIN: { credentialType: "PLAIN", identifier: "qod-harness", secret: "not-a-real-secret" },
  REFRESHTOKEN: {
    credentialType: "REFRESHTOKEN",
    accessToken: "qod-harness-access",
    accessTokenExpiresUtc: "2099-01-01T00:00:00Z",
    accessTokenType: "bearer",
    refreshToken: "qod-harness-refresh",
    refreshTokenEndpoint: "https://application-server.example.com/refresh",
  },
};

describe("quality-on-demand 1.1.0 createSession body errors (official r3.2)", () => {
  scenario(
    def(`${ID}_400.1_schema_not_compliant`, 180, "Invalid Argument. Generic Syntax Exception",
      "createSession whose body violates CreateSession ($.duration is a string) answers 400 INVALID_ARGUMENT"),
    async (t) => expect400(t, defaultBody(t, { duration: "sixty" }), "INVALID_ARGUMENT"),
  );

  scenario(
    def(`${ID}_400.2_no_request_body`, 191, "Missing request body", "createSession without a request body answers 400 INVALID_ARGUMENT"),
    async (t) => {
      const token = await twoLegged(t);
      const answer = await rawRequest(t, { method: "POST", url: t.url(QOD.api, QOD.basePath, "/sessions"), headers: await t.headers(token) });
      cleanupIfCreated(t, answer, token);
      t.expectError(answer, 400, "INVALID_ARGUMENT");
    },
  );

  scenario(
    def(`${ID}_400.3_empty_request_body`, 202, "Empty object as request body", "createSession with the body {} answers 400 INVALID_ARGUMENT"),
    async (t) => expect400(t, {}, "INVALID_ARGUMENT"),
  );

  for (const property of ["applicationServer", "devicePorts", "applicationServerPorts", "sinkCredential"]) {
    scenario(
      def(`${ID}_400.4_empty_property`, 213, "Error response for empty property in request body",
        `createSession with $.${property} = {} (minProperties 1 / required properties) answers 400 INVALID_ARGUMENT`, property),
      async (t) => expect400(t, defaultBody(t, { ...(property === "sinkCredential" ? { sink: EXAMPLE_SINK } : {}), [property]: {} }), "INVALID_ARGUMENT"),
    );
  }

  for (const [row, broken] of PORT_ROWS) {
    scenario(
      def(`${ID}_400.5_out_of_range_port`, 233, "Out of range port",
        `createSession with $.${row} outside 0..65535 answers 400 OUT_OF_RANGE or INVALID_ARGUMENT (the definition accepts both)`, row),
      async (t) => expect400(t, defaultBody(t, { devicePorts: DEVICE_PORTS, applicationServerPorts: SERVER_PORTS, ...broken(t) }), ["OUT_OF_RANGE", "INVALID_ARGUMENT"]),
    );
  }

  for (const [row, credential] of Object.entries(CREDENTIAL_ROWS)) {
    scenario(
      def(`${ID}_400.6_invalid_sink_credential`, 255, "Invalid credential",
        `createSession with a schema-compliant ${row} sinkCredential answers 400 INVALID_CREDENTIAL (1.1.0: only ACCESSTOKEN is accepted; the value is in the schema, so not INVALID_ARGUMENT)`, row),
      async (t) => expect400(t, defaultBody(t, { sink: EXAMPLE_SINK, sinkCredential: credential }), "INVALID_CREDENTIAL"),
    );
  }

  scenario(
    def(`${ID}_400.7_sink_credential_invalid_token`, 273, "Invalid token",
      'createSession with $.sinkCredential.accessTokenType other than "bearer" answers 400 INVALID_TOKEN or INVALID_ARGUMENT (the definition accepts both)'),
    async (t) => {
      const sinkCredential = { ...accessTokenCredential("qod-harness-token"), accessTokenType: "mac" };
      await expect400(t, defaultBody(t, { sink: EXAMPLE_SINK, sinkCredential }), ["INVALID_TOKEN", "INVALID_ARGUMENT"]);
    },
  );

  scenario(
    def(`${ID}_400.8_non_existent_qos_profile`, 284, "Error response for invalid qos profile in request body",
      "createSession with a pattern-valid $.qosProfile that does not exist answers 400 INVALID_ARGUMENT (as the definition says; not 404 or 422)"),
    async (t) => expect400(t, defaultBody(t, { qosProfile: `QOS_UNKNOWN_${t.target.seed.toString(36).toUpperCase()}` }), "INVALID_ARGUMENT"),
  );

  scenario(
    def(`${ID}_400.9_invalid_duration`, 295, "Error response when duration is not valid for selected qos profile",
      "createSession with a $.duration outside the active profile's [minDuration, maxDuration] answers 400 INVALID_ARGUMENT " +
        "(as the definition says; the spec also documents QUALITY_ON_DEMAND.DURATION_OUT_OF_RANGE, which the definition does not accept)"),
    async (t) => {
      const { activeMaxDurationSeconds: max, activeMinDurationSeconds: min } = t.target.qosProfiles;
      const duration = max !== undefined ? max + 1 : min !== undefined && min > 1 ? min - 1 : undefined;
      if (duration === undefined) return t.skip("the target configuration gives no duration limit of the active profile (qosProfiles.activeMaxDurationSeconds)");
      await expect400(t, defaultBody(t, { duration }), "INVALID_ARGUMENT");
    },
  );
});
