/**
 * Scope check: the token must hold every scope of at least one of the operation's security
 * requirements (alternatives such as `sim-swap:check` or `sim-swap`), else 403 PERMISSION_DENIED.
 */
import type { AccessClaims } from "../../auth/tokens.ts";
import type { OperationSpec } from "../../openapi/operations.ts";
import { ApiError } from "../../core/errors.ts";

export function requireScope(op: OperationSpec, claims: AccessClaims): void {
  if (op.scopes.length === 0) return;
  // tokens hold a handful of scopes: includes() beats building a Set on every request
  if (op.scopes.some((alternative) => alternative.every((s) => claims.scopes.includes(s)))) return;
  const wanted = op.scopes.map((a) => a.join(" + ")).join(" or ");
  throw new ApiError("PERMISSION_DENIED", `The access token lacks the scope ${wanted}.`);
}
