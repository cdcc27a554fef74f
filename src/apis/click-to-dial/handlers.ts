/** Click to Dial 0.1.0 operations bound to the call state machine. */
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import { type CallDeps, Calls, type CreateCallBody, isEnded, callDuration, toCall } from "../shared/calls.ts";
import { wavRecording } from "./recording.ts";
import { callSettings } from "../shared/call-settings.ts";

export function clickToDialHandlers(deps: CallDeps): HandlerSet {
  const calls = new Calls(deps);
  const requester = (c: { clientId: string; subscriberId?: string }) => ({ clientId: c.clientId, subscriberId: c.subscriberId });
  return {
    async createCall({ input, claims, origin }) {
      const call = await calls.create(requester(claims), input.body as CreateCallBody, origin);
      return { status: 201, body: toCall(call) };
    },
    async getCall({ input, claims }) {
      return { status: 200, body: toCall(await calls.get(requester(claims), input.params.callId)) };
    },
    async terminateCall({ input, claims }) {
      await calls.terminate(requester(claims), input.params.callId);
      return { status: 204 };
    },
    /** 404 until a recorded call has ended with something recorded (Generic404 is the only "not yet" the spec has). */
    async getRecording({ input, claims }) {
      const call = await calls.get(requester(claims), input.params.callId);
      if (!call.recordingEnabled) throw new ApiError("NOT_FOUND", "No recording: recording was not requested for this call.");
      if (!isEnded(call)) throw new ApiError("NOT_FOUND", `No recording yet: the call has not ended (${call.status}).`);
      if (call.recordingResult !== "success") throw new ApiError("NOT_FOUND", "No recording: the parties were never connected.");
      return {
        status: 200,
        body: {
          callId: call.callId,
          content: wavRecording(Number(callDuration(call))).toString("base64"),
          contentType: callSettings(deps.data()).recordingContentType,
          generatedAt: new Date(call.endedAt!).toISOString(),
        },
      };
    },
  };
}
