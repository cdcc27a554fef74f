/**
 * Request validation compiled from the specs: a syntax or schema error is 400 INVALID_ARGUMENT with a
 * message naming the field (Commonalities Generic400), OUT_OF_RANGE where the operation documents it
 * for a numeric range (design guide §3.2.1: "field with pre-defined range"), never 422 and never 5xx.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  APP_SERVER,
  DEVICES,
  expectError,
  mint,
  type MockFixture,
  QOD,
  QOS,
  send,
  type Send,
  sessionBody,
  startMock,
  UNKNOWN_SESSION,
} from "./helpers.ts";

let m: MockFixture;
let token: string;
beforeAll(async () => {
  m = await startMock();
});
beforeEach(async () => {
  await m.app.reset();
  token = await mint(m.app);
});
afterEach(() => {
  expect(m.bugs, "the mock reported a bug of its own").toEqual([]);
});
afterAll(() => m.app.close());

const BODY_OPERATIONS: [operationId: string, path: string][] = [
  ["createSession", `${QOD}/sessions`],
  ["extendQosSessionDuration", `${QOD}/sessions/${UNKNOWN_SESSION}/extend`],
  ["retrieveSessionsByDevice", `${QOD}/retrieve-sessions`],
  ["retrieveQoSProfiles", `${QOS}/retrieve-qos-profiles`],
];

describe("body syntax, on every operation with a body", () => {
  const RAW: [name: string, raw: string | undefined, contentType: string | undefined, message: RegExp][] = [
    ["no body", undefined, undefined, /body is required/],
    ["empty body with a JSON content type", "", "application/json", /body is required/],
    ["blank body", "   \n", "application/json", /body is required/],
    ["truncated JSON", '{"device": ', "application/json", /not valid JSON/],
    ["single quotes", "{'a': 1}", "application/json", /not valid JSON/],
    ["trailing comma", '{"a": 1,}', "application/json", /not valid JSON/],
    ["text/plain", "{}", "text/plain", /content type/],
    ["form content type", "{}", "application/x-www-form-urlencoded", /content type/],
    ["application/xml", "{}", "application/xml", /content type/],
    ["no content type", "{}", undefined, /content type/],
  ];
  const table = RAW.flatMap((r) => BODY_OPERATIONS.map(([id, path]) => [id, ...r, path] as const));

  it.each(table)("%s: %s -> 400 INVALID_ARGUMENT", async (_id, _name, raw, contentType, message, path) => {
    const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
    const res = await send(m.app, { method: "POST", path, token, raw, headers });
    expectError(res, 400, "INVALID_ARGUMENT");
    expect(res.body.message).toMatch(message);
  });

  const NOT_OBJECTS = ["[]", "null", '"text"', "42", "true", "[{}]"];
  const table2 = NOT_OBJECTS.flatMap((raw) => BODY_OPERATIONS.map(([id, path]) => [id, raw, path] as const));
  it.each(table2)("%s: JSON %s instead of an object -> 400 INVALID_ARGUMENT", async (_id, raw, path) => {
    const res = await send(m.app, { path, token, raw, headers: { "content-type": "application/json" } });
    expectError(res, 400, "INVALID_ARGUMENT");
  });

  it.each(["application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"])(
    "accepts content type %s",
    async (contentType) => {
      const res = await send(m.app, { path: `${QOS}/retrieve-qos-profiles`, token, raw: "{}", headers: { "content-type": contentType } });
      expect(res.status).toBe(200);
    },
  );
});

type Case = [name: string, spec: () => Send, code: string, field: string];
/** it.each rows whose printable columns come first: name, code, then the request builder and the field. */
const rows = (cases: Case[]) => cases.map(([name, spec, code, field]) => [name, code, spec, field] as const);
const create = (body: Record<string, unknown>): (() => Send) => () => ({ path: `${QOD}/sessions`, token, json: body });
const without = (key: string) => {
  const b = sessionBody();
  delete b[key];
  return b;
};

