/**
 * Click to Dial 0.1.0 scenarios' toolbox: the typed client, the target's call lines (a target running
 * our mock describes them at /_harness/testdata: line traits and the clickToDial timings), a call
 * created with a sink, its status read back, and the checks of each status-changed CloudEvent
 * (createcall_event_notification: Bearer sinkCredential token, application/cloudevents+json, schema
 * CallStatusChangedEvent, reason and callDuration present iff disconnected).
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { ValidateFunction } from "ajv";
import { expect } from "vitest";
import { createClickToDialClient } from "../../generated/click-to-dial/0.1.0/client.ts";
import { tokenFingerprint } from "../../src/target/sink-server.ts";
import { apiRootFor } from "../../src/target/target.ts";
import { SPECS_DIR } from "../../src/openapi/catalogue.ts";
import { loadDereferenced } from "../../src/openapi/contract.ts";
import { createAjv } from "../../src/openapi/validation/ajv.ts";
import { apiScenario } from "./official.ts";
import type { ScenarioContext } from "./context.ts";
import { awaitEvents, type Sink, type SinkEvent } from "./qod-events.ts";

export const C2D = { api: "click-to-dial", version: "0.1.0" };
export const c2dScenario = (operationId: string) => apiScenario(C2D.api, C2D.version, operationId);
export const EVENT_TYPE = "org.camaraproject.click-to-dial.v0.status-changed";
export const SCOPES = {
  create: "click-to-dial:calls:create",
  read: "click-to-dial:calls:read",
  delete: "click-to-dial:calls:delete",
  recording: "click-to-dial:recordings:read",
};
const ALL = Object.values(SCOPES);

export interface CallLines {
  /** trait -> a line with it */
  withTrait: Record<string, string | undefined>;
  setupSeconds: number;
  answerSeconds: number;
  noAnswerSeconds: number;
  maxOngoingCallsPerUser: number;
}

let lines: Promise<CallLines | undefined> | undefined;

/** The call lines of a target that runs our mock; undefined for any other target. */
export function callLines(t: ScenarioContext): Promise<CallLines | undefined> {
  lines ??= (async () => {
    try {
      const res = await fetch(`${t.target.apiRoot}/_harness/testdata`, { signal: AbortSignal.timeout(t.target.timeoutMs) });
      if (!res.ok) return undefined;
      const data = (await res.json()) as { subscribers: { phoneNumber: string; traits?: string[] }[]; clickToDial?: Partial<CallLines> };
      const withTrait: CallLines["withTrait"] = {};
      for (const s of data.subscribers) for (const trait of s.traits ?? []) withTrait[trait] ??= s.phoneNumber;
      return { setupSeconds: 1, answerSeconds: 2, noAnswerSeconds: 30, maxOngoingCallsPerUser: 1, ...data.clickToDial, withTrait };
    } catch {
      return undefined;
    }
  })();
  return lines;
}

/** The lines, or the scenario is skipped: only a target describing its call lines can run it. */
export async function requireLines(t: ScenarioContext): Promise<CallLines> {
  const l = await callLines(t);
  t.require(l, "the target does not describe its call test lines (GET /_harness/testdata of the camara-harness mock)");
  return l;
}

export function lineWith(t: ScenarioContext, l: CallLines, trait: string): string {
  const n = l.withTrait[trait];
  t.require(n, `the target has no call test line with trait ${trait}`);
  return n;
}

export const client = (t: ScenarioContext) => createClickToDialClient(apiRootFor(t.target, C2D.api), { fetch: t.fetch });

/** A number outside the test data: a plain line that rings and answers. */
export const plainCallee = (t: ScenarioContext) => t.subscriber("unknown").phoneNumber;

export async function headers(t: ScenarioContext, secondary = false) {
  return t.headers({ scopes: ALL, secondary });
}

export interface NewCall {
  callId: string;
  sink?: Sink;
  sinkToken?: string;
  caller: string;
  callee: string;
}

