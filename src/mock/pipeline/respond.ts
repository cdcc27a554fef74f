/**
 * The last stage: render the answer, echo x-correlator, and (in development) check it against the
 * spec. An answer that violates the spec is a bug of the mock: it is reported and answered 500.
 */
import { type ApiError, errorResponse } from "../../core/errors.ts";
import type { MockResponse } from "../../core/http.ts";
import { renameCode } from "../../apis/registry.ts";
import type { ServedOperation } from "../served-operations.ts";

export function respond(
  served: ServedOperation,
  status: number,
  body: unknown,
  correlator: string,
  onBug: (message: string) => void,
  checked = true,
): MockResponse {
  const headers: Record<string, string> = { "x-correlator": correlator };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (served.response && checked) {
    const violation = served.response.check(status, headers["content-type"], body);
    if (violation) {
      onBug(`response violates the spec: ${violation}`);
      return errorResponse("INTERNAL", `The mock's answer violated its spec: ${violation}`, { "x-correlator": correlator });
    }
  }
  let text: string | undefined;
  try {
    text = body === undefined ? undefined : JSON.stringify(body);
  } catch (error) {
    onBug(`the answer of ${served.op.operationId} cannot be serialised: ${(error as Error).message}`);
    return errorResponse("INTERNAL", "The mock could not write its answer.", { "x-correlator": correlator });
  }
  return { status, headers, body: text };
}

/** An ApiError as the ErrorInfo of the served API's release (LEGACY-DIGEST §2, e.g. Fall24 DEVICE_NOT_FOUND). */
export function respondError(served: ServedOperation, error: ApiError, correlator: string, onBug: (message: string) => void): MockResponse {
  const renamed = renameCode(served.release, served.op.api, served.op.version, error.code);
  const status = renamed?.status ?? error.status;
  return respond(served, status, { status, code: renamed?.code ?? error.code, message: error.message }, correlator, onBug);
}
