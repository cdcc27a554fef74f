/**
 * A RunReport with every status, two APIs, hostile target text (<script>, &, quotes, control
 * characters), an accepted deviation, skips with reasons and harness errors. Exchanges go through
 * the real evidence recorder (makeExchange), so the tokens and the client secret below are
 * redacted the way a real run redacts them; reports must never contain them.
 */
import { makeExchange } from "../../src/results/evidence.ts";
import { countResults, emptyCounts, exitCodeOf, type RunEvent, type RunReport, type ScenarioResult } from "../../src/results/results.ts";

/** A syntactically real JWT (header {"alg":"HS256","typ":"JWT"}); must never reach a report file. */
export const FIXTURE_JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYW1hcmEtaGFybmVzcyJ9.c2lnbmF0dXJlLW5vdC1yZWFsLXNpZw";
export const FIXTURE_CLIENT_SECRET = "s3cr3t-CLIENT-secret-7f9a";
export const HOSTILE_BODY = `{"status":422,"code":"QUALITY_ON_DEMAND.UNSUPPORTED","message":"<script>document.title='pwned'</script> & <img src=x onerror=alert(1)>","imsi":12345678901234567890}`;
export const HOSTILE_TITLE = `retrieve date with <b>bold</b> & "quotes" 'single'`;

const BASE = "https://api.operator.example/camara";
const json = { "content-type": "application/json" };

const tokenExchange = makeExchange(
  {
    method: "POST",
    url: `${BASE}/oauth/token`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `grant_type=client_credentials&client_id=harness&client_secret=${FIXTURE_CLIENT_SECRET}`,
  },
  { status: 200, headers: json, body: `{"access_token":"${FIXTURE_JWT}","token_type":"Bearer","expires_in":3600}` },
  41,
);

const createSession = (status: number, body: string) =>
  makeExchange(
    {
      method: "POST",
      url: `${BASE}/quality-on-demand/v1/sessions`,
      headers: { authorization: `Bearer ${FIXTURE_JWT}`, "content-type": "application/json", "x-correlator": "c-1" },
      body: `{"device":{"phoneNumber":"+123456789"},"qosProfile":"QOS_E","duration":3600}`,
    },
    { status, headers: { ...json, "x-correlator": "c-1" }, body },
    12,
  );

/** A websocket exchange (frames after the 101); a token in a sent frame must be redacted like a body's. */
const socketExchange = (() => {
  const x = makeExchange({ method: "GET", url: "wss://api.operator.example/camara/relaysms-gateway/v2/sync/sessions/s-1/k-1", headers: { upgrade: "websocket" } }, { status: 101, headers: { upgrade: "websocket" } }, 3);
  x.frames = [
    { atMs: 3, direction: "received", data: `{"type":"session_url","change":0}` },
    { atMs: 9, direction: "sent", data: makeExchange({ method: "GET", url: "-", headers: {}, body: `{"type":"login","accessToken":"${FIXTURE_JWT}"}` }, undefined, 0).request.body! },
    { atMs: 20, direction: "closed", data: "1000 sync complete" },
  ];
  return x;
})();

function scenario(partial: Partial<ScenarioResult> & Pick<ScenarioResult, "id" | "title" | "status">): ScenarioResult {
  return {
    api: "quality-on-demand",
    version: "1.1.0",
    operationId: "createSession",
    rule: "CAMARA API design guide: responses follow the OpenAPI contract",
    layer: "spec-derived",
    errorCodes: [],
    exchanges: [],
    durationMs: 10,
    ...partial,
  };
}

