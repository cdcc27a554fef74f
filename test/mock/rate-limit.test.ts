/**
 * Per-client rate limit on the virtual clock: a fixed one-second window; over the client's
 * `rateLimitPerSecond` -> 429 TOO_MANY_REQUESTS (CAMARA_common Generic429), on operations that
 * document 429. throttled-app of data/testdata.yaml is limited to 2 requests per second.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectError, mint, type MockFixture, OPERATIONS, QOS, send, START, startMock } from "./helpers.ts";

let m: MockFixture;
let throttled: string;
beforeAll(async () => {
  m = await startMock();
});
beforeEach(async () => {
  await m.app.reset();
  // every test starts on a whole virtual second
  const intoSecond = m.clock.now() % 1000;
  if (intoSecond !== 0) await m.clock.advance((1000 - intoSecond) / 1000);
  throttled = await mint(m.app, { clientId: "throttled-app" });
});
afterEach(() => {
  expect(m.bugs).toEqual([]);
});
afterAll(() => m.app.close());

const profile = (token: string) => send(m.app, { path: `${QOS}/qos-profiles/QOS_E`, token });

describe("throttled-app (2 requests per second)", () => {
  it("the third request within one virtual second -> 429 TOO_MANY_REQUESTS; the next second is fine", async () => {
    expect(START % 1000).toBe(0);
    expect((await profile(throttled)).status).toBe(200);
    expect((await profile(throttled)).status).toBe(200);
    const limited = await profile(throttled);
    expectError(limited, 429, "TOO_MANY_REQUESTS");
    await m.clock.advance(0.999);
    expectError(await profile(throttled), 429, "TOO_MANY_REQUESTS");
    await m.clock.advance(0.001);
    expect((await profile(throttled)).status).toBe(200);
    expect((await profile(throttled)).status).toBe(200);
    expectError(await profile(throttled), 429, "TOO_MANY_REQUESTS");
  });

  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))("%s is rate-limited", async (_id, op) => {
    await profile(throttled);
    await profile(throttled);
    expectError(await send(m.app, op.request(throttled)), 429, "TOO_MANY_REQUESTS");
  });

  it("the window is per client: demo-app is not affected", async () => {
    const demo = await mint(m.app);
    for (let i = 0; i < 3; i++) await profile(throttled);
    for (let i = 0; i < 5; i++) expect((await profile(demo)).status).toBe(200);
  });

  it("the window is per client, not per token", async () => {
    const second = await mint(m.app, { clientId: "throttled-app", scope: "qos-profiles:read" });
    await profile(throttled);
    await profile(second);
    expectError(await profile(throttled), 429, "TOO_MANY_REQUESTS");
  });

  it("unauthenticated requests are refused with 401, never 429, and do not use the client's allowance", async () => {
    for (let i = 0; i < 5; i++) expectError(await send(m.app, { path: `${QOS}/qos-profiles/QOS_E` }), 401, "UNAUTHENTICATED");
    expect((await profile(throttled)).status).toBe(200);
  });

  it("the control plane and the authorization server are not rate-limited", async () => {
    for (let i = 0; i < 5; i++) expect((await send(m.app, { path: "/_harness/testdata" })).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const res = await send(m.app, {
        path: "/token",
        raw: "grant_type=client_credentials&scope=qos-profiles%3Aread",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from("throttled-app:throttled-app-secret").toString("base64")}`,
        },
      });
      expect(res.status).toBe(200);
    }
  });

  it("reset clears the window", async () => {
    for (let i = 0; i < 3; i++) await profile(throttled);
    await send(m.app, { method: "POST", path: "/_harness/reset" });
    expect((await profile(throttled)).status).toBe(200);
  });
});
