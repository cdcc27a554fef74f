/**
 * How a telephone line behaves when the operator rings it, from the subscriber traits of the test
 * data. A number that is no test subscriber behaves as a plain line: it rings and answers.
 */
import type { TestData } from "../../core/testdata.ts";

export const CALL_TRAITS = {
  "call-busy": "as caller: the call ends disconnected / callerBusy; as callee: disconnected / calleeBusy",
  "call-no-answer": "the line rings until clickToDial.noAnswerSeconds: disconnected / callerNoAnswer or calleeNoAnswer",
  "call-unreachable": "as caller: the call ends failed (nothing was set up); as callee: disconnected / calleeFailure",
  "call-abandon": "as caller: hangs up while the callee is still ringing: disconnected / callerAbandon",
  "call-not-available": "createCall is refused: 422 CALLER_NOT_AVAILABLE or CALLEE_NOT_AVAILABLE",
  "call-recording-not-supported": "createCall with recordingEnabled: true is refused: 422 RECORDING_NOT_SUPPORTED",
} as const;

export type CallTrait = keyof typeof CALL_TRAITS;

export interface Line {
  number: string;
  /** the test subscriber of the number, if any (the user the per-user limit counts for) */
  subscriberId?: string;
  traits: readonly string[];
}

const cache = new WeakMap<TestData, Map<string, { id: string; traits: readonly string[] }>>();

/** O(1) per lookup: an index by phone number, built once per test data object. */
export function lineOf(data: TestData, number: string): Line {
  let byNumber = cache.get(data);
  if (!byNumber) {
    byNumber = new Map(data.subscribers.map((s) => [s.phoneNumber, { id: s.id, traits: s.traits ?? [] }]));
    cache.set(data, byNumber);
  }
  const s = byNumber.get(number);
  return { number, subscriberId: s?.id, traits: s?.traits ?? [] };
}

export const has = (line: Line, trait: CallTrait): boolean => line.traits.includes(trait);
