/**
 * The one well-formed request per operation that the generic layers (spec-derived, identification)
 * start from and break one thing at a time (token, scope, header, body), so any error the target
 * returns can be blamed on that one thing.
 *
 * Where the operation's API module declares a request (src/apis/<api>/manifest.ts, `requests`), that
 * one is used: it knows the target's test data (an existing profile, a line in the right state).
 * Otherwise the request is built from the operation's schema: path and required query parameters
 * from their schemas, the body the Gherkin runner also uses ("a request body compliant with the
 * schema", default-body.ts). So an API with no module at all, a spec dropped into specs/ and
 * answered by Prism, is still tested by the generic layers instead of being skipped.
 */
import { randomUUID } from "node:crypto";
import type { Cleanup, WellFormedRequest } from "../apis/module.ts";
import { moduleOf } from "../apis/registry.ts";
import type { ApiSpec, OperationSpec, ParameterSpec } from "../openapi/operations.ts";
import { HARNESS_APIS } from "../openapi/releases.ts";
import { NETWORK_AUTHENTICATED_APIS, defaultBody, identifiesSubject, sample } from "./default-body.ts";
import type { TargetContext } from "./target.ts";

export type { WellFormedRequest } from "../apis/module.ts";

/** A value for a path or query parameter, from its schema (example, enum, format...). */
function parameterValue(p: ParameterSpec, op: OperationSpec, target: TargetContext): string {
  const schema = p.schema as Record<string, unknown>;
  if (schema.format === "uuid") return randomUUID();
  const v = sample(schema, [p.name], { op, target, identifierInBody: true });
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : "harness";
}

/** A well-formed request derived from the operation's schema alone (no module knows the API). */
export function requestFromSchema(op: OperationSpec, target: TargetContext): WellFormedRequest {
  let path = op.path;
  for (const p of op.parameters.filter((x) => x.in === "path")) {
    path = path.replace(`{${p.name}}`, encodeURIComponent(parameterValue(p, op, target)));
  }
  const query = new URLSearchParams(
    op.parameters.filter((x) => x.in === "query" && x.required).map((p) => [p.name, parameterValue(p, op, target)]),
  ).toString();
  if (query) path = `${path}?${query}`;
  const plain = target.subscribers.plain;
  const networkAuth = NETWORK_AUTHENTICATED_APIS.has(op.api);
  if (!plain && (networkAuth || identifiesSubject(op))) {
    return { path, unavailable: "the target configuration names no plain test subscriber (subscribers.plain)" };
  }
  // 2-legged with the subject in the body, unless the API only takes network-authenticated 3-legged tokens
  const body = op.requestBody ? defaultBody({ op, target, subject: plain, identifierInBody: !networkAuth }) : undefined;
  return { path, body, ...(networkAuth ? { subscriber: plain, networkAuth: true } : {}) };
}

/** The module's request for the operation if it declares one, else one built from the schema. */
export function wellFormedRequest(op: OperationSpec, target: TargetContext): WellFormedRequest {
  const build = moduleOf(op.api)?.requests?.[op.operationId];
  return build ? build(target) : requestFromSchema(op, target);
}

/** How to delete what a successful call of the operation created (the module says), if it creates anything. */
export function cleanupOf(op: OperationSpec): Cleanup | undefined {
  return moduleOf(op.api)?.cleanup?.[op.operationId];
}

/**
 * A scope of another API, so a token holding only it lacks every scope of the operation: the
 * module's choice where it names one, else the first scope of another API of `specs`.
 */
export function foreignScope(op: OperationSpec, specs: readonly ApiSpec[]): string {
  const declared = moduleOf(op.api)?.foreignScope;
  if (declared) return declared;
  const own = new Set(op.scopes.flat());
  for (const spec of specs) {
    if (spec.api === op.api || HARNESS_APIS.includes(spec.api)) continue;
    for (const o of spec.operations) for (const s of o.scopes[0] ?? []) if (!own.has(s)) return s;
  }
  return "openid";
}
