/**
 * Click to Dial 0.1.0 on the frozen virtual clock: the call lifecycle, each failure path from the
 * line traits of data/testdata.yaml, notifications, hang-up, recordings, the per-user limit across
 * client applications, and who may see a call.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectError, type MockFixture, mint, ORIGIN, send, startMock } from "./helpers.ts";

const C2D = "/click-to-dial/v0.1";
const SCOPE = "click-to-dial:calls:create click-to-dial:calls:read click-to-dial:calls:delete click-to-dial:recordings:read";
const LINE = {
  caller: "+34611000001",
  caller2: "+34611000002",
  busy: "+34611000003",
  noAnswer: "+34611000004",
  unreachable: "+34611000005",
  abandon: "+34611000006",
  notAvailable: "+34611000007",
  noRecording: "+34611000008",
  other: "+34699900001",
};
const SINK = `${ORIGIN}/_harness/sink/c2d`;
const CREDENTIAL = { credentialType: "ACCESSTOKEN", accessToken: "sink-token", accessTokenExpiresUtc: "2030-01-01T00:00:00Z", accessTokenType: "bearer" };

let m: MockFixture;
let token: string;
let s: { setupSeconds: number; answerSeconds: number; noAnswerSeconds: number };
beforeAll(async () => {
  m = await startMock();
  s = m.app.testdata().clickToDial as typeof s;
});
beforeEach(async () => {
  await m.app.reset();
  token = await mint(m.app, { scope: SCOPE, expiresIn: 100_000 });
});
afterEach(() => expect(m.bugs).toEqual([]));
afterAll(() => m.app.close());

const body = (caller: string, callee: string, extra: Record<string, unknown> = {}) => ({ caller: { number: caller }, callee: { number: callee }, ...extra });
const create = (b: unknown, t = token) => send(m.app, { path: `${C2D}/calls`, token: t, json: b });
const get = (id: string, t = token) => send(m.app, { path: `${C2D}/calls/${id}`, token: t });
const hangUp = (id: string, t = token) => send(m.app, { method: "DELETE", path: `${C2D}/calls/${id}`, token: t });
const recording = (id: string) => send(m.app, { path: `${C2D}/calls/${id}/recording`, token });
const states = () => m.app.notifier.log.map((r) => r.event.data.status as { state: string; reason?: string });

async function created(b: unknown): Promise<string> {
  const res = await create(b);
  expect(res.status, res.text).toBe(201);
  return res.body.callId;
}

describe("lifecycle", () => {
  it("initiating -> callingCaller -> callingCallee -> connected, one notification per state, then hangUp", async () => {
    const res = await create(body(LINE.caller, LINE.other, { sink: SINK, sinkCredential: CREDENTIAL }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ caller: { number: LINE.caller }, callee: { number: LINE.other }, status: "initiating", recordingEnabled: false });
    const id = res.body.callId;
    await m.clock.advance(s.setupSeconds);
    expect((await get(id)).body.status).toBe("callingCaller");
    await m.clock.advance(s.answerSeconds);
    expect((await get(id)).body.status).toBe("callingCallee");
    await m.clock.advance(s.answerSeconds);
    expect((await get(id)).body.status).toBe("connected");
    await m.clock.advance(95);
    expect((await hangUp(id)).status).toBe(204);
    expect((await get(id)).body.status).toBe("disconnected");
    expect(states()).toEqual([
      { state: "initiating" }, { state: "callingCaller" }, { state: "callingCallee" }, { state: "connected" }, { state: "disconnected", reason: "hangUp" },
    ]);
    const last = m.app.notifier.log.at(-1)!;
    expect(last.event).toMatchObject({ type: "org.camaraproject.click-to-dial.v0.status-changed", datacontenttype: "application/json" });
    expect(last.event.data).toMatchObject({ callId: id, caller: LINE.caller, callee: LINE.other, callDuration: "95" });
    expect(last.authorization).toBe("Bearer <redacted>");
  });

  it("a second DELETE of an ended call is 409 ALREADY_EXISTS", async () => {
    const id = await created(body(LINE.caller, LINE.other));
    expect((await hangUp(id)).status).toBe(204);
    expectError(await hangUp(id), 409, "ALREADY_EXISTS");
  });
});

describe("failure paths from the line traits", () => {
  it.each([
    ["caller busy", LINE.busy, LINE.other, 1 * 0, "disconnected", "callerBusy"],
    ["caller no answer", LINE.noAnswer, LINE.other, 0, "disconnected", "callerNoAnswer"],
    ["caller unreachable", LINE.unreachable, LINE.other, 0, "failed", undefined],
    ["callee busy", LINE.caller, LINE.busy, 0, "disconnected", "calleeBusy"],
    ["callee no answer", LINE.caller, LINE.noAnswer, 0, "disconnected", "calleeNoAnswer"],
    ["callee unreachable", LINE.caller, LINE.unreachable, 0, "disconnected", "calleeFailure"],
    ["caller abandons", LINE.abandon, LINE.other, 0, "disconnected", "callerAbandon"],
  ])("%s ends %s / %s", async (_what, caller, callee, _unused, state, reason) => {
    const id = await created(body(caller, callee, { sink: SINK }));
    await m.clock.advance(s.setupSeconds + 2 * s.answerSeconds + s.noAnswerSeconds + 1);
    expect((await get(id)).body.status).toBe(state);
    expect(states().at(-1)).toEqual(reason ? { state, reason } : { state });
    expect(states().some((x) => x.state === "connected")).toBe(false);
  });

  it.each([
    ["same caller and callee", body(LINE.caller, LINE.caller), "SAME_CALLER_CALLEE"],
    ["caller not available", body(LINE.notAvailable, LINE.other), "CALLER_NOT_AVAILABLE"],
    ["callee not available", body(LINE.caller, LINE.notAvailable), "CALLEE_NOT_AVAILABLE"],
    ["recording not supported", body(LINE.caller, LINE.noRecording, { recordingEnabled: true }), "RECORDING_NOT_SUPPORTED"],
    ["number not E.164", body("0034611000001", LINE.other), "INVALID_PHONE_NUMBER"],
  ])("%s: 422 and no call made", async (_what, b, code) => {
    expectError(await create(b), 422, code);
    // the refused request took no slot of the per-user limit
    expect((await create(body(LINE.caller, LINE.other))).status).toBe(201);
  });

  it("an unknown property anywhere in the body is 400 INVALID_ARGUMENT (Commonalities 0.8 strictness)", async () => {
    expectError(await create(body(LINE.caller, LINE.other, { sink: SINK, sinkCredential: { ...CREDENTIAL, extra: 1 } })), 400, "INVALID_ARGUMENT");
  });
});

describe("recording", () => {
  it("404 before the end, then a WAV file of the declared type", async () => {
    const id = await created(body(LINE.caller, LINE.other, { recordingEnabled: true }));
    await m.clock.advance(s.setupSeconds + 2 * s.answerSeconds + 10);
    expectError(await recording(id), 404, "NOT_FOUND");
    await hangUp(id);
    const res = await recording(id);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ callId: id, contentType: "audio/wav" });
    const wav = Buffer.from(res.body.content, "base64");
    expect(wav.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(wav.subarray(8, 12).toString("ascii")).toBe("WAVE");
  });

  it("no recording for a call that never connected (recordingResult noRecord) or did not ask for one", async () => {
    const never = await created(body(LINE.caller, LINE.busy, { recordingEnabled: true, sink: SINK }));
    await m.clock.advance(s.setupSeconds + 2 * s.answerSeconds);
    expectError(await recording(never), 404, "NOT_FOUND");
    expect(m.app.notifier.log.at(-1)!.event.data.recordingResult).toBe("noRecord");
    const plain = await created(body(LINE.caller, LINE.other));
    await hangUp(plain);
    expectError(await recording(plain), 404, "NOT_FOUND");
  });
});

describe("the seed's per-user limit and access", () => {
  it("one ongoing call per user, over two client applications; free again once the call ends", async () => {
    const other = await mint(m.app, { clientId: "other-app", scope: SCOPE, expiresIn: 100_000 });
    const id = await created(body(LINE.caller, LINE.other));
    expectError(await create(body(LINE.caller, LINE.caller2), other), 409, "ALREADY_EXISTS");
    expect((await create(body(LINE.caller2, LINE.other), other)).status).toBe(201);
    await hangUp(id);
    expect((await create(body(LINE.caller, LINE.other), other)).status).toBe(201);
  });

  it("another client's call is 403 PERMISSION_DENIED; an unknown call 404", async () => {
    const other = await mint(m.app, { clientId: "other-app", scope: SCOPE, expiresIn: 100_000 });
    const id = await created(body(LINE.caller, LINE.other));
    expectError(await get(id, other), 403, "PERMISSION_DENIED");
    expectError(await hangUp(id, other), 403, "PERMISSION_DENIED");
    expectError(await get("call_unknown"), 404, "NOT_FOUND");
  });

  it("a 3-legged token's user must be the caller (403 INVALID_TOKEN_CONTEXT)", async () => {
    const user = await mint(m.app, { scope: SCOPE, phoneNumber: LINE.caller2, expiresIn: 100_000 });
    expectError(await create(body(LINE.caller, LINE.other), user), 403, "INVALID_TOKEN_CONTEXT");
    expect((await create(body(LINE.caller2, LINE.other), user)).status).toBe(201);
  });
});

describe("the admin API (click-to-dial-admin, our own)", () => {
  const ADMIN = "/click-to-dial-admin/v1";
  it("a user's ongoing calls over every client, against the limit; any call's information; the token user's own calls", async () => {
    const admin = await mint(m.app, { scope: "click-to-dial-admin:calls:read", expiresIn: 100_000 });
    const id = await created(body(LINE.caller, LINE.other));
    const status = await send(m.app, { path: `${ADMIN}/users/${encodeURIComponent(LINE.caller)}/calls`, token: admin });
    expect(status.status, status.text).toBe(200);
    expect(status.body).toMatchObject({ phoneNumber: LINE.caller, ongoingCalls: 1, maxOngoingCalls: 1, calls: [{ callId: id, clientId: "demo-app", status: "initiating" }] });
    const info = await send(m.app, { path: `${ADMIN}/calls/${id}`, token: admin });
    expect(info.body).toMatchObject({ callId: id, caller: LINE.caller, callee: LINE.other });
    const user = await mint(m.app, { scope: "click-to-dial-admin:my-calls:read", phoneNumber: LINE.caller, expiresIn: 100_000 });
    expect((await send(m.app, { path: `${ADMIN}/my/calls`, token: user })).body.map((c: { callId: string }) => c.callId)).toEqual([id]);
    await hangUp(id);
    expect((await send(m.app, { path: `${ADMIN}/users/${encodeURIComponent(LINE.caller)}/calls`, token: admin })).body.ongoingCalls).toBe(0);
    expect((await send(m.app, { path: `${ADMIN}/calls/${id}`, token: admin })).body).toMatchObject({ status: "disconnected", reason: "hangUp", callDuration: "0" });
  });

  it("needs the admin scope (403), and a user for /my/calls (422 MISSING_IDENTIFIER)", async () => {
    expectError(await send(m.app, { path: `${ADMIN}/calls/call_x`, token }), 403, "PERMISSION_DENIED");
    const twoLegged = await mint(m.app, { scope: "click-to-dial-admin:my-calls:read", expiresIn: 100_000 });
    expectError(await send(m.app, { path: `${ADMIN}/my/calls`, token: twoLegged }), 422, "MISSING_IDENTIFIER");
  });
});

