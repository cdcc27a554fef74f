/**
 * Click to Dial calls as a state machine over the store and the virtual clock (CAMARA Click to Dial
 * 0.1.0, CallStatus / DisconnectionReason):
 *
 *   initiating --setup--> callingCaller --answer--> callingCallee --answer--> connected --DELETE--> disconnected/hangUp
 *        |                    | busy: disconnected/callerBusy   | busy: disconnected/calleeBusy
 *        |                    | no answer: …/callerNoAnswer     | no answer: …/calleeNoAnswer
 *        | caller unreachable | (DELETE at any point: hangUp)   | unreachable: …/calleeFailure
 *        v                                                      | caller gives up: …/callerAbandon
 *      failed
 *
 * Which path a call takes comes from the traits of its two lines (call-lines.ts); timings from the
 * operator's settings (call-settings.ts). Shared by Click to Dial and its admin API. Every change of state is notified to the call's sink. The seed's
 * rule on top of the standard: a user has at most maxOngoingCallsPerUser calls not yet ended, counted
 * over every client application (409 ALREADY_EXISTS, the only conflict code createCall documents).
 * No HTTP types here.
 */
import { randomUUID } from "node:crypto";
import type { Scheduler } from "../../core/clock.ts";
import { ApiError } from "../../core/errors.ts";
import type { Notifier, SinkCredential } from "../../core/notifications.ts";
import type { Store } from "../../core/store.ts";
import type { TestData } from "../../core/testdata.ts";
import { has, lineOf, type Line } from "./call-lines.ts";
import { callSettings, type CallSettings } from "./call-settings.ts";

export const EVENT_TYPE = "org.camaraproject.click-to-dial.v0.status-changed";
export const BASE_PATH = "/click-to-dial/v0.1";
const CALLS = "c2d.calls";
const ONGOING_BY_USER = "c2d.calls.ongoing-by-user";
/** the task that moves a call one step on: args { callId, expected: status it must still have, step } */
const STEP = "c2d-call:step";
const FORGET = "c2d-call:forget";

/** The next step of a call, as data: a named transition, or `end:<reason>`. */
type Step = "placeCallerLeg" | "ringCallee" | "connect" | `end:${DisconnectionReason}`;

export type CallStatus = "initiating" | "callingCaller" | "callingCallee" | "connected" | "disconnected" | "failed";
export type DisconnectionReason =
  | "hangUp" | "callerBusy" | "callerNoAnswer" | "callerFailure" | "callerAbandon"
  | "calleeBusy" | "calleeNoAnswer" | "calleeFailure" | "other";

export interface CallRecord {
  callId: string;
  clientId: string;
  /** whose ongoing calls the per-user limit counts: the token's subscriber, else the caller line's */
  userKey: string;
  caller: string;
  callee: string;
  sink?: string;
  sinkCredential?: SinkCredential;
  recordingEnabled: boolean;
  status: CallStatus;
  reason?: DisconnectionReason;
  recordingResult?: "success" | "noRecord" | "fail";
  createdAt: number;
  connectedAt?: number;
  endedAt?: number;
  origin: string;
}

export interface CreateCallBody {
  caller: { number: string };
  callee: { number: string };
  sink?: string;
  sinkCredential?: SinkCredential;
  recordingEnabled?: boolean;
}

export interface Requester {
  clientId: string;
  /** set for 3-legged tokens */
  subscriberId?: string;
}

export interface CallDeps {
  store: Store;
  clock: Scheduler;
  notifier: Notifier;
  data: () => TestData;
}

export const isEnded = (c: CallRecord) => c.status === "disconnected" || c.status === "failed";

/** Whose limit a line's calls count against: its test subscriber, else the number itself. */
export const userKeyOf = (line: Line): string => line.subscriberId ?? `tel:${line.number}`;

/** ACCESSTOKEN with its three fields; the other credential type is not offered (only 400 codes are documented). */
function checkSinkCredential(credential: SinkCredential | undefined): void {
  if (!credential) return;
  if (credential.credentialType !== "ACCESSTOKEN") {
    throw new ApiError("INVALID_ARGUMENT", "sinkCredential.credentialType: only ACCESSTOKEN is supported");
  }
  for (const field of ["accessToken", "accessTokenExpiresUtc", "accessTokenType"] as const) {
    if (credential[field] === undefined) throw new ApiError("INVALID_ARGUMENT", `sinkCredential.${field} is required`);
  }
}

export class Calls {
  constructor(private readonly deps: CallDeps) {
    deps.clock.define(STEP, async (args, at) => {
      const call = await this.deps.store.get<CallRecord>(CALLS, String(args.callId));
      if (call && call.status === args.expected) await this.step(call, at, args.step as Step);
    });
    deps.clock.define(FORGET, async (args) => {
      await this.deps.store.delete(CALLS, String(args.callId));
    });
  }

