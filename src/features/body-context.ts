/**
 * The body context of a Gherkin scenario's request (its subject, how the subject is identified, the
 * runner's sink), and the valid starting value of a container a step writes into while it is
 * missing. The body itself is built by the target layer (src/target/default-body.ts).
 */
import type { OperationSpec } from "../openapi/operations.ts";
import { type BodyContext, knownValue, requiresSink } from "../target/default-body.ts";
import { type Segment, isObject } from "./json-path.ts";
import type { World } from "./world.ts";

/**
 * A valid starting value for a container a step writes into while it is missing, e.g. the whole
 * sinkCredential when a step sets `$.sinkCredential.credentialType`.
 */
export function containerInit(ctx: BodyContext): (segments: Segment[]) => unknown {
  return (segments) => {
    const names = segments.map((s) => ("name" in s ? s.name : "0"));
    const v = knownValue(names[names.length - 1], names.slice(0, -1), ctx);
    return isObject(v) || Array.isArray(v) ? v : undefined;
  };
}

/** The body context of the scenario's request for an operation. */
export function bodyContext(world: World, op: OperationSpec): BodyContext {
  return {
    op,
    target: world.target,
    subject: world.subject.subscriber ?? world.target.subscribers.plain,
    identifierInBody: world.via() === "body",
    // a body that needs a sink gets the runner's, so the events it causes can be checked
    sinkUrl: world.sink?.url ?? (requiresSink(op) && world.target.sink ? world.ensureSink().url : undefined),
  };
}
