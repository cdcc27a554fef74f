/**
 * The check registry (GUIDE principle 6, Schemathesis' registry without its tri-state returns): one
 * check = one small function with a stable id, returning a typed outcome, never throwing. Runners run
 * every registered check that applies and report the first failure with the check's id, so a report
 * row says which rule a target broke.
 */

export type CheckOutcome =
  | { status: "pass" }
  /** the check does not apply to this input (no route, no body...), with why */
  | { status: "skip"; reason: string }
  | { status: "fail"; message: string; expected: string; received: string };

export interface Check<Input> {
  /** stable id, e.g. "response.schema"; part of reports, never renamed */
  id: string;
  /** the rule, in one line, with the clause it enforces */
  rule: string;
  run(input: Input): CheckOutcome;
}

export const PASS: CheckOutcome = { status: "pass" };

export class CheckRegistry<Input> {
  private readonly checks: Check<Input>[] = [];

  register(check: Check<Input>): this {
    if (this.checks.some((c) => c.id === check.id)) throw new Error(`check id '${check.id}' is registered twice`);
    this.checks.push(check);
    return this;
  }

  ids(): string[] {
    return this.checks.map((c) => c.id);
  }

  /** Every check's outcome, in registration order. */
  runAll(input: Input): { id: string; outcome: CheckOutcome }[] {
    return this.checks.map((c) => ({ id: c.id, outcome: c.run(input) }));
  }

  /** The first failing check (in registration order), or undefined when none fails. */
  firstFailure(input: Input): { id: string; message: string; expected: string; received: string } | undefined {
    for (const c of this.checks) {
      const outcome = c.run(input);
      if (outcome.status === "fail") return { id: c.id, message: outcome.message, expected: outcome.expected, received: outcome.received };
    }
    return undefined;
  }
}