  private get settings(): CallSettings {
    return callSettings(this.deps.data());
  }

  async create(requester: Requester, body: CreateCallBody, origin: string): Promise<CallRecord> {
    const data = this.deps.data();
    checkSinkCredential(body.sinkCredential);
    const caller = lineOf(data, body.caller.number);
    const callee = lineOf(data, body.callee.number);
    if (requester.subscriberId && caller.subscriberId !== requester.subscriberId) {
      throw new ApiError("INVALID_TOKEN_CONTEXT", "caller.number is not the number of the user the access token was issued for.");
    }
    if (caller.number === callee.number) throw new ApiError("SAME_CALLER_CALLEE");
    if (has(caller, "call-not-available")) throw new ApiError("CALLER_NOT_AVAILABLE");
    if (has(callee, "call-not-available")) throw new ApiError("CALLEE_NOT_AVAILABLE");
    if (body.recordingEnabled && (has(caller, "call-recording-not-supported") || has(callee, "call-recording-not-supported"))) {
      throw new ApiError("RECORDING_NOT_SUPPORTED", "Recording is not offered for calls between these numbers.");
    }
    const userKey = requester.subscriberId ?? userKeyOf(caller);
    const ongoing = await this.deps.store.indexGet(ONGOING_BY_USER, userKey);
    const limit = this.settings.maxOngoingCallsPerUser;
    if (ongoing.length >= limit) {
      throw new ApiError("ALREADY_EXISTS", `The caller already has ${ongoing.length} ongoing call(s) (limit ${limit} per user, over every application).`);
    }
    const call: CallRecord = {
      callId: `call_${randomUUID()}`,
      clientId: requester.clientId,
      userKey,
      caller: caller.number,
      callee: callee.number,
      sink: body.sink,
      sinkCredential: body.sinkCredential,
      recordingEnabled: body.recordingEnabled ?? false,
      status: "initiating",
      createdAt: this.deps.clock.now(),
      origin,
    };
    await this.save(call);
    await this.deps.store.indexAdd(ONGOING_BY_USER, userKey, call.callId);
    const setupAt = call.createdAt + this.settings.setupSeconds * 1000;
    await this.after(setupAt, call.callId, "initiating", "placeCallerLeg");
    await this.notify(call);
    return call;
  }

  /** The call, if this requester may see it: another client's (or user's) call is 403. */
  async get(requester: Requester, callId: string): Promise<CallRecord> {
    const call = await this.deps.store.get<CallRecord>(CALLS, callId);
    if (!call) throw new ApiError("NOT_FOUND", `No call with id ${callId}.`);
    if (call.clientId !== requester.clientId || (requester.subscriberId && requester.subscriberId !== call.userKey)) {
      throw new ApiError("PERMISSION_DENIED", "The call belongs to another API client or user.");
    }
    return call;
  }

  /** Any call still retained, whoever created it (the admin view). */
  async find(callId: string): Promise<CallRecord | undefined> {
    return this.deps.store.get<CallRecord>(CALLS, callId);
  }

  /** A user's calls that have not ended, oldest first, over every client (O(calls of the user)). */
  async ongoingOf(userKey: string): Promise<CallRecord[]> {
    const calls: CallRecord[] = [];
    for (const id of await this.deps.store.indexGet(ONGOING_BY_USER, userKey)) {
      const call = await this.deps.store.get<CallRecord>(CALLS, id);
      if (call && !isEnded(call)) calls.push(call);
    }
    return calls.sort((a, b) => a.createdAt - b.createdAt);
  }

  async terminate(requester: Requester, callId: string): Promise<void> {
    const call = await this.get(requester, callId);
    if (isEnded(call)) throw new ApiError("ALREADY_EXISTS", `The call has already ended (${call.status}).`);
    await this.end(call, "hangUp");
  }

  // ---- transitions ----------------------------------------------------------------------------
  // Each step is scheduled from the virtual instant the previous one was due (not from now(): a step
  // run late by the real-time timer must not shift the rest of the call), and the successor is
  // scheduled before the notification goes out, so a clock jump made meanwhile still finds it.

  private async after(at: number, callId: string, expected: CallStatus, step: Step): Promise<void> {
    await this.deps.clock.schedule(at, STEP, { callId, expected, step });
  }

