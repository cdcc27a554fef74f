/**
 * Accepted deviations, mapped in one place for both runners: a target's configuration may list
 * scenario ids it knowingly does not conform to, each with a reason (examples/*.target.yaml,
 * `deviations`). Such a failure is reported as a deviation with that reason, never as a pass; a
 * pass, skip or harness error stays what it is.
 */
import { CONTRADICTION_PREFIX, type Outcome } from "./outcome.ts";

export function applyDeviation(outcome: Outcome, scenarioId: string, deviations: Record<string, string>): Outcome {
  const accepted = deviations[scenarioId];
  if (!accepted || (outcome.kind !== "fail" && outcome.kind !== "definition-defect")) return outcome;
  const what = outcome.kind === "definition-defect" ? `${CONTRADICTION_PREFIX}${outcome.reason}` : outcome.reason;
  // the reporters label the status ("Accepted deviation"); the reason is the owner's, then what failed
  return { kind: "deviation", reason: `${accepted} (${what})`, expected: outcome.expected, received: outcome.received };
}