export const FIXTURE_RESULTS: ScenarioResult[] = [
  scenario({
    id: "quality_on_demand_createSession_201.1_success",
    title: "Create a session with a phone number",
    status: "pass",
    layer: "official",
    source: { file: "quality-on-demand-createSession.feature", line: 27 },
    exchanges: [tokenExchange, createSession(201, `{"sessionId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","qosStatus":"REQUESTED"}`), socketExchange],
  }),
  scenario({
    id: "quality_on_demand_createSession_422.1_unsupported_profile",
    title: "Unsupported QoS profile is refused with 422",
    status: "fail",
    layer: "official",
    source: { file: "quality-on-demand-createSession.feature", line: 210 },
    rule: "QoD 1.1: 422 QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE",
    expected: "422 QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE",
    received: "422 QUALITY_ON_DEMAND.UNSUPPORTED with <script> & friends",
    errorCodes: ["422 QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE"],
    exchanges: [createSession(422, HOSTILE_BODY)],
  }),
  scenario({
    id: "qod.getSession.unreachable",
    title: "Read a session back",
    operationId: "getSession",
    layer: "api",
    status: "error",
    reason: "connection reset by the target (ECONNRESET)",
    exchanges: [makeExchange({ method: "GET", url: `${BASE}/quality-on-demand/v1/sessions/x`, headers: {} }, undefined, 3000, "ECONNRESET")],
  }),
  scenario({
    id: "qod.deleteSession.notifications",
    title: "Deleting a session notifies the sink",
    operationId: "deleteSession",
    layer: "api",
    status: "skip",
    reason: "target config has no notification sink URL",
  }),
  scenario({
    id: "qod.extendSessionDuration.max",
    title: "Extending beyond the maximum duration is refused",
    operationId: "extendSessionDuration",
    layer: "api",
    status: "deviation",
    reason: "operator ticket OPS-42: clamps instead of refusing",
    expected: "400 OUT_OF_RANGE",
    received: "200 with duration clamped",
    errorCodes: ["400 OUT_OF_RANGE"],
    exchanges: [createSession(200, `{"duration":86400}`)],
  }),
  scenario({
    id: "quality_on_demand_createSession_401.1_no_authorization_header",
    title: "Missing token is refused",
    status: "pass",
    layer: "official",
    rule: "Commonalities 0.6: 401 UNAUTHENTICATED for a missing token",
    errorCodes: ["401 UNAUTHENTICATED"],
    exchanges: [createSession(401, `{"status":401,"code":"UNAUTHENTICATED","message":"no token"}`)],
  }),
  scenario({
    id: "sim_swap_checkSimSwap_200.1",
    title: "Check a SIM swap",
    api: "sim-swap",
    version: "2.1.0",
    operationId: "checkSimSwap",
    status: "pass",
    errorCodes: ["401 UNAUTHENTICATED"],
  }),
  scenario({
    id: "sim_swap_retrieveSimSwapDate_400.1",
    title: HOSTILE_TITLE,
    api: "sim-swap",
    version: "2.1.0",
    operationId: "retrieveSimSwapDate",
    status: "fail",
    rule: "Commonalities: 400 INVALID_ARGUMENT for a malformed phone number",
    expected: "400 INVALID_ARGUMENT",
    received: "500 with \u0001 control \u001b[31m chars\u0000",
    check: "response.status-documented",
    errorCodes: ["400 INVALID_ARGUMENT", "401 UNAUTHENTICATED"],
  }),
  scenario({
    id: "sim_swap_checkSimSwap_maxAge",
    title: "maxAge above 2400 is refused",
    api: "sim-swap",
    version: "2.1.0",
    operationId: "checkSimSwap",
    status: "skip",
    reason: "not applicable: release 2.1.0 allows any maxAge",
  }),
  scenario({
    id: "sim_swap_token_scope",
    title: "Token without scope is refused",
    api: "sim-swap",
    version: "2.1.0",
    operationId: "*",
    status: "pass",
    exchanges: [tokenExchange],
  }),
];

export const FIXTURE_HARNESS_ERRORS = [
  "target returned HTML instead of JSON at /health: <html><body>Login</body></html>",
  `target config: unknown API "number-verification-x" & ignored`,
];

export function fixtureReport(overrides: Partial<RunReport> = {}): RunReport {
  const results = overrides.results ?? FIXTURE_RESULTS;
  const harnessErrors = overrides.harnessErrors ?? FIXTURE_HARNESS_ERRORS;
  const counts = countResults(results);
  return {
    schemaVersion: 1,
    tool: { name: "camara-harness", version: "0.1.0" },
    target: { baseUrl: BASE, builtInMock: false, release: "Spring25", config: "targets/operator.yaml" },
    startedAt: "2025-06-01T10:00:00.000Z",
    finishedAt: "2025-06-01T10:01:05.250Z",
    durationMs: 65_250,
    exitCode: exitCodeOf(counts, harnessErrors),
    harnessErrors,
    counts,
    results,
    ...overrides,
  };
}

/** The events a runner would emit for this report, in order, with running counts. */
export function eventsOf(report: RunReport): RunEvent[] {
  const running = emptyCounts();
  const events: RunEvent[] = [{ type: "run-start", target: report.target, startedAt: report.startedAt, apis: [...new Set(report.results.map((r) => r.api))] }];
  for (const result of report.results) {
    running[result.status]++;
    running.total++;
    events.push({ type: "scenario-end", result, counts: { ...running } });
  }
  events.push({ type: "run-end", report });
  return events;
}