  /** Runs a step that fell due at `at` (the lines' traits are read again from the test data). */
  private async step(call: CallRecord, at: number, step: Step): Promise<void> {
    const data = this.deps.data();
    if (step === "placeCallerLeg") return this.placeCallerLeg(call, at, lineOf(data, call.caller));
    if (step === "ringCallee") return this.ringCallee(call, at, lineOf(data, call.caller), lineOf(data, call.callee));
    if (step === "connect") {
      call.connectedAt = at;
      return this.move(call, "connected");
    }
    return this.end(call, step.slice("end:".length) as DisconnectionReason);
  }

  private async placeCallerLeg(call: CallRecord, at: number, caller: Line): Promise<void> {
    const s = this.settings;
    if (has(caller, "call-unreachable")) return this.fail(call);
    const id = call.callId;
    await this.move(call, "callingCaller", () => {
      if (has(caller, "call-busy")) return this.after(at + s.answerSeconds * 1000, id, "callingCaller", "end:callerBusy");
      if (has(caller, "call-no-answer")) return this.after(at + s.noAnswerSeconds * 1000, id, "callingCaller", "end:callerNoAnswer");
      return this.after(at + s.answerSeconds * 1000, id, "callingCaller", "ringCallee");
    });
  }

  private async ringCallee(call: CallRecord, at: number, caller: Line, callee: Line): Promise<void> {
    const s = this.settings;
    const id = call.callId;
    await this.move(call, "callingCallee", () => {
      if (has(caller, "call-abandon")) return this.after(at + (s.answerSeconds / 2) * 1000, id, "callingCallee", "end:callerAbandon");
      if (has(callee, "call-unreachable")) return this.after(at + s.setupSeconds * 1000, id, "callingCallee", "end:calleeFailure");
      if (has(callee, "call-busy")) return this.after(at + s.answerSeconds * 1000, id, "callingCallee", "end:calleeBusy");
      if (has(callee, "call-no-answer")) return this.after(at + s.noAnswerSeconds * 1000, id, "callingCallee", "end:calleeNoAnswer");
      return this.after(at + s.answerSeconds * 1000, id, "callingCallee", "connect");
    });
  }

  /** Saves the new state, schedules what follows it, then notifies. */
  private async move(call: CallRecord, status: CallStatus, next?: () => Promise<void>): Promise<void> {
    call.status = status;
    await this.save(call);
    await next?.();
    await this.notify(call);
  }

  private async end(call: CallRecord, reason: DisconnectionReason): Promise<void> {
    call.reason = reason;
    await this.finish(call, "disconnected");
  }

  private async fail(call: CallRecord): Promise<void> {
    await this.finish(call, "failed");
  }

  private async finish(call: CallRecord, status: "disconnected" | "failed"): Promise<void> {
    const now = this.deps.clock.now();
    call.endedAt = now;
    if (call.recordingEnabled) call.recordingResult = call.connectedAt !== undefined ? "success" : "noRecord";
    await this.deps.store.indexRemove(ONGOING_BY_USER, call.userKey, call.callId);
    await this.move(call, status, () => this.deps.clock.schedule(now + this.settings.retentionSeconds * 1000, FORGET, { callId: call.callId }));
  }

  private async save(call: CallRecord): Promise<void> {
    await this.deps.store.put(CALLS, call.callId, call);
  }

  private async notify(call: CallRecord): Promise<void> {
    if (!call.sink) return;
    const source = `${call.origin}${BASE_PATH}/calls/${call.callId}`;
    await this.deps.notifier.send(call.sink, call.sinkCredential, this.deps.notifier.event(EVENT_TYPE, source, eventData(call, this.deps.clock.now())));
  }
}

/** Seconds the parties were connected, as the API's decimal string. */
export function callDuration(call: CallRecord): string {
  if (call.connectedAt === undefined || call.endedAt === undefined) return "0";
  return String(Math.round((call.endedAt - call.connectedAt) / 1000));
}

/** CallStatusChangedEvent.data: reason and duration with `disconnected`, recordingResult once a recorded call ended. */
export function eventData(call: CallRecord, at: number): Record<string, unknown> {
  const status: Record<string, unknown> = { state: call.status };
  if (call.status === "disconnected") status.reason = call.reason;
  const data: Record<string, unknown> = { callId: call.callId, caller: call.caller, callee: call.callee, status };
  if (call.recordingResult) data.recordingResult = call.recordingResult;
  if (call.status === "disconnected") data.callDuration = callDuration(call);
  data.timestamp = new Date(at).toISOString();
  return data;
}

/** The Call resource of the API. */
export function toCall(call: CallRecord): Record<string, unknown> {
  return {
    callId: call.callId,
    caller: { number: call.caller },
    callee: { number: call.callee },
    status: call.status,
    createdAt: new Date(call.createdAt).toISOString(),
    recordingEnabled: call.recordingEnabled,
  };
}
