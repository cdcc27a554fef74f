/**
 * QoD 1.1.0 creation rules and resource access: profile status and duration range (official
 * createSession 400.8 / 400.9 / 422.1), sinkCredential (400.6 / 400.7), https-only sinks, and the
 * design guide §6.7 restriction "a resource is visible only to the API client (and end user) that
 * created it" (getSession / deleteSession / extend 403.2; retrieveSessionsByDevice lists own only).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEVICES, expectError, mint, type MockFixture, qod, sessionBody, startMock } from "./helpers.ts";

let m: MockFixture;
let demo: ReturnType<typeof qod>;
let other: ReturnType<typeof qod>;
beforeAll(async () => {
  m = await startMock();
});
beforeEach(async () => {
  await m.app.reset();
  demo = qod(m.app, await mint(m.app));
  other = qod(m.app, await mint(m.app, { clientId: "other-app" }));
});
afterEach(() => {
  expect(m.bugs).toEqual([]);
});
afterAll(() => m.app.close());

const CREDENTIAL = { credentialType: "ACCESSTOKEN", accessToken: "sink-token-1", accessTokenExpiresUtc: "2030-01-01T00:00:00Z", accessTokenType: "bearer" };

describe("QoS profile and duration", () => {
  it("a profile restricted to certain devices: 422 for another device, 201 for the device it serves", async () => {
    const refused = await demo.create(sessionBody({ qosProfile: "QOS_FACTORY" }));
    expectError(refused, 422, "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE");
    expect(await m.app.store.values("qod.sessions")).toEqual([]);
    const served = await demo.create(sessionBody({ qosProfile: "QOS_FACTORY", device: { phoneNumber: "+34600000020" } }));
    expect(served.status, served.text).toBe(201);
  });

  it.each([
    ["unknown profile (400.8)", { qosProfile: "QOS_NOPE" }, 400, "INVALID_ARGUMENT"],
    ["INACTIVE profile (422.1)", { qosProfile: "QOS_LAB" }, 422, "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE"],
    ["DEPRECATED profile (422.1)", { qosProfile: "QOS_LEGACY" }, 422, "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE"],
    ["QOS_L below minDuration 60 s (400.9)", { qosProfile: "QOS_L", duration: 59 }, 400, "INVALID_ARGUMENT"],
    ["QOS_L above maxDuration 3600 s (400.9)", { qosProfile: "QOS_L", duration: 3601 }, 400, "INVALID_ARGUMENT"],
    ["QOS_E above maxDuration 24 h (400.9)", { qosProfile: "QOS_E", duration: 86_401 }, 400, "INVALID_ARGUMENT"],
  ])("%s -> %i %s", async (_name, overrides, status, code) => {
    const res = await demo.create(sessionBody(overrides));
    expectError(res, status, code);
    expect(res.body.message).toMatch(/qosProfile|duration/);
    expect(await m.app.store.values("qod.sessions")).toEqual([]);
  });

  it.each([
    ["QOS_L", 60],
    ["QOS_L", 3600],
    ["QOS_E", 1],
    ["QOS_E", 86_400],
  ])("%s with duration %i (at a bound) -> 201", async (qosProfile, duration) => {
    const res = await demo.create(sessionBody({ qosProfile, duration }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.duration).toBe(duration);
  });
});

describe("sink and sinkCredential", () => {
  it.each([
    ["credentialType PLAIN (400.6)", { ...CREDENTIAL, credentialType: "PLAIN" }, "INVALID_CREDENTIAL"],
    ["credentialType REFRESHTOKEN (400.6)", { ...CREDENTIAL, credentialType: "REFRESHTOKEN" }, "INVALID_CREDENTIAL"],
    ["PLAIN with identifier/secret", { credentialType: "PLAIN", identifier: "u", secret: "p" }, "INVALID_CREDENTIAL"],
    ["accessTokenType mac (400.7)", { ...CREDENTIAL, accessTokenType: "mac" }, "INVALID_TOKEN"],
    ["accessTokenType Bearer (case matters: enum [bearer])", { ...CREDENTIAL, accessTokenType: "Bearer" }, "INVALID_TOKEN"],
  ])("%s -> 400 %s", async (_name, sinkCredential, code) => {
    expectError(await demo.create(sessionBody({ sink: "https://app.example/cb", sinkCredential })), 400, code);
  });

  it("ACCESSTOKEN without accessToken -> 400 INVALID_ARGUMENT naming the field", async () => {
    const { accessToken: _drop, ...rest } = CREDENTIAL;
    const res = await demo.create(sessionBody({ sink: "https://app.example/cb", sinkCredential: rest }));
    expectError(res, 400, "INVALID_ARGUMENT");
    expect(res.body.message).toContain("accessToken");
  });

  it("an https sink with an ACCESSTOKEN credential is accepted; the credential is never returned", async () => {
    const res = await demo.create(sessionBody({ sink: "https://app.example/cb", sinkCredential: CREDENTIAL }));
    expect(res.status).toBe(201);
    expect(res.body.sink).toBe("https://app.example/cb");
    expect(res.text).not.toContain("sink-token-1");
    expect((await demo.get(res.body.sessionId)).text).not.toContain("sink-token-1");
    expect((await demo.retrieve({ device: DEVICES.alice })).text).not.toContain("sink-token-1");
  });

  it.each(["http://app.example/cb", "http://127.0.0.1:9/cb"])("an http sink (%s) is refused without allowInsecureSinks", async (sink) => {
    const res = await demo.create(sessionBody({ sink, sinkCredential: CREDENTIAL }));
    expectError(res, 400, "INVALID_ARGUMENT");
    expect(res.body.message).toContain("sink");
  });
});

describe("resource access (design guide §6.7)", () => {
  it("another client's session: get, delete and extend -> 403 PERMISSION_DENIED, session untouched", async () => {
    const { body } = await demo.create(sessionBody());
    await m.clock.advance(1);
    expectError(await other.get(body.sessionId), 403, "PERMISSION_DENIED");
    expectError(await other.delete(body.sessionId), 403, "PERMISSION_DENIED");
    expectError(await other.extend(body.sessionId, 60), 403, "PERMISSION_DENIED");
    const mine = await demo.get(body.sessionId);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ qosStatus: "AVAILABLE", duration: 600 });
  });

  it("a 3-legged token of another subscriber (same client) -> 403; of the session's subscriber -> 200", async () => {
    const { body } = await demo.create(sessionBody({ device: DEVICES.alice }));
    const bob = qod(m.app, await mint(m.app, { phoneNumber: DEVICES.bob.phoneNumber }));
    expectError(await bob.get(body.sessionId), 403, "PERMISSION_DENIED");
    expectError(await bob.delete(body.sessionId), 403, "PERMISSION_DENIED");
    const alice = qod(m.app, await mint(m.app, { phoneNumber: DEVICES.alice.phoneNumber }));
    expect((await alice.get(body.sessionId)).status).toBe(200);
  });

  it("a session created with a 3-legged token is another client's business too", async () => {
    const alice = qod(m.app, await mint(m.app, { phoneNumber: DEVICES.alice.phoneNumber }));
    const { body } = await alice.create(sessionBody({ device: undefined }));
    const otherAlice = qod(m.app, await mint(m.app, { clientId: "other-app", phoneNumber: DEVICES.alice.phoneNumber }));
    expectError(await otherAlice.get(body.sessionId), 403, "PERMISSION_DENIED");
  });

  it("retrieve-sessions returns only the caller's own sessions", async () => {
    const mine = await demo.create(sessionBody({ device: DEVICES.alice }));
    const theirs = await other.create(sessionBody({ device: DEVICES.bob }));
    expect(theirs.status).toBe(201);
    expect((await other.retrieve({ device: DEVICES.alice })).body).toEqual([]);
    expect((await demo.retrieve({ device: DEVICES.bob })).body).toEqual([]);
    const list = await demo.retrieve({ device: DEVICES.alice });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([mine.body]);
  });

  it("retrieve-sessions for a device without sessions -> 200 []", async () => {
    const res = await demo.retrieve({ device: DEVICES.laura });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it("an unknown (well-formed) session id -> 404 NOT_FOUND for get, delete, extend", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    expectError(await demo.get(id), 404, "NOT_FOUND");
    expectError(await demo.delete(id), 404, "NOT_FOUND");
    expectError(await demo.extend(id, 60), 404, "NOT_FOUND");
  });
});