/** Creates a call (201 expected), hung up at the end of the scenario whatever happens. */
export async function newCall(
  t: ScenarioContext,
  options: { caller?: string; callee?: string; sink?: boolean; recordingEnabled?: boolean; secondary?: boolean } = {},
): Promise<NewCall> {
  const caller = options.caller ?? t.subscriber("plain").phoneNumber;
  const callee = options.callee ?? plainCallee(t);
  const sink = options.sink ? t.sink() : undefined;
  const sinkToken = options.sink ? `sink-${randomUUID()}` : undefined;
  const h = await headers(t, options.secondary);
  const { data, response } = await client(t).POST("/calls", {
    headers: h,
    body: {
      caller: { number: caller },
      callee: { number: callee },
      ...(sink ? { sink: sink.url, sinkCredential: { credentialType: "ACCESSTOKEN", accessToken: sinkToken, accessTokenExpiresUtc: new Date(Date.now() + 3_600_000).toISOString(), accessTokenType: "bearer" } as never } : {}),
      ...(options.recordingEnabled ? { recordingEnabled: true } : {}),
    },
  });
  expect(response.status, "createCall status").toBe(201);
  const callId = data!.callId;
  t.cleanup(() => t.fetch(t.url(C2D.api, "/click-to-dial/v0.1", `/calls/${callId}`), { method: "DELETE", headers: h }));
  return { callId, sink, sinkToken, caller, callee };
}

export async function statusOf(t: ScenarioContext, callId: string, secondary = false): Promise<string | undefined> {
  const { data, response } = await client(t).GET("/calls/{callId}", { params: { path: { callId } }, headers: await headers(t, secondary) });
  expect(response.status, "getCall status").toBe(200);
  return data?.status;
}

export async function hangUp(t: ScenarioContext, callId: string, secondary = false) {
  return client(t).DELETE("/calls/{callId}", { params: { path: { callId } }, headers: await headers(t, secondary) });
}

let validator: Promise<ValidateFunction> | undefined;
function eventValidator(): Promise<ValidateFunction> {
  validator ??= loadDereferenced(join(SPECS_DIR, "click-to-dial", "0.1.0.yaml")).then((doc) =>
    createAjv().compile((doc.components as { schemas: Record<string, object> }).schemas.CallStatusChangedEvent),
  );
  return validator;
}

/** "state" or "state/reason" of each event, in arrival order. */
export const statesOf = (events: SinkEvent[]) =>
  events.map((e) => `${e.body?.data?.status?.state}${e.body?.data?.status?.reason ? `/${e.body.data.status.reason}` : ""}`);

/** Every check the createCall notification definitions make on the events of one call. */
export async function expectCallEvents(events: SinkEvent[], call: NewCall): Promise<void> {
  const validate = await eventValidator();
  for (const e of events) {
    expect(e.headers["content-type"] ?? "", "event header Content-Type").toMatch(/^application\/cloudevents\+json\b/);
    expect(e.headers.authorization, "event header Authorization is Bearer + sinkCredential.accessToken").toBe(`Bearer ${tokenFingerprint(call.sinkToken!)}`);
    expect(validate(e.body), `event complies with CallStatusChangedEvent: ${validate.errors?.[0]?.instancePath} ${validate.errors?.[0]?.message}`).toBe(true);
    expect(e.body.type, "event $.type").toBe(EVENT_TYPE);
    expect(e.body.data, "event $.data names the call").toMatchObject({ callId: call.callId, caller: call.caller, callee: call.callee });
    const ended = e.body.data.status.state === "disconnected";
    expect(e.body.data.status.reason !== undefined, "$.data.status.reason present iff disconnected").toBe(ended);
    expect(e.body.data.callDuration !== undefined, "$.data.callDuration present iff disconnected").toBe(ended);
  }
  const ids = events.map((e) => e.body?.id);
  expect(new Set(ids).size, "event ids are unique").toBe(ids.length);
}

export async function eventsUntil(sink: Sink, state: string): Promise<SinkEvent[]> {
  return awaitEvents(sink, (e) => statesOf(e).some((s) => s.split("/")[0] === state));
}
