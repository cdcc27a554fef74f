/**
 * `scenario(def, body)`: one conformance scenario as a vitest test with a stable id.
 * - a scenario written for another version of its API than the target's release holds is skipped;
 * - skips are data with a reason (`t.skip(reason)`), never a silent it.skip;
 * - a scenario that sent no request is an error, not a pass (GUIDE principle 8);
 * - every answer it received is also checked against the spec (documented status, content type,
 *   schema, ErrorInfo status/code) and for the x-correlator echo;
 * - failed expectations are non-conformance; anything else that breaks is a harness error.
 */
import { inject, it } from "vitest";
import { TargetError } from "../../src/target/recording-fetch.ts";
import { TokenUnavailable } from "../../src/target/tokens.ts";
import { releaseApis } from "../../src/apis/registry.ts";
import { HARNESS_APIS } from "../../src/openapi/releases.ts";
import { plainAssertion } from "../../src/results/plain-assertion.ts";
import type { ScenarioMeta } from "./meta.ts";
import { SinkUnusable } from "../../src/target/sink.ts";
import { ScenarioContext, Unsatisfied } from "./context.ts";

export type ScenarioDef = Omit<ScenarioMeta, "errorCodes" | "exchanges" | "outcome" | "reason" | "expected" | "received" | "layer"> & {
  layer?: ScenarioMeta["layer"];
};

function isAssertion(error: unknown): error is Error & { expected?: unknown; actual?: unknown } {
  return error instanceof Error && (error.name === "AssertionError" || "matcherResult" in error);
}

export function scenario(def: ScenarioDef, body: (t: ScenarioContext) => Promise<void>): void {
  it(`${def.id} ${def.title}`, async (ctx) => {
    const target = inject("target");
    const meta: ScenarioMeta = { layer: "api", ...def, errorCodes: [], exchanges: [] };
    ctx.task.meta.scenario = meta;
    const inRelease = releaseApis(target.release, target.specsDir)[def.api];
    if (!HARNESS_APIS.includes(def.api) && inRelease !== def.version) {
      // a scenario written for one version (e.g. the official r3.2 definitions of 1.1.0) says nothing about another
      ctx.skip(`written for ${def.api} ${def.version}; release ${target.release} has ${inRelease ? `${def.api} ${inRelease}` : `no ${def.api}`}`);
      return;
    }
    const t = new ScenarioContext(target, meta);
    let skipReason: string | undefined;
    try {
      await body(t);
      if (meta.exchanges.length === 0) {
        meta.outcome = "error";
        meta.reason = "the scenario sent no request, so it proves nothing";
        throw new Error(meta.reason);
      }
      await t.checkAllResponses();
    } catch (error) {
      const refused = error instanceof Unsatisfied ? undefined : t.sinkRefused();
      if (error instanceof Unsatisfied || error instanceof TokenUnavailable || error instanceof SinkUnusable) {
        skipReason = error.message;
      } else if (refused !== undefined) {
        // the target refused the runner's sink: a setup limit, not non-conformance (issue 11)
        skipReason = refused;
      } else if (isAssertion(error)) {
        meta.outcome = "fail";
        meta.reason = plainAssertion(error.message, error.expected, error.actual);
        if (error.expected !== undefined) meta.expected = typeof error.expected === "string" ? error.expected : JSON.stringify(error.expected);
        if (error.actual !== undefined) meta.received = typeof error.actual === "string" ? error.actual : JSON.stringify(error.actual);
        throw error;
      } else {
        meta.outcome = "error";
        meta.reason = error instanceof TargetError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
        throw error;
      }
    } finally {
      await t.runCleanups();
    }
    if (skipReason !== undefined) ctx.skip(skipReason);
  });
}
