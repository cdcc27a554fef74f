/**
 * What the SIM Swap subscriptions 0.3.0 scenarios share: creating a subscription that watches a line
 * and delivers to a fresh runner sink (deleted again at the end of the scenario), waiting for the
 * events that arrive there, and the checks every event gets (CAMARA event subscription guide §3,
 * CloudEvents 1.0): POSTed as application/cloudevents+json with `Authorization: Bearer
 * <sinkCredential.accessToken>`, specversion 1.0, a unique id, a source, an RFC 3339 time, the
 * spec's event type and data.subscriptionId of the subscription.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { BASE_PATH } from "../../generated/sim-swap-subscriptions/0.3.0/client.ts";
import { tokenFingerprint } from "../../src/target/sink-server.ts";
import type { ApiAnswer, ScenarioContext } from "../support/context.ts";
import { rawRequest } from "../support/raw.ts";
import type { SinkEvent } from "../../src/target/sink.ts";

export { awaitEvents, type SinkEvent } from "../../src/target/sink.ts";

export const API = "sim-swap-subscriptions";
export const VERSION = "0.3.0";
export const SWAPPED = "org.camaraproject.sim-swap-subscriptions.v0.swapped";
export const ENDED = "org.camaraproject.sim-swap-subscriptions.v0.subscription-ended";
export const CREATE_SCOPE = `sim-swap-subscriptions:${SWAPPED}:create`;
export const READ_SCOPE = "sim-swap-subscriptions:read";
export const DELETE_SCOPE = "sim-swap-subscriptions:delete";
/** how long it waits before concluding that no further event comes, ms */
export const QUIET_MS = 500;

export interface Watch {
  id: string;
  phoneNumber: string;
  sinkToken: string;
  created: Record<string, any>;
  received(): Promise<SinkEvent[]>;
  /** how long to wait for an event the target owes: the run's timeout */
  waitMs: number;
}

const url = (t: ScenarioContext, path: string) => t.url(API, BASE_PATH, path);

export async function subscriptionRequest(
  t: ScenarioContext,
  method: "GET" | "DELETE",
  id: string,
  scopes = method === "GET" ? [READ_SCOPE] : [DELETE_SCOPE],
): Promise<ApiAnswer> {
  const { "content-type": _, ...headers } = await t.headers({ scopes });
  return rawRequest(t, { method, url: url(t, `/subscriptions/${id}`), headers });
}

/** A 2-legged subscription to `phoneNumber`'s SIM swaps at a fresh sink; 201 is asserted. */
export async function watch(t: ScenarioContext, phoneNumber: string, config: { subscriptionMaxEvents?: number; subscriptionExpireTime?: string } = {}): Promise<Watch> {
  const sink = t.sink();
  const sinkToken = `sink-${randomUUID()}`;
  const body = {
    protocol: "HTTP",
    sink: sink.url,
    sinkCredential: { credentialType: "ACCESSTOKEN", accessToken: sinkToken, accessTokenType: "bearer", accessTokenExpiresUtc: new Date(Date.now() + 30 * 86_400_000).toISOString() },
    types: [SWAPPED],
    config: { subscriptionDetail: { phoneNumber }, ...config },
  };
  const answer = await rawRequest(t, { method: "POST", url: url(t, "/subscriptions"), headers: await t.headers({ scopes: [CREATE_SCOPE] }), body });
  expect(answer.response.status, `createSimSwapSubscription status (body ${JSON.stringify(answer.data)?.slice(0, 200)})`).toBe(201);
  const created = answer.data as Record<string, any>;
  t.cleanup(() => subscriptionRequest(t, "DELETE", String(created.id)));
  return { id: String(created.id), phoneNumber, sinkToken, created, received: sink.received, waitMs: sink.waitMs };
}

export const typesOf = (events: SinkEvent[]) => events.map((e) => e.body?.type);

/** The checks every event gets; `type` and the data members are the caller's. */
export function expectEvent(event: SinkEvent, w: Watch, type: string): void {
  const e = event.body ?? {};
  expect(event.headers["content-type"] ?? "", "event Content-Type").toMatch(/^application\/cloudevents\+json\b/);
  expect(event.headers.authorization, "event Authorization: Bearer <sinkCredential.accessToken>").toBe(`Bearer ${tokenFingerprint(w.sinkToken)}`);
  expect(e.type, "event type").toBe(type);
  expect(e.specversion, "specversion").toBe("1.0");
  expect(typeof e.id === "string" && e.id.length > 0, "event id").toBe(true);
  expect(typeof e.source === "string" && e.source.length > 0, "event source").toBe(true);
  expect(Number.isFinite(Date.parse(e.time)), `event time ${e.time} is a date-time`).toBe(true);
  expect(e.data?.subscriptionId, "data.subscriptionId").toBe(w.id);
}

export function expectEnded(event: SinkEvent, w: Watch, reasons: string[]): void {
  expectEvent(event, w, ENDED);
  expect(reasons, `data.terminationReason ${event.body.data?.terminationReason}`).toContain(event.body.data?.terminationReason);
}

export function expectUniqueIds(events: SinkEvent[]): void {
  const ids = events.map((e) => e.body?.id);
  expect(new Set(ids).size, `event ids are unique: ${ids.join(", ")}`).toBe(ids.length);
}

/** A sink for requests that must be refused: nothing is ever delivered there. */
export const NO_SINK = "https://sink.camara-harness.invalid/notifications";

/** A schema-valid creation body for `phoneNumber` (2-legged) or, without it, for the token's subscriber. */
export function creationBody(phoneNumber: string | undefined, sink = NO_SINK): Record<string, any> {
  return {
    protocol: "HTTP",
    sink,
    types: [SWAPPED],
    config: { subscriptionDetail: phoneNumber === undefined ? {} : { phoneNumber } },
  };
}

/** POST /subscriptions as given; a subscription it happens to create is deleted at the end. */
export async function createRaw(t: ScenarioContext, body: unknown, headers?: Record<string, string>, deleteScopes = [DELETE_SCOPE]): Promise<ApiAnswer> {
  const answer = await rawRequest(t, { method: "POST", url: url(t, "/subscriptions"), headers: headers ?? (await t.headers({ scopes: [CREATE_SCOPE] })), body });
  const id = (answer.data as { id?: unknown } | undefined)?.id;
  if (answer.response.status === 201 && typeof id === "string") t.cleanup(() => subscriptionRequest(t, "DELETE", id, deleteScopes));
  return answer;
}

/** GET /subscriptions with the given token. */
export async function listSubscriptions(t: ScenarioContext, token: string): Promise<ApiAnswer> {
  const { "content-type": _, ...headers } = await t.headers(token);
  return rawRequest(t, { method: "GET", url: url(t, "/subscriptions"), headers });
}
