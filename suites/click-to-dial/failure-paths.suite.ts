/**
 * Click to Dial 0.1.0: how calls fail (layer "api"), driven by the target's call test lines (line
 * traits of the camara-harness mock): busy, no answer and unreachable on either side, a caller who
 * gives up, and the documented 422 refusals (SAME_CALLER_CALLEE, CALLER_NOT_AVAILABLE,
 * CALLEE_NOT_AVAILABLE, RECORDING_NOT_SUPPORTED, INVALID_PHONE_NUMBER), which create nothing.
 */
import { describe, expect } from "vitest";
import { type CallLines, c2dScenario, client, eventsUntil, expectCallEvents, headers, lineWith, newCall, plainCallee, requireLines, statesOf, statusOf } from "../support/c2d.ts";
import type { ScenarioContext } from "../support/context.ts";
import { scenario } from "../support/scenario.ts";

const ID = "click_to_dial_failure";

const PATHS: { id: string; title: string; caller?: string; callee?: string; end: string }[] = [
  { id: "01_caller_busy", title: "Caller busy", caller: "call-busy", end: "disconnected/callerBusy" },
  { id: "02_caller_no_answer", title: "Caller does not answer", caller: "call-no-answer", end: "disconnected/callerNoAnswer" },
  { id: "03_caller_unreachable", title: "Caller unreachable", caller: "call-unreachable", end: "failed" },
  { id: "04_callee_busy", title: "Callee busy", callee: "call-busy", end: "disconnected/calleeBusy" },
  { id: "05_callee_no_answer", title: "Callee does not answer", callee: "call-no-answer", end: "disconnected/calleeNoAnswer" },
  { id: "06_callee_unreachable", title: "Callee unreachable", callee: "call-unreachable", end: "disconnected/calleeFailure" },
  { id: "07_caller_abandons", title: "Caller hangs up while the callee rings", caller: "call-abandon", end: "disconnected/callerAbandon" },
];

const longEnough = (l: CallLines) => l.setupSeconds + 2 * l.answerSeconds + l.noAnswerSeconds + 1;

async function refused(t: ScenarioContext, caller: string, callee: string, code: string, recordingEnabled?: boolean) {
  const answer = await client(t).POST("/calls", {
    headers: await headers(t),
    body: { caller: { number: caller }, callee: { number: callee }, ...(recordingEnabled ? { recordingEnabled } : {}) },
  });
  t.expectError(answer, 422, code);
  // nothing was created: the caller can start a call right away (per-user limit untouched)
  await newCall(t, { caller: t.subscriber("plain").phoneNumber });
}

describe("click-to-dial 0.1.0 failure paths (api)", () => {
  for (const p of PATHS) {
    scenario(
      c2dScenario("createCall")(`${ID}_${p.id}`, `${p.title}: the call ends ${p.end}`,
        `A call whose ${p.caller ? "caller" : "callee"} line has trait ${p.caller ?? p.callee} never connects and ends ${p.end}, notified as the last event`),
      async (t) => {
        const lines = await requireLines(t);
        const call = await newCall(t, {
          sink: true,
          caller: p.caller ? lineWith(t, lines, p.caller) : undefined,
          callee: p.callee ? lineWith(t, lines, p.callee) : undefined,
        });
        await t.advanceClock(longEnough(lines));
        expect(await statusOf(t, call.callId), "status once the call is over").toBe(p.end.split("/")[0]);
        const events = await eventsUntil(call.sink!, p.end.split("/")[0]);
        expect(statesOf(events).at(-1), "last event").toBe(p.end);
        expect(statesOf(events), "never connected").not.toContain("connected");
        await expectCallEvents(events, call);
      },
    );
  }

  scenario(
    c2dScenario("createCall")(`${ID}_08_same_caller_callee`, "Caller and callee the same number: 422 SAME_CALLER_CALLEE", "createCall with caller = callee is refused with 422 SAME_CALLER_CALLEE and creates nothing"),
    async (t) => {
      const n = t.subscriber("plain").phoneNumber;
      await refused(t, n, n, "SAME_CALLER_CALLEE");
    },
  );

  scenario(
    c2dScenario("createCall")(`${ID}_09_caller_not_available`, "Caller not available: 422 CALLER_NOT_AVAILABLE", "A caller line that may not start calls is refused with 422 CALLER_NOT_AVAILABLE"),
    async (t) => {
      await refused(t, lineWith(t, await requireLines(t), "call-not-available"), plainCallee(t), "CALLER_NOT_AVAILABLE");
    },
  );

  scenario(
    c2dScenario("createCall")(`${ID}_10_callee_not_available`, "Callee not available: 422 CALLEE_NOT_AVAILABLE", "A callee line that may not receive calls is refused with 422 CALLEE_NOT_AVAILABLE"),
    async (t) => {
      await refused(t, t.subscriber("plain").phoneNumber, lineWith(t, await requireLines(t), "call-not-available"), "CALLEE_NOT_AVAILABLE");
    },
  );

  scenario(
    c2dScenario("createCall")(`${ID}_11_recording_not_supported`, "Recording not offered: 422 RECORDING_NOT_SUPPORTED", "recordingEnabled: true where recording is not offered is refused with 422 RECORDING_NOT_SUPPORTED"),
    async (t) => {
      await refused(t, t.subscriber("plain").phoneNumber, lineWith(t, await requireLines(t), "call-recording-not-supported"), "RECORDING_NOT_SUPPORTED", true);
    },
  );

  scenario(
    c2dScenario("createCall")(`${ID}_12_invalid_phone_number`, "A number not in E.164 form: 422 INVALID_PHONE_NUMBER (or 400 INVALID_ARGUMENT)",
      "The spec documents 422 INVALID_PHONE_NUMBER for a caller or callee that is not an E.164 number (official createcall_failure_invalid_caller expects 422); the schema's pattern makes 400 INVALID_ARGUMENT defensible too"),
    async (t) => {
      const answer = await client(t).POST("/calls", { headers: await headers(t), body: { caller: { number: "0034611000001" }, callee: { number: plainCallee(t) } } });
      const status = answer.response.status;
      if (status === 400) t.expectError(answer, 400, "INVALID_ARGUMENT");
      else t.expectError(answer, 422, "INVALID_PHONE_NUMBER");
    },
  );
});
