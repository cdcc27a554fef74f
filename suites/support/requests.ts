/**
 * A well-formed request for each operation, built from the target's test data by the operation's
 * API module (src/apis/<api>/manifest.ts, `requests`). The spec-derived layer starts from it and
 * breaks one thing at a time (token, scope, header, body), so any error the target returns can be
 * blamed on that one thing.
 */
import type { WellFormedRequest } from "../../src/apis/module.ts";
import { moduleOf } from "../../src/apis/registry.ts";
import type { TargetContext } from "../../src/target/target.ts";
import type { OperationSpec } from "../../src/openapi/operations.ts";

export type BaselineRequest = WellFormedRequest;

export function baseline(op: OperationSpec, target: TargetContext): BaselineRequest {
  const build = moduleOf(op.api)?.requests?.[op.operationId];
  return build ? build(target) : { path: op.path, unavailable: `no well-formed request known for ${op.api}#${op.operationId}` };
}

/** A scope of another API, so a token holding it lacks the operation's scope. */
export function foreignScope(op: OperationSpec): string {
  return moduleOf(op.api)?.foreignScope ?? "qos-profiles:read";
}
