/**
 * Running one scenario: its steps in order against a fresh World, then the verdict.
 * - a step nobody implements was found when the file was read: the scenario is not run and fails
 *   ("undefined step: <text> (<file>:<line>)");
 * - a failed expectation fails the scenario at that step; a missing test asset skips it with the
 *   reason; anything else that breaks is a harness error;
 * - contradictions between the test definition and the spec do not stop the scenario; if nothing
 *   else failed, it fails as "contradiction: ..." (never silently);
 * - tolerated defects of the test definition pass with a note;
 * - a scenario that sent no request proves nothing: harness error.
 * Known defects of the files are handled here: request setup written after the When step is applied
 * before sending; a scenario without When sends the feature's operation before its first Then; a
 * scenario that checks only `$.status` also gets its HTTP status checked.
 */
import { TargetError } from "../target/recording-fetch.ts";
import { SinkUnusable, sinkRefusal } from "../target/sink.ts";
import type { Outcome } from "../results/outcome.ts";
import { TokenUnavailable } from "../target/tokens.ts";
import { BYPASSABLE, KNOWN_DEFECTS } from "./known-defects.ts";
import type { FeatureStep } from "./model.ts";
import { NotApplicable, StepFailure } from "./outcome.ts";
import { sendRequest } from "./request.ts";
import type { Binding } from "./steps/index.ts";
import type { World } from "./world.ts";

export interface BoundStep {
  step: FeatureStep;
  binding?: Binding;
}

const SETUP = new Set(["setup", "auth", "data", "body"]);

/**
 * Steps that set the request up but stand after its When (sim-swap-subscriptions writes `When the
 * HTTP "POST" request is sent` and then the body): moved in front of the When, with a note.
 */
export function reorderLateSetup(steps: BoundStep[], note: (text: string) => void): BoundStep[] {
  const out = [...steps];
  for (let i = 0; i < out.length; i++) {
    if (out[i].binding?.def.concept !== "send") continue;
    let j = i + 1;
    const late: BoundStep[] = [];
    while (j < out.length && SETUP.has(out[j].binding?.def.concept ?? "") && out[j].step.type !== "outcome") late.push(out[j++]);
    if (late.length === 0) continue;
    note(`defect of the test definition: request setup written after the When step (line ${out[i].step.line}); applied before sending`);
    out.splice(i, late.length + 1, ...late, out[i]);
    i += late.length;
  }
  return out;
}

function where(world: World, step: FeatureStep): string {
  return step.line > 0 ? `${world.file.file}:${step.line}` : `${world.file.file} (template Background)`;
}

async function runSteps(world: World, steps: BoundStep[]): Promise<void> {
  const hasAction = steps.some((s) => s.binding?.def.concept === "send" || s.step.type === "action");
  for (const { step, binding } of steps) {
    if (!hasAction && world.requestsSent === 0 && step.type === "outcome" && world.operationHint) {
      world.note(`defect of the test definition: the scenario has no When step; ${world.operationHint} (the feature's operation) was sent before the first Then`);
      await sendRequest(world, world.operation(world.operationHint), { main: true });
    }
    try {
      await binding!.def.run(world, binding!.args, step, binding!.inner);
    } catch (error) {
      if (error instanceof StepFailure) {
        throw new StepFailure(`${error.message} — step "${step.text}" (${where(world, step)})`, error.expected, error.received);
      }
      throw error;
    }
  }
  // a scenario that checks only "$.status" (qos-provisioning 409.1 ...): the HTTP status must agree
  if (world.response && world.assertedStatus === undefined && world.assertedBodyStatus !== undefined) {
    world.note('defect of the test definition: no step checks the HTTP status; checked that it equals "$.status"');
    if (world.response.status !== world.assertedBodyStatus) {
      throw new StepFailure(`HTTP status of ${world.response.op.operationId}`, String(world.assertedBodyStatus), String(world.response.status));
    }
  }
}

/** Why the target refused the scenario's sink, when a request carrying it was refused because of it. */
function sinkRefused(world: World): string | undefined {
  for (const e of world.exchanges) {
    const reason = sinkRefusal([world.sink!.url], e.request.body, e.response?.status, e.response?.body);
    if (reason) return reason;
  }
  return undefined;
}

/** Runs the bound steps; returns the outcome. Cleanups run whatever happens. */
export async function executeScenario(world: World, id: string, steps: BoundStep[]): Promise<Outcome> {
  const known = KNOWN_DEFECTS[id.replace(/\[.*\]$/, "")];
  const bypass = BYPASSABLE[id.replace(/\[.*\]$/, "")];
  let outcome: Outcome;
  try {
    await runSteps(world, reorderLateSetup(steps, (t) => world.note(t)));
    if (world.exchanges.length === 0) {
      outcome = { kind: "error", reason: "the scenario sent no request, so it proves nothing" };
    } else if (world.contradictions.length > 0) {
      outcome = { kind: "definition-defect", reason: `the test definition ${world.contradictions.join("; it also ")}` };
    } else {
      outcome = { kind: "pass", note: world.notes.length > 0 ? `note: ${world.notes.join("; ")}` : undefined };
    }
  } catch (error) {
    const refused = error instanceof StepFailure && world.sink ? sinkRefused(world) : undefined;
    if (error instanceof NotApplicable || error instanceof TokenUnavailable || error instanceof SinkUnusable) {
      outcome = { kind: "skip", reason: error.message };
    } else if (refused !== undefined) {
      // the target refused the runner's sink: a setup limit, not non-conformance (issue 11)
      outcome = { kind: "skip", reason: refused };
    } else if (
      error instanceof StepFailure &&
      bypass &&
      world.response?.status === bypass.otherStatus &&
      (bypass.otherCode === undefined || (world.response.body as { code?: unknown } | undefined)?.code === bypass.otherCode)
    ) {
      outcome = { kind: "skip", reason: bypass.reason };
    } else if (error instanceof StepFailure) {
      const also = world.contradictions.length > 0 ? ` (the test definition also ${world.contradictions.join("; ")})` : "";
      outcome = known
        ? { kind: "definition-defect", reason: `${known} — ${error.message}`, expected: error.expected, received: error.received }
        : { kind: "fail", reason: `${error.message}${also}`, expected: error.expected, received: error.received };
    } else if (error instanceof TargetError) {
      outcome = { kind: "error", reason: error.message };
    } else {
      outcome = { kind: "error", reason: `harness error: ${(error as Error).message}` };
    }
  } finally {
    for (const cleanup of world.cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        /* best effort: a failed cleanup must not hide the scenario's own result */
      }
    }
  }
  return outcome;
}
