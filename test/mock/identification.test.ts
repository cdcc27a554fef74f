/**
 * Subject identification, Commonalities 0.6 (design guide appendix A, digest §1.4/1.5): 2-legged vs
 * 3-legged tokens, MISSING / UNNECESSARY / UNSUPPORTED_IDENTIFIER, IDENTIFIER_NOT_FOUND,
 * SERVICE_NOT_APPLICABLE, IPv4 (public+port / public+private) and IPv6 (any address of the /64)
 * matching, and the DeviceResponse (exactly one identifier, one the consumer sent).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { MockApp } from "../../src/mock/app.ts";
import { DEVICES, expectError, mint, type MockFixture, QOD, QOS, qod, send, sessionBody, startMock } from "./helpers.ts";

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
  expect(m.bugs).toEqual([]);
});
afterAll(() => m.app.close());

type Device = Record<string, unknown> | undefined;
/** The three operations that identify a subject from `device` (or from a 3-legged token). */
const IDENTIFYING: [operationId: string, post: (app: MockApp, token: string, device: Device) => ReturnType<typeof send>][] = [
  ["createSession", (app, t, device) => send(app, { path: `${QOD}/sessions`, token: t, json: sessionBody({ device }) })],
  ["retrieveSessionsByDevice", (app, t, device) => send(app, { path: `${QOD}/retrieve-sessions`, token: t, json: device ? { device } : {} })],
  ["retrieveQoSProfiles", (app, t, device) => send(app, { path: `${QOS}/retrieve-qos-profiles`, token: t, json: device ? { device } : {} })],
];

const ALICE_V4_PORT = { ipv4Address: { publicAddress: "198.51.100.10", publicPort: 5000 } };
const ALICE_V4_PRIVATE = { ipv4Address: { publicAddress: "198.51.100.10", privateAddress: "10.0.0.10" } };
const JUDY_NAI = { networkAccessIdentifier: "judy@iot.operator.example" };

describe("error matrix", () => {
  const CASES: [name: string, tokenFor: string | undefined, device: Device, status: number, code: string, skip?: string[]][] = [
    ["3-legged + device of the same subscriber", DEVICES.alice.phoneNumber, DEVICES.alice, 422, "UNNECESSARY_IDENTIFIER"],
    ["3-legged + device of another subscriber", DEVICES.alice.phoneNumber, DEVICES.bob, 422, "UNNECESSARY_IDENTIFIER"],
    ["3-legged + an unknown device", DEVICES.alice.phoneNumber, DEVICES.unknown, 422, "UNNECESSARY_IDENTIFIER"],
    // qos-profiles: the device is an optional filter, no MISSING_IDENTIFIER in its 422 enum
    ["2-legged without device", undefined, undefined, 422, "MISSING_IDENTIFIER", ["retrieveQoSProfiles"]],
    ["only a network access identifier (known)", undefined, JUDY_NAI, 422, "UNSUPPORTED_IDENTIFIER"],
    ["only a network access identifier (unknown)", undefined, { networkAccessIdentifier: "nobody@x.example" }, 422, "UNSUPPORTED_IDENTIFIER"],
    ["unknown phone number", undefined, DEVICES.unknown, 404, "IDENTIFIER_NOT_FOUND"],
    ["unknown IPv4 address", undefined, { ipv4Address: { publicAddress: "192.0.2.99", publicPort: 1 } }, 404, "IDENTIFIER_NOT_FOUND"],
    ["known IPv4 address, other port", undefined, { ipv4Address: { publicAddress: "198.51.100.10", publicPort: 5999 } }, 404, "IDENTIFIER_NOT_FOUND"],
    ["known IPv4 address, other private address", undefined, { ipv4Address: { publicAddress: "198.51.100.10", privateAddress: "10.0.0.99" } }, 404, "IDENTIFIER_NOT_FOUND"],
    ["IPv6 outside every known /64", undefined, { ipv6Address: "2001:db8:2:1::9" }, 404, "IDENTIFIER_NOT_FOUND"],
    ["2-legged, qod-not-applicable subscriber (carol)", undefined, DEVICES.carol, 422, "SERVICE_NOT_APPLICABLE"],
    ["3-legged, qod-not-applicable subscriber (carol)", DEVICES.carol.phoneNumber, undefined, 422, "SERVICE_NOT_APPLICABLE"],
  ];
  const table = CASES.flatMap(([name, tokenFor, device, status, code, skip]) =>
    IDENTIFYING.filter(([id]) => !skip?.includes(id)).map(([id, post]) => [id, name, status, code, tokenFor, device, post] as const),
  );

  it.each(table)("%s: %s -> %i %s", async (_id, _name, status, code, tokenFor, device, post) => {
    const t = tokenFor ? await mint(m.app, { phoneNumber: tokenFor }) : token;
    expectError(await post(m.app, t, device), status, code);
  });

  it("retrieveQoSProfiles, 2-legged without device: the whole catalogue", async () => {
    const res = await send(m.app, { path: `${QOS}/retrieve-qos-profiles`, token, json: {} });
    expect(res.status).toBe(200);
    const unrestricted = m.app.testdata().qosProfiles.filter((p) => !p.restrictedTo);
    expect(res.body.map((p: { name: string }) => p.name)).toEqual(unrestricted.map((p) => p.name));
  });

  it("a failed identification creates nothing", async () => {
    await send(m.app, { path: `${QOD}/sessions`, token, json: sessionBody({ device: JUDY_NAI }) });
    await send(m.app, { path: `${QOD}/sessions`, token, json: sessionBody({ device: DEVICES.carol }) });
    expect(await m.app.store.values("qod.sessions")).toEqual([]);
  });
});