describe("schema violations name the field", () => {
  const CASES: Case[] = [
    ["createSession {}", create({}), "INVALID_ARGUMENT", ""],
    ["createSession without applicationServer", create(without("applicationServer")), "INVALID_ARGUMENT", "applicationServer"],
    ["createSession without qosProfile", create(without("qosProfile")), "INVALID_ARGUMENT", "qosProfile"],
    ["createSession without duration", create(without("duration")), "INVALID_ARGUMENT", "duration"],
    ["applicationServer {}", create(sessionBody({ applicationServer: {} })), "INVALID_ARGUMENT", "applicationServer"],
    // QoD 1.1.0 ApplicationServerIpv4Address is a bare string (no pattern, as in the official 1.1.0)
    ["applicationServer.ipv4Address a number", create(sessionBody({ applicationServer: { ipv4Address: 3232235777 } })), "INVALID_ARGUMENT", "ipv4Address"],
    ["applicationServer a string", create(sessionBody({ applicationServer: "203.0.113.50" })), "INVALID_ARGUMENT", "applicationServer"],
    ["qosProfile with a blank", create(sessionBody({ qosProfile: "QOS E" })), "INVALID_ARGUMENT", "qosProfile"],
    ["qosProfile too short", create(sessionBody({ qosProfile: "QE" })), "INVALID_ARGUMENT", "qosProfile"],
    ["qosProfile a number", create(sessionBody({ qosProfile: 5 })), "INVALID_ARGUMENT", "qosProfile"],
    ["duration a string", create(sessionBody({ duration: "600" })), "INVALID_ARGUMENT", "duration"],
    ["duration a fraction", create(sessionBody({ duration: 1.5 })), "INVALID_ARGUMENT", "duration"],
    ["duration null", create(sessionBody({ duration: null })), "INVALID_ARGUMENT", "duration"],
    ["device {} (minProperties 1, C01.01)", create(sessionBody({ device: {} })), "INVALID_ARGUMENT", "device"],
    ["device.phoneNumber without +", create(sessionBody({ device: { phoneNumber: "34600000001" } })), "INVALID_ARGUMENT", "phoneNumber"],
    ["device.ipv4Address publicAddress alone", create(sessionBody({ device: { ipv4Address: { publicAddress: "198.51.100.10" } } })), "INVALID_ARGUMENT", "ipv4Address"],
    ["device.ipv4Address.publicAddress not IPv4", create(sessionBody({ device: { ipv4Address: { publicAddress: "999.0.0.1", publicPort: 1 } } })), "INVALID_ARGUMENT", "publicAddress"],
    ["device.ipv6Address not IPv6", create(sessionBody({ device: { ipv6Address: "2001:db8::1::2" } })), "INVALID_ARGUMENT", "ipv6Address"],
    ["devicePorts {}", create(sessionBody({ devicePorts: {} })), "INVALID_ARGUMENT", "devicePorts"],
    ["applicationServerPorts {}", create(sessionBody({ applicationServerPorts: {} })), "INVALID_ARGUMENT", "applicationServerPorts"],
    ["devicePorts.ports a string", create(sessionBody({ devicePorts: { ports: "80" } })), "INVALID_ARGUMENT", "ports"],
    ["sinkCredential {}", create(sessionBody({ sink: "https://app.example/cb", sinkCredential: {} })), "INVALID_ARGUMENT", "credentialType"],
    ["sinkCredential.credentialType unknown", create(sessionBody({ sink: "https://app.example/cb", sinkCredential: { credentialType: "JWT" } })), "INVALID_ARGUMENT", "credentialType"],
    ["sink ftp://", create(sessionBody({ sink: "ftp://app.example/cb" })), "INVALID_ARGUMENT", "sink"],
    ["sink not a URI", create(sessionBody({ sink: "not a uri" })), "INVALID_ARGUMENT", "sink"],
    ["extend {}", () => ({ path: `${QOD}/sessions/${UNKNOWN_SESSION}/extend`, token, json: {} }), "INVALID_ARGUMENT", "requestedAdditionalDuration"],
    ["extend with a string", () => ({ path: `${QOD}/sessions/${UNKNOWN_SESSION}/extend`, token, json: { requestedAdditionalDuration: "60" } }), "INVALID_ARGUMENT", "requestedAdditionalDuration"],
    ["getSession with a non-UUID id (400.2)", () => ({ path: `${QOD}/sessions/not-a-uuid`, token }), "INVALID_ARGUMENT", "sessionId"],
    ["deleteSession with a non-UUID id", () => ({ method: "DELETE", path: `${QOD}/sessions/1234`, token }), "INVALID_ARGUMENT", "sessionId"],
    ["extend with a non-UUID id", () => ({ path: `${QOD}/sessions/abc/extend`, token, json: { requestedAdditionalDuration: 60 } }), "INVALID_ARGUMENT", "sessionId"],
    ["retrieve-sessions device {}", () => ({ path: `${QOD}/retrieve-sessions`, token, json: { device: {} } }), "INVALID_ARGUMENT", "device"],
    ["retrieve-sessions device a string", () => ({ path: `${QOD}/retrieve-sessions`, token, json: { device: "+34600000001" } }), "INVALID_ARGUMENT", "device"],
    ["retrieve-qos-profiles status unknown", () => ({ path: `${QOS}/retrieve-qos-profiles`, token, json: { status: "ENABLED" } }), "INVALID_ARGUMENT", "status"],
    ["retrieve-qos-profiles name too short", () => ({ path: `${QOS}/retrieve-qos-profiles`, token, json: { name: "Q" } }), "INVALID_ARGUMENT", "name"],
    ["retrieve-qos-profiles device {}", () => ({ path: `${QOS}/retrieve-qos-profiles`, token, json: { device: {} } }), "INVALID_ARGUMENT", "device"],
    ["getQosProfile name not matching the pattern (400.1)", () => ({ path: `${QOS}/qos-profiles/QOS%20E`, token }), "INVALID_ARGUMENT", "name"],
    ["getQosProfile name too short (400.2)", () => ({ path: `${QOS}/qos-profiles/QE`, token }), "INVALID_ARGUMENT", "name"],
    ["getQosProfile name too long (400.2)", () => ({ path: `${QOS}/qos-profiles/${"Q".repeat(257)}`, token }), "INVALID_ARGUMENT", "name"],
  ];

  it.each(rows(CASES))("%s -> 400 %s", async (_name, code, spec, field) => {
    const res = await send(m.app, spec());
    expectError(res, 400, code);
    expect(res.body.message).toContain(field);
  });
});

