/**
 * The operator's Click to Dial settings: the `clickToDial` section of the test data (owned by this
 * module, checked against SETTINGS_SCHEMA at load). Every timing is virtual-clock seconds.
 *
 *   setupSeconds     initiating -> callingCaller (the network places the first leg)
 *   answerSeconds    a ringing line answers (or reports busy) after this long
 *   noAnswerSeconds  a line that never answers is given up after this long (…NoAnswer)
 *   retentionSeconds an ended call (and its recording) stays readable this long
 *   maxOngoingCallsPerUser  the seed's limit on calls not yet ended, per user, over every client
 *   recordingContentType    the media type of the recordings served
 */
import type { TestData } from "../../core/testdata.ts";

export interface CallSettings {
  setupSeconds: number;
  answerSeconds: number;
  noAnswerSeconds: number;
  retentionSeconds: number;
  maxOngoingCallsPerUser: number;
  recordingContentType: "audio/wav";
}

export const DEFAULT_CALL_SETTINGS: CallSettings = {
  setupSeconds: 1,
  answerSeconds: 2,
  noAnswerSeconds: 30,
  retentionSeconds: 3600,
  maxOngoingCallsPerUser: 1,
  recordingContentType: "audio/wav",
};

export const SECTION = "clickToDial";

export const SETTINGS_SCHEMA: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  properties: {
    setupSeconds: { type: "number", minimum: 0 },
    answerSeconds: { type: "number", minimum: 0 },
    noAnswerSeconds: { type: "number", minimum: 0 },
    retentionSeconds: { type: "number", minimum: 0 },
    maxOngoingCallsPerUser: { type: "integer", minimum: 1 },
    recordingContentType: { enum: ["audio/wav"] },
  },
};

export function callSettings(data: TestData): CallSettings {
  return { ...DEFAULT_CALL_SETTINGS, ...((data[SECTION] as Partial<CallSettings> | undefined) ?? {}) };
}