describe("matching and DeviceResponse", () => {
  const MATCHES: [name: string, device: Record<string, unknown>, echoed: string][] = [
    ["phone number", DEVICES.alice, "phoneNumber"],
    ["IPv4 public address + port", ALICE_V4_PORT, "ipv4Address"],
    ["IPv4 public + private address", ALICE_V4_PRIVATE, "ipv4Address"],
    ["IPv4 public + private + port", { ipv4Address: { publicAddress: "198.51.100.10", privateAddress: "10.0.0.10", publicPort: 5000 } }, "ipv4Address"],
    ["IPv6 address of an IPv6-only device", { ipv6Address: "2001:db8:2::9" }, "ipv6Address"],
    ["another IPv6 address within the device's /64", { ipv6Address: "2001:db8:2:0:abcd:ef01:2345:6789" }, "ipv6Address"],
    ["IPv6 /64 written in full, upper case", { ipv6Address: "2001:0DB8:0002:0000:0000:0000:0000:0001" }, "ipv6Address"],
  ];

  it.each(MATCHES)("createSession by %s echoes exactly that identifier", async (_name, device, echoed) => {
    const res = await qod(m.app, token).create(sessionBody({ device }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.device).toEqual({ [echoed]: device[echoed] });
  });

  it.each([
    ["phone + IPv4 + IPv6", { ...DEVICES.alice, ...ALICE_V4_PORT, ipv6Address: "2001:db8:1::10" }],
    ["IPv4 + IPv6", { ...ALICE_V4_PORT, ipv6Address: "2001:db8:1::10" }],
    ["NAI + phone (NAI unsupported, phone used)", { ...JUDY_NAI, ...DEVICES.alice }],
    ["identifiers of two different subscribers (no matching check, 0.7+ / tolerated in 0.6)", { ...DEVICES.alice, ...{ ipv4Address: { publicAddress: "198.51.100.11", publicPort: 5001 } } }],
    ["unknown phone + known IPv4", { ...DEVICES.unknown, ...ALICE_V4_PORT }],
  ])("several identifiers (%s): DeviceResponse has exactly one, as sent", async (_name, device) => {
    const res = await qod(m.app, token).create(sessionBody({ device }));
    expect(res.status, res.text).toBe(201);
    const keys = Object.keys(res.body.device);
    expect(keys).toHaveLength(1);
    expect(res.body.device[keys[0]]).toEqual((device as Record<string, unknown>)[keys[0]]);
    expect(keys[0]).not.toBe("networkAccessIdentifier");
    // GET answers the same DeviceResponse
    const read = await qod(m.app, token).get(res.body.sessionId);
    expect(read.body.device).toEqual(res.body.device);
  });

  it("3-legged without device: 201 and no device in the answer", async () => {
    const t3 = await mint(m.app, { phoneNumber: DEVICES.alice.phoneNumber });
    const res = await send(m.app, { path: `${QOD}/sessions`, token: t3, json: sessionBody({ device: undefined }) });
    expect(res.status, res.text).toBe(201);
    expect(res.body.device).toBeUndefined();
  });

  // Three subscribers of data/testdata.yaml (alice ::10, bob ::11, laura ::22) share 2001:db8:1::/64:
  // each must still be found by its own address.
  it.each([
    ["alice", "2001:db8:1::10", DEVICES.alice],
    ["bob", "2001:db8:1::11", DEVICES.bob],
    ["laura", "2001:db8:1::22", DEVICES.laura],
  ])("%s is identified by its own IPv6 address %s", async (who, ipv6Address, phone) => {
    const api = qod(m.app, token);
    const created = await api.create(sessionBody({ device: { ipv6Address } }));
    expect(created.status, created.text).toBe(201);
    const [session] = await m.app.store.values<{ subscriberId: string }>("qod.sessions");
    expect(session.subscriberId, `session for ${ipv6Address} was bound to the wrong subscriber`).toBe(`sub-${who}`);
    const list = await api.retrieve({ device: phone });
    expect(list.body.map((s: { sessionId: string }) => s.sessionId)).toEqual([created.body.sessionId]);
  });

  it("the same device by two identifiers is one device (409 CONFLICT)", async () => {
    const api = qod(m.app, token);
    expect((await api.create(sessionBody({ device: ALICE_V4_PORT }))).status).toBe(201);
    expectError(await api.create(sessionBody({ device: { ipv4Address: ALICE_V4_PRIVATE.ipv4Address } })), 409, "CONFLICT");
    expectError(await api.create(sessionBody({ device: DEVICES.alice })), 409, "CONFLICT");
  });

  it("retrieve-sessions items carry the DeviceResponse of their creation", async () => {
    const api = qod(m.app, token);
    await api.create(sessionBody({ device: ALICE_V4_PORT }));
    const list = await api.retrieve({ device: DEVICES.alice });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0].device).toEqual(ALICE_V4_PORT);
  });

  it("retrieve-sessions with a 3-legged token: the subject's sessions", async () => {
    const created = await qod(m.app, token).create(sessionBody({ device: DEVICES.bob }));
    const t3 = await mint(m.app, { phoneNumber: DEVICES.bob.phoneNumber });
    const list = await send(m.app, { path: `${QOD}/retrieve-sessions`, token: t3, json: {} });
    expect(list.status).toBe(200);
    expect(list.body.map((s: { sessionId: string }) => s.sessionId)).toEqual([created.body.sessionId]);
  });
});
