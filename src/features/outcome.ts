/**
 * How a step ends other than by passing. A StepFailure is non-conformance (the scenario fails); a
 * NotApplicable means the target cannot provide what the scenario needs (the scenario is skipped with
 * that reason). Anything else thrown is a harness error.
 */

export class StepFailure extends Error {
  override name = "StepFailure";
  constructor(
    message: string,
    readonly expected?: string,
    readonly received?: string,
  ) {
    super(message);
  }
}

export class NotApplicable extends Error {
  override name = "NotApplicable";
}

export function fail(message: string, expected?: unknown, received?: unknown): never {
  throw new StepFailure(message, show(expected), show(received));
}

export function skip(reason: string): never {
  throw new NotApplicable(reason);
}

export function show(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
