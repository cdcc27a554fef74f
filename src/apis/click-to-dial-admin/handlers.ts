/**
 * Click to Dial administration 1.0.0 (specs/click-to-dial-admin/1.0.0.yaml, our own API): the seed's
 * "ongoing calls of the logged-in user" and its admin view of a user's call status and of any call,
 * read from the shared call model.
 */
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import { lineOf } from "../shared/call-lines.ts";
import { callSettings } from "../shared/call-settings.ts";
import { type CallDeps, type CallRecord, Calls, callDuration, isEnded, userKeyOf } from "../shared/calls.ts";

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function callInfo(c: CallRecord): Record<string, unknown> {
  const info: Record<string, unknown> = {
    callId: c.callId,
    clientId: c.clientId,
    caller: c.caller,
    callee: c.callee,
    status: c.status,
    createdAt: iso(c.createdAt),
    recordingEnabled: c.recordingEnabled,
  };
  if (c.reason) info.reason = c.reason;
  if (c.connectedAt !== undefined) info.connectedAt = iso(c.connectedAt);
  if (c.endedAt !== undefined) info.endedAt = iso(c.endedAt);
  if (isEnded(c)) info.callDuration = callDuration(c);
  if (c.recordingResult) info.recordingResult = c.recordingResult;
  return info;
}

export function clickToDialAdminHandlers(deps: CallDeps): HandlerSet {
  const calls = new Calls(deps);
  return {
    async listMyOngoingCalls({ claims }) {
      if (!claims.subscriberId) throw new ApiError("MISSING_IDENTIFIER", "The access token was not issued for a user: use a three-legged token.");
      return { status: 200, body: (await calls.ongoingOf(claims.subscriberId)).map(callInfo) };
    },
    async getUserCallStatus({ input }) {
      const number = input.params.phoneNumber;
      const ongoing = await calls.ongoingOf(userKeyOf(lineOf(deps.data(), number)));
      return {
        status: 200,
        body: {
          phoneNumber: number,
          ongoingCalls: ongoing.length,
          maxOngoingCalls: callSettings(deps.data()).maxOngoingCallsPerUser,
          calls: ongoing.map(callInfo),
        },
      };
    },
    async getCallInformation({ input }) {
      const call = await calls.find(input.params.callId);
      if (!call) throw new ApiError("NOT_FOUND", `No call with id ${input.params.callId} (or no longer retained).`);
      return { status: 200, body: callInfo(call) };
    },
  };
}
