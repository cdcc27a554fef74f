/**
 * Click to Dial 0.1.0 call lifecycle on the target's clock (layer "api"; the official definitions
 * only check the 201): initiating -> callingCaller -> callingCallee -> connected, ended by
 * terminateCall as disconnected / hangUp, with one status-changed CloudEvent per state at the
 * runner's sink, and 409 for ending a call twice.
 */
import { describe, expect } from "vitest";
import { c2dScenario, eventsUntil, expectCallEvents, hangUp, newCall, requireLines, statesOf, statusOf } from "../support/c2d.ts";
import { scenario } from "../support/scenario.ts";

const ID = "click_to_dial_lifecycle";

describe("click-to-dial 0.1.0 lifecycle (api)", () => {
  scenario(
    c2dScenario("createCall")(`${ID}_01_states_on_the_clock`, "A call goes initiating, callingCaller, callingCallee, connected",
      "createCall answers initiating; after the operator's setup time the caller rings (callingCaller), once the caller answers the callee rings (callingCallee), once the callee answers the call is connected; terminateCall then gives disconnected"),
    async (t) => {
      const lines = await requireLines(t);
      const call = await newCall(t);
      expect(await statusOf(t, call.callId), "right after createCall").toBe("initiating");
      await t.advanceClock(lines.setupSeconds);
      expect(await statusOf(t, call.callId), "after the setup time").toBe("callingCaller");
      await t.advanceClock(lines.answerSeconds);
      expect(await statusOf(t, call.callId), "once the caller answered").toBe("callingCallee");
      await t.advanceClock(lines.answerSeconds);
      expect(await statusOf(t, call.callId), "once the callee answered").toBe("connected");
      await t.advanceClock(60);
      expect(await statusOf(t, call.callId), "a connected call stays connected").toBe("connected");
      expect((await hangUp(t, call.callId)).response.status, "terminateCall status").toBe(204);
      expect(await statusOf(t, call.callId), "after terminateCall").toBe("disconnected");
    },
  );

  scenario(
    c2dScenario("createCall")(`${ID}_02_notifications`, "One status-changed event per state at the sink, ending disconnected / hangUp",
      "With sink and an ACCESSTOKEN sinkCredential, every change of state is POSTed as a CloudEvent (Bearer token, application/cloudevents+json, CallStatusChangedEvent schema, unique ids, reason and callDuration only when disconnected), in order"),
    async (t) => {
      const lines = await requireLines(t);
      const call = await newCall(t, { sink: true });
      await t.advanceClock(lines.setupSeconds + 2 * lines.answerSeconds);
      expect(await statusOf(t, call.callId)).toBe("connected");
      await t.advanceClock(30);
      expect((await hangUp(t, call.callId)).response.status, "terminateCall status").toBe(204);
      const events = await eventsUntil(call.sink!, "disconnected");
      expect(statesOf(events), "events received, in order").toEqual(["initiating", "callingCaller", "callingCallee", "connected", "disconnected/hangUp"]);
      await expectCallEvents(events, call);
      expect(Number(events.at(-1)!.body.data.callDuration), "callDuration of the hang-up: the 30 s connected").toBeGreaterThanOrEqual(30);
    },
  );

  scenario(
    c2dScenario("terminateCall")(`${ID}_03_terminate_twice`, "Ending an ended call is 409",
      "terminateCall of a call that already ended answers 409 (the only conflict code of the API: ALREADY_EXISTS) and changes nothing"),
    async (t) => {
      const call = await newCall(t);
      expect((await hangUp(t, call.callId)).response.status, "first terminateCall").toBe(204);
      const second = await hangUp(t, call.callId);
      t.expectError(second, 409, "ALREADY_EXISTS");
      expect(await statusOf(t, call.callId)).toBe("disconnected");
    },
  );
});
