/**
 * SIM Swap 2.1.0 in the mock: every scenario of the official test definitions (SimSwap r3.3
 * checkSimSwap / retrieveSimSwapDate features), the operator's monitored period, SIM history given
 * relative to the virtual clock, and the control plane's sim-change. The mock runs on a frozen
 * virtual clock; time only moves through app.clock.advance().
 *
 * SIM lines of data/testdata.yaml: niaj swapped 3 h ago, olivia 700 h ago, peggy never swapped
 * (activated 365 days ago), rupert swapped 60 days ago with history limited to the monitored period,
 * sybil never had a SIM, trent is not served by SIM Swap; alice has no SIM data (365-day default).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MockApp } from "../../src/mock/app.ts";
import { VirtualClock } from "../../src/core/clock.ts";
import { parseTestData, type TestData } from "../../src/core/testdata.ts";
import { loadOperatorTestData, testDataModel } from "../../src/apis/registry.ts";
import { expectError, send, START, startMock, type Answer } from "./helpers.ts";

const SS = "/sim-swap/v2";
const SCOPES = "sim-swap:check sim-swap:retrieve-date";
const PURPOSE = "dpv:FraudPreventionAndDetection";
const DEMO = { id: "demo-app", secret: "demo-app-secret" };
const HOUR = 3600;
const DAY = 24 * HOUR;
const LINES = {
  alice: "+34600000001",
  niaj: "+34600000014",
  olivia: "+34600000015",
  peggy: "+34600000016",
  rupert: "+34600000017",
  sybil: "+34600000018",
  trent: "+34600000019",
  unknown: "+34699999999",
} as const;
type Line = keyof typeof LINES;

let app: MockApp;
let bugs: string[];
beforeAll(async () => {
  ({ app, bugs } = await startMock());
});
afterAll(() => app.close());
beforeEach(async () => {
  await app.reset();
});
afterEach(() => {
  // every answer was checked against the spec by the mock itself; a violation is reported here
  expect(bugs.splice(0)).toEqual([]);
});

const iso = (ms: number) => new Date(ms).toISOString();
const hoursAgo = (h: number) => iso(app.clock.now() - h * HOUR * 1000);

async function postForm(path: string, form: Record<string, string>): Promise<Answer> {
  return send(app, {
    path,
    raw: new URLSearchParams(form).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${DEMO.id}:${DEMO.secret}`).toString("base64")}`,
    },
  });
}

/** 2-legged: client credentials at the mock's /token. */
async function twoLegged(scope = SCOPES): Promise<string> {
  const res = await postForm("/token", { grant_type: "client_credentials", scope });
  expect(res.status, res.text).toBe(200);
  return res.body.access_token;
}

/** 3-legged: CIBA poll mode with login_hint=tel:. */
async function threeLegged(line: Line, scope = SCOPES): Promise<string> {
  const start = await postForm("/bc-authorize", { login_hint: `tel:${LINES[line]}`, scope: `openid ${PURPOSE} ${scope}` });
  expect(start.status, start.text).toBe(200);
  const res = await postForm("/token", { grant_type: "urn:openid:params:grant-type:ciba", auth_req_id: start.body.auth_req_id });
  expect(res.status, res.text).toBe(200);
  return res.body.access_token;
}

async function minted(body: { scope: string; phoneNumber?: string; expiresIn?: number }): Promise<string> {
  const res = await send(app, { path: "/_harness/tokens", json: { clientId: DEMO.id, ...body } });
  expect(res.status, res.text).toBe(200);
  return res.body.access_token;
}

type Legs = "2-legged" | "3-legged";
const LEGS: Legs[] = ["2-legged", "3-legged"];

/** The request as each kind of token needs it: the number in the body (2-legged) or in the token. */
async function ask(legs: Legs, op: "check" | "retrieve-date", line: Line, extra: Record<string, unknown> = {}): Promise<Answer> {
  const token = legs === "2-legged" ? await twoLegged() : await threeLegged(line);
  const json = legs === "2-legged" ? { phoneNumber: LINES[line], ...extra } : extra;
  return send(app, { path: `${SS}/${op}`, token, json });
}

async function swapped(legs: Legs, line: Line, maxAge?: number): Promise<boolean> {
  const res = await ask(legs, "check", line, maxAge === undefined ? {} : { maxAge });
  expect(res.status, res.text).toBe(200);
  return res.body.swapped;
}

