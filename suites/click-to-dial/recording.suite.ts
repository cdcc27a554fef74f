/**
 * Click to Dial 0.1.0 recordings (layer "api"): getRecording is 404 while the call goes on, then
 * once the call has ended a RecordingResource with base64 content of a declared audio type; a call
 * that never connected has nothing to serve.
 */
import { describe, expect } from "vitest";
import { c2dScenario, client, hangUp, headers, lineWith, newCall, requireLines } from "../support/c2d.ts";
import { scenario } from "../support/scenario.ts";

const ID = "click_to_dial_recording";

describe("click-to-dial 0.1.0 recording (api)", () => {
  scenario(
    c2dScenario("getRecording")(`${ID}_01_before_and_after_the_end`, "404 while the call goes on, the audio once it ended",
      "A recorded call: getRecording answers 404 while connected; after terminateCall it answers 200 with callId, base64 content of the declared contentType and generatedAt"),
    async (t) => {
      const lines = await requireLines(t);
      const call = await newCall(t, { recordingEnabled: true });
      await t.advanceClock(lines.setupSeconds + 2 * lines.answerSeconds + 5);
      const params = { params: { path: { callId: call.callId } } };
      t.expectError(await client(t).GET("/calls/{callId}/recording", { ...params, headers: await headers(t) }), 404, "NOT_FOUND");
      expect((await hangUp(t, call.callId)).response.status).toBe(204);
      const { data, response } = await client(t).GET("/calls/{callId}/recording", { ...params, headers: await headers(t) });
      expect(response.status, "getRecording once the call ended").toBe(200);
      expect(data!.callId).toBe(call.callId);
      const audio = Buffer.from(data!.content, "base64");
      expect(audio.length, "content is non-empty base64").toBeGreaterThan(0);
      if (data!.contentType === "audio/wav") expect(audio.subarray(0, 4).toString("ascii"), "a WAV file starts with RIFF").toBe("RIFF");
    },
  );

  scenario(
    c2dScenario("getRecording")(`${ID}_02_never_connected`, "No recording for a call that never connected",
      "A recorded call that ended before connecting (callee busy) has no recording: getRecording answers 404"),
    async (t) => {
      const lines = await requireLines(t);
      const call = await newCall(t, { recordingEnabled: true, callee: lineWith(t, lines, "call-busy") });
      await t.advanceClock(lines.setupSeconds + 2 * lines.answerSeconds + 1);
      const answer = await client(t).GET("/calls/{callId}/recording", { params: { path: { callId: call.callId } }, headers: await headers(t) });
      t.expectError(answer, 404, "NOT_FOUND");
    },
  );
});
