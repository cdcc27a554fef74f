/**
 * One outcome type for a scenario or a check, whichever runner produced it (GUIDE principles 7, 8,
 * 12): a plain discriminated union, no exceptions. `toScenarioStatus` maps it onto the statuses of
 * results.json; a defect of an official test definition is its own status (definition-defect, the
 * reason names the contradiction), counted apart and not a failure; with --strict-definitions it is
 * reported as a failure whose reason starts with "contradiction:" (docs/results-json.md).
 *
 * pass: every expectation held (a note may say what was tolerated).
 * fail: the target does not conform; expected vs received.
 * error: the harness could not judge (unreachable target, HTML instead of an API, crash, timeout).
 * skip: not applicable to this target, always with a reason.
 * deviation: a failure the target's configuration accepts, with its reason; never a pass.
 * definition-defect: the official test definition contradicts the spec, so the target cannot pass it.
 */
import type { ScenarioResult, ScenarioStatus } from "./results.ts";

export type Outcome =
  | { kind: "pass"; note?: string }
  | { kind: "fail"; reason: string; expected?: string; received?: string }
  | { kind: "error"; reason: string }
  | { kind: "skip"; reason: string }
  | { kind: "deviation"; reason: string; expected?: string; received?: string }
  | { kind: "definition-defect"; reason: string; expected?: string; received?: string };

export const CONTRADICTION_PREFIX = "contradiction: ";

export type Verdict = Pick<ScenarioResult, "status" | "reason" | "expected" | "received">;

export interface VerdictOptions {
  /** report definition defects as failures (--strict-definitions) */
  strictDefinitions?: boolean;
}

/** The status, reason and evidence a results.json row carries for an outcome. */
export function toVerdict(outcome: Outcome, options: VerdictOptions = {}): Verdict {
  switch (outcome.kind) {
    case "pass":
      return { status: "pass", reason: outcome.note };
    case "skip":
    case "error":
      return { status: outcome.kind, reason: outcome.reason };
    case "fail":
    case "deviation":
      return { status: outcome.kind, reason: outcome.reason, expected: outcome.expected, received: outcome.received };
    case "definition-defect":
      return {
        status: options.strictDefinitions ? "fail" : "definition-defect",
        reason: options.strictDefinitions ? `${CONTRADICTION_PREFIX}${outcome.reason}` : outcome.reason,
        expected: outcome.expected,
        received: outcome.received,
      };
  }
}

export function toScenarioStatus(outcome: Outcome): ScenarioStatus {
  return toVerdict(outcome).status;
}

/** Whether a result is a contradiction of the test definition (its own status, or a failure under --strict-definitions). */
export function isContradiction(r: Pick<ScenarioResult, "status" | "reason">): boolean {
  if (r.status === "definition-defect") return true;
  return r.status === "fail" && (r.reason ?? "").startsWith(CONTRADICTION_PREFIX.trim());
}
