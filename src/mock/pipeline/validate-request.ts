/**
 * Request validation stage (400): parameters, headers and body against the operation's schemas,
 * compiled once at start-up (src/openapi/validation).
 */
import type { ValidatedInput } from "../../openapi/validation/request-validator.ts";
import { ApiError } from "../../core/errors.ts";
import type { MockRequest } from "../../core/http.ts";
import type { ServedOperation } from "../served-operations.ts";

export type RequestCheck = { input: ValidatedInput } | { undocumented: ApiError };

/**
 * A spec that documents no 400 for an operation (QoD v0 getQosProfiles) still gets a clear 400 for a
 * bad request: that gap is the spec's, so the answer is not held against the spec's responses.
 */
export function validateRequest(served: ServedOperation, req: MockRequest, params: Record<string, string>): RequestCheck {
  try {
    return { input: served.request.validate(req, params) };
  } catch (error) {
    if (error instanceof ApiError && !served.op.responses[String(error.status)]) return { undocumented: error };
    throw error;
  }
}