async function latest(legs: Legs, line: Line): Promise<Record<string, unknown>> {
  const res = await ask(legs, "retrieve-date", line);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const simChange = (phoneNumber: string) => send(app, { method: "POST", path: `/_harness/subscribers/${phoneNumber}/sim-change` });

describe.each(LEGS)("checkSimSwap (%s token)", (legs) => {
  it("check_sim_swap_1_generic_success_scenario: 200, JSON, x-correlator echoed", async () => {
    const token = legs === "2-legged" ? await twoLegged() : await threeLegged("niaj");
    const json = legs === "2-legged" ? { phoneNumber: LINES.niaj } : {};
    const res = await send(app, { path: `${SS}/check`, token, json, headers: { "x-correlator": "ss-check-1" } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-correlator")).toBe("ss-check-1");
    expect(typeof res.body.swapped).toBe("boolean");
  });

  it("check_sim_swap_2_valid_sim_swap_no_max_age: swapped 3 h ago, default maxAge 240 -> true", async () => {
    expect(await swapped(legs, "niaj")).toBe(true);
  });

  it.each([260, 120, 24, 12])("check_sim_swap_3_valid_sim_swap_max_age: swapped within the last %i h, maxAge = hours -> true", async (hours) => {
    expect(await swapped(legs, "niaj", hours)).toBe(true);
    // the swap just inside the window: move time so that it happened hours - 1 hours ago
    await app.clock.advance((hours - 3 - 1) * HOUR);
    expect(await swapped(legs, "niaj", hours)).toBe(true);
  });

  it("check_sim_swap_4_more_than_240_hours: swapped 700 h ago -> false with the default maxAge", async () => {
    expect(await swapped(legs, "olivia")).toBe(false);
  });

  it("check_sim_swap_4 (time moves): the 3-hour-old swap is no longer reported once 240 h have passed", async () => {
    await app.clock.advance(237 * HOUR);
    expect(await swapped(legs, "niaj")).toBe(true); // exactly 240 h: still inside the window
    await app.clock.advance(1);
    expect(await swapped(legs, "niaj")).toBe(false);
  });

  const maxAgeRows: [line: Line, hoursSinceSwap: number][] = [
    ["niaj", 3],
    ["olivia", 700],
  ];
  it.each(maxAgeRows)("check_sim_swap_5_out_of_max_age (%s): maxAge = hours since the swap - 1 -> false, = hours -> true", async (line, since) => {
    expect(await swapped(legs, line, since - 1)).toBe(false);
    expect(await swapped(legs, line, since)).toBe(true);
  });

  it("check_sim_swap_6_no_sim_swap_no_max_age: never swapped, activated 365 days ago -> false", async () => {
    expect(await swapped(legs, "peggy")).toBe(false);
  });

  it.each([260, 120, 24, 12])("check_sim_swap_7_no_sim_swap_with_max_age: activated more than %i h ago, maxAge below it -> false", async (hours) => {
    expect(await swapped(legs, "peggy", hours - 1)).toBe(false);
  });

  it("a number never associated with a SIM, or without SIM data (365-day default), was not swapped", async () => {
    expect(await swapped(legs, "sybil", 720)).toBe(false);
    expect(await swapped(legs, "alice", 720)).toBe(false);
  });

  it("check_sim_swap_C02.05_phone_number_not_supported: 422 SERVICE_NOT_APPLICABLE", async () => {
    expectError(await ask(legs, "check", "trent"), 422, "SERVICE_NOT_APPLICABLE");
  });

  const maxAges: [id: string, code: string, maxAge: unknown][] = [
    ["check_sim_swap_400.1_invalid_max_age (string)", "INVALID_ARGUMENT", "24"],
    ["check_sim_swap_400.1_invalid_max_age (fraction)", "INVALID_ARGUMENT", 1.5],
    ["check_sim_swap_400.1_invalid_max_age (null)", "INVALID_ARGUMENT", null],
    ["check_sim_swap_400.2_invalid_max_age_value (100000)", "OUT_OF_RANGE", 100000],
    ["below the schema minimum (0)", "OUT_OF_RANGE", 0],
    ["below the schema minimum (-1)", "OUT_OF_RANGE", -1],
    ["check_sim_swap_400.3_max_age_out_of_monitored_period (721 > 30 days)", "OUT_OF_RANGE", 721],
    ["check_sim_swap_400.3_max_age_out_of_monitored_period (2400, the schema maximum)", "OUT_OF_RANGE", 2400],
  ];
  it.each(maxAges)("%s: 400 %s", async (_id, code, maxAge) => {
    expectError(await ask(legs, "check", "niaj", { maxAge }), 400, code);
  });
});

describe("checkSimSwap: monitored period", () => {
  it("explains the operator's limit in the OUT_OF_RANGE message; the limit itself is accepted", async () => {
    const res = await ask("2-legged", "check", "olivia", { maxAge: 721 });
    expectError(res, 400, "OUT_OF_RANGE");
    expect(res.body.message).toContain("30 days");
    expect(await swapped("2-legged", "olivia", 720)).toBe(true);
  });

  const periods: [monitoredDays: number, maxAge: number, status: number][] = [
    [10, 240, 200],
    [10, 241, 400],
    [100, 2400, 200],
    [365, 2400, 200],
  ];
  it.each(periods)("simSwapMonitoredDays %i: maxAge %i -> %i", async (days, maxAge, status) => {
    const base = loadOperatorTestData();
    const testdata: TestData = { ...base, operator: { ...base.operator, simSwapMonitoredDays: days } };
    const { app: other } = await startMock({ testdata, clock: new VirtualClock({ frozen: true, start: START }) });
    try {
      const token = (await send(other, { path: "/_harness/tokens", json: { clientId: DEMO.id, scope: SCOPES } })).body.access_token;
      const res = await send(other, { path: `${SS}/check`, token, json: { phoneNumber: LINES.niaj, maxAge } });
      expect(res.status, res.text).toBe(status);
      if (status === 400) expect(res.body.code).toBe("OUT_OF_RANGE");
    } finally {
      other.close();
    }
  });
});

describe.each(LEGS)("retrieveSimSwapDate (%s token)", (legs) => {
  it("retrieve_sim_swap_date_1_generic_success_scenario: 200, JSON, x-correlator echoed", async () => {
    const token = legs === "2-legged" ? await twoLegged() : await threeLegged("niaj");
    const json = legs === "2-legged" ? { phoneNumber: LINES.niaj } : {};
    const res = await send(app, { path: `${SS}/retrieve-date`, token, json, headers: { "x-correlator": "ss-date-1" } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-correlator")).toBe("ss-date-1");
  });

  it("retrieve_sim_swap_date_2_valid_sim_swap: the time of the latest swap", async () => {
    expect(await latest(legs, "niaj")).toEqual({ latestSimChange: hoursAgo(3) });
    expect(await latest(legs, "olivia")).toEqual({ latestSimChange: hoursAgo(700) });
  });

  it("retrieve_sim_swap_date_3_no_sim_swap_returns_activation_date: the activation time", async () => {
    expect(await latest(legs, "peggy")).toEqual({ latestSimChange: hoursAgo(365 * 24) });
    expect(await latest(legs, "alice")).toEqual({ latestSimChange: hoursAgo(365 * 24) }); // no SIM data: default
  });

  it("retrieve_sim_swap_date_4_sim_never_associated: null, no monitoredPeriod", async () => {
    expect(await latest(legs, "sybil")).toEqual({ latestSimChange: null });
  });

  it("retrieve_sim_swap_date_5_no_sim_swap_or_activation_date_due_to_legal_constrain: null + monitoredPeriod", async () => {
    expect(await latest(legs, "rupert")).toEqual({ latestSimChange: null, monitoredPeriod: 30 });
  });

  it("retrieve_sim_swap_date_C02.05_phone_number_not_supported: 422 SERVICE_NOT_APPLICABLE", async () => {
    expectError(await ask(legs, "retrieve-date", "trent"), 422, "SERVICE_NOT_APPLICABLE");
  });
});

type Op = "check" | "retrieve-date";
const OPS: [op: Op, scope: string][] = [
  ["check", "sim-swap:check"],
  ["retrieve-date", "sim-swap:retrieve-date"],
];
const idOf = (op: Op) => (op === "check" ? "check_sim_swap" : "retrieve_sim_swap_date");

describe.each(OPS)("%s: authentication, scopes and identification", (op, scope) => {
  const unauthenticated: [suffix: string, token: () => Promise<string | undefined>][] = [
    ["401.1_no_authorization_header", async () => undefined],
    ["401.2_expired_access_token", () => minted({ scope, expiresIn: -60 })],
    ["401.3_invalid_access_token", async () => "not-a-valid-token"],
  ];
  it.each(unauthenticated)(`${idOf(op)}_%s: 401 UNAUTHENTICATED`, async (_suffix, token) => {
    const res = await send(app, { path: `${SS}/${op}`, token: await token(), json: { phoneNumber: LINES.niaj }, headers: { "x-correlator": "ss-401" } });
    expectError(res, 401, "UNAUTHENTICATED");
    expect(res.headers.get("x-correlator")).toBe("ss-401");
  });

  it("403 PERMISSION_DENIED without the operation's scope (documented; no official scenario)", async () => {
    const other = op === "check" ? "sim-swap:retrieve-date" : "sim-swap:check";
    expectError(await send(app, { path: `${SS}/${op}`, token: await twoLegged(other), json: { phoneNumber: LINES.niaj } }), 403, "PERMISSION_DENIED");
  });

  it("accepts the API-wide scope sim-swap instead of the operation's scope", async () => {
    const res = await send(app, { path: `${SS}/${op}`, token: await twoLegged("sim-swap"), json: { phoneNumber: LINES.niaj } });
    expect(res.status, res.text).toBe(200);
  });

  it.each(["34600000014", "+34 600 000 014", "+0600000014", "+346000000140000000", 34600000014])(
    `${idOf(op)}_C02.01_phone_number_not_schema_compliant (%s): 400 INVALID_ARGUMENT`,
    async (phoneNumber) => {
      expectError(await send(app, { path: `${SS}/${op}`, token: await twoLegged(), json: { phoneNumber } }), 400, "INVALID_ARGUMENT");
    },
  );

  it(`${idOf(op)}_C02.02_phone_number_not_found: 404 IDENTIFIER_NOT_FOUND`, async () => {
    expectError(await send(app, { path: `${SS}/${op}`, token: await twoLegged(), json: { phoneNumber: LINES.unknown } }), 404, "IDENTIFIER_NOT_FOUND");
  });

  it.each([["the same number", "niaj"], ["another number", "olivia"]] as const)(
    `${idOf(op)}_C02.03_unnecessary_phone_number (%s): 422 UNNECESSARY_IDENTIFIER`,
    async (_what, line) => {
      const res = await send(app, { path: `${SS}/${op}`, token: await threeLegged("niaj"), json: { phoneNumber: LINES[line] } });
      expectError(res, 422, "UNNECESSARY_IDENTIFIER");
    },
  );

  it(`${idOf(op)}_C02.04_missing_phone_number: 422 MISSING_IDENTIFIER`, async () => {
    expectError(await send(app, { path: `${SS}/${op}`, token: await twoLegged(), json: {} }), 422, "MISSING_IDENTIFIER");
  });

  it("400 INVALID_ARGUMENT without a body or with a body that is not JSON", async () => {
    const token = await twoLegged();
    expectError(await send(app, { method: "POST", path: `${SS}/${op}`, token }), 400, "INVALID_ARGUMENT");
    expectError(await send(app, { path: `${SS}/${op}`, token, raw: "{", headers: { "content-type": "application/json" } }), 400, "INVALID_ARGUMENT");
  });
});

describe("control plane: POST /_harness/subscribers/{phoneNumber}/sim-change", () => {
  it("records a change now: swapped flips for a small maxAge only, then ages out", async () => {
    expect(await swapped("2-legged", "peggy", 1)).toBe(false);
    await app.clock.advance(5 * 60);
    const res = await simChange(LINES.peggy);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({ phoneNumber: LINES.peggy, subscriberId: "sub-peggy", at: iso(app.clock.now()) });

    expect(await swapped("2-legged", "peggy", 1)).toBe(true);
    expect(await swapped("3-legged", "peggy", 1)).toBe(true);
    expect(await latest("2-legged", "peggy")).toEqual({ latestSimChange: iso(app.clock.now()) });

    await app.clock.advance(HOUR + 1);
    expect(await swapped("2-legged", "peggy", 1)).toBe(false);
    expect(await swapped("2-legged", "peggy", 2)).toBe(true);
  });

  it("a change on a line with limited history is disclosed while inside the monitored period", async () => {
    expect((await simChange(LINES.rupert)).status).toBe(201);
    expect(await latest("2-legged", "rupert")).toEqual({ latestSimChange: iso(app.clock.now()) });
    await app.clock.advance(30 * DAY + 1);
    expect(await latest("2-legged", "rupert")).toEqual({ latestSimChange: null, monitoredPeriod: 30 });
  });

  it("gives a never-associated number its first SIM", async () => {
    expect((await simChange(LINES.sybil)).status).toBe(201);
    expect(await latest("2-legged", "sybil")).toEqual({ latestSimChange: iso(app.clock.now()) });
  });

  it("accepts a percent-encoded number", async () => {
    const res = await simChange(encodeURIComponent(LINES.peggy));
    expect(res.status, res.text).toBe(201);
    expect(await swapped("2-legged", "peggy", 1)).toBe(true);
  });

  it.each([LINES.unknown, "not-a-number"])("answers 404 JSON for a number that is not a test subscriber (%s)", async (phoneNumber) => {
    const res = await simChange(phoneNumber);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, code: "NOT_FOUND" });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("reset forgets recorded changes and reloads the test data's history relative to the clock at reset", async () => {
    await simChange(LINES.peggy);
    await app.clock.advance(20 * DAY);
    expect(await swapped("2-legged", "niaj")).toBe(false);
    await app.reset();
    expect(await swapped("2-legged", "peggy", 1)).toBe(false);
    expect(await swapped("2-legged", "niaj", 4)).toBe(true);
    expect(await latest("2-legged", "niaj")).toEqual({ latestSimChange: hoursAgo(3) });
  });
});

describe("SIM history in the test data", () => {
  it("takes absolute dates as they are and ignores changes that lie in the virtual future", async () => {
    const base = loadOperatorTestData();
    const testdata: TestData = {
      ...base,
      subscribers: [
        ...base.subscribers,
        {
          id: "sub-dated",
          phoneNumber: "+34600000099",
          simChanges: [{ at: "2024-06-01T08:00:00Z" }, { at: "2024-12-31T12:00:00+01:00" }, { at: "2025-01-02T12:00:00Z" }],
        },
      ],
    };
    const { app: other } = await startMock({ testdata, clock: new VirtualClock({ frozen: true, start: START }) });
    try {
      const token = (await send(other, { path: "/_harness/tokens", json: { clientId: DEMO.id, scope: SCOPES, expiresIn: 2 * DAY } })).body.access_token;
      const body = { phoneNumber: "+34600000099" };
      const date = () => send(other, { path: `${SS}/retrieve-date`, token, json: body });
      // START is 2025-01-01T12:00Z: the latest past change is 2024-12-31T11:00Z (25 hours earlier)
      expect((await date()).body).toEqual({ latestSimChange: "2024-12-31T11:00:00.000Z" });
      expect((await send(other, { path: `${SS}/check`, token, json: { ...body, maxAge: 24 } })).body).toEqual({ swapped: false });
      expect((await send(other, { path: `${SS}/check`, token, json: { ...body, maxAge: 25 } })).body).toEqual({ swapped: true });
      await other.clock.advance(DAY);
      expect((await date()).body).toEqual({ latestSimChange: "2025-01-02T12:00:00.000Z" });
    } finally {
      other.close();
    }
  });

  const invalid: [what: string, simChanges: unknown[]][] = [
    ["two ways of giving the time", [{ at: "2024-06-01T08:00:00Z", hoursAgo: 2 }]],
    ["an unknown member", [{ minutesAgo: 2 }]],
    ["an empty entry", [{}]],
    ["a negative age", [{ hoursAgo: -1 }]],
    ["a date that is not a date", [{ at: "yesterday" }]],
  ];
  it.each(invalid)("refuses test data with %s", async (_what, simChanges) => {
    const raw = structuredClone(loadOperatorTestData()) as unknown as { subscribers: Record<string, unknown>[] };
    raw.subscribers.push({ id: "sub-bad", phoneNumber: "+34600000098", simChanges });
    expect(() => parseTestData(raw, "bad.yaml", testDataModel())).toThrow(/bad\.yaml/);
  });

  it("refuses a monitored period that is not a whole number of days >= 1", async () => {
    for (const simSwapMonitoredDays of [0, 1.5, "30"]) {
      const raw = structuredClone(loadOperatorTestData()) as unknown as Record<string, Record<string, unknown>>;
      raw.operator.simSwapMonitoredDays = simSwapMonitoredDays;
      expect(() => parseTestData(raw, "bad.yaml", testDataModel())).toThrow(/simSwapMonitoredDays/);
    }
  });
});