describe("numeric ranges: OUT_OF_RANGE where the operation documents it", () => {
  // QoD 1.1.0 createSession and extend both document 400 OUT_OF_RANGE; the schema minimum of duration
  // and requestedAdditionalDuration is 1, Port is 0..65535. Official createSession 400.5 accepts
  // OUT_OF_RANGE or INVALID_ARGUMENT for ports; the mock picks OUT_OF_RANGE for every range keyword.
  const CASES: Case[] = [
    ["createSession duration 0", create(sessionBody({ duration: 0 })), "OUT_OF_RANGE", "duration"],
    ["createSession duration -5", create(sessionBody({ duration: -5 })), "OUT_OF_RANGE", "duration"],
    ["device.ipv4Address.publicPort 65536", create(sessionBody({ device: { ipv4Address: { publicAddress: "198.51.100.10", publicPort: 65536 } } })), "OUT_OF_RANGE", "publicPort"],
    ["devicePorts.ports [70000]", create(sessionBody({ devicePorts: { ports: [70000] } })), "OUT_OF_RANGE", "ports"],
    ["devicePorts.ranges from -1", create(sessionBody({ devicePorts: { ranges: [{ from: -1, to: 10 }] } })), "OUT_OF_RANGE", "from"],
    ["applicationServerPorts.ranges to 65536", create(sessionBody({ applicationServerPorts: { ranges: [{ from: 1, to: 65536 }] } })), "OUT_OF_RANGE", "to"],
    ["extend requestedAdditionalDuration 0", () => ({ path: `${QOD}/sessions/${UNKNOWN_SESSION}/extend`, token, json: { requestedAdditionalDuration: 0 } }), "OUT_OF_RANGE", "requestedAdditionalDuration"],
  ];

  it.each(rows(CASES))("%s -> 400 %s", async (_name, code, spec, field) => {
    const res = await send(m.app, spec());
    expectError(res, 400, code);
    expect(res.body.message).toContain(field);
  });

  it("a duration beyond int32 is a 400, never accepted nor a 5xx", async () => {
    const res = await send(m.app, create(sessionBody({ duration: 2 ** 31 }))());
    expect(res.status).toBe(400);
    expect(["OUT_OF_RANGE", "INVALID_ARGUMENT"]).toContain(res.body.code);
  });

  it("a duration outside the profile's own range is INVALID_ARGUMENT (official createSession 400.9)", async () => {
    const res = await send(m.app, create(sessionBody({ qosProfile: "QOS_L", duration: 59 }))());
    expectError(res, 400, "INVALID_ARGUMENT");
    expect(res.body.message).toContain("duration");
  });
});

describe("a schema error is a 400, never a 422 (identification runs on valid input only)", () => {
  it("2-legged, no device, bad qosProfile -> 400, not 422 MISSING_IDENTIFIER", async () => {
    const res = await send(m.app, create({ applicationServer: APP_SERVER, qosProfile: "!!", duration: 60 })());
    expectError(res, 400, "INVALID_ARGUMENT");
  });

  it("3-legged with device {} -> 400, not 422 UNNECESSARY_IDENTIFIER", async () => {
    const t3 = await mint(m.app, { phoneNumber: DEVICES.alice.phoneNumber });
    const res = await send(m.app, { path: `${QOD}/sessions`, token: t3, json: sessionBody({ device: {} }) });
    expectError(res, 400, "INVALID_ARGUMENT");
  });

  it("NAI only with a bad duration -> 400, not 422 UNSUPPORTED_IDENTIFIER", async () => {
    const res = await send(m.app, create(sessionBody({ device: { networkAccessIdentifier: "judy@iot.operator.example" }, duration: "x" }))());
    expectError(res, 400, "INVALID_ARGUMENT");
  });

  it("retrieve-sessions, 2-legged, body {device: {}} -> 400, not 422", async () => {
    const res = await send(m.app, { path: `${QOD}/retrieve-sessions`, token, json: { device: {} } });
    expectError(res, 400, "INVALID_ARGUMENT");
  });
});
