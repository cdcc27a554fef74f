/**
 * A spec violation seen by the validation proxy: one request or response that does not match the
 * operation it reached, as Prism's validator describes it. Response violations are the target's
 * fault; request violations are the client's (a conformance suite sends some on purpose).
 */
import { type PrismDiagnostic, SEVERITY_ERROR, SEVERITY_WARNING } from "./runtime.ts";

export interface Violation {
  method: string;
  /** full request path, base path included */
  path: string;
  /** the operation of the spec the request reached, when one matched */
  operationId?: string;
  where: "request" | "response";
  /** e.g. "response.body.devicePhoneNumber" or "request.header.x-correlator" */
  location: string;
  message: string;
  severity: "error" | "warning";
}

export interface ViolationContext {
  method: string;
  path: string;
  operationId?: string;
}

/** Prism reports severities as numbers in results and as names ("Error") inside its 422 problems. */
function severityOf(value: number | string | undefined): Violation["severity"] | undefined {
  if (value === SEVERITY_ERROR || value === "Error") return "error";
  if (value === SEVERITY_WARNING || value === "Warning") return "warning";
  return undefined; // information and hints are not violations
}

export function toViolations(
  context: ViolationContext,
  where: Violation["where"],
  diagnostics: Array<Pick<PrismDiagnostic, "message" | "path"> & { severity: number | string; location?: string[] }>,
): Violation[] {
  const out: Violation[] = [];
  for (const d of diagnostics) {
    const severity = severityOf(d.severity);
    if (!severity) continue;
    const path = d.path ?? d.location ?? [];
    out.push({ ...context, where, location: [where, ...path].join("."), message: d.message, severity });
  }
  return out;
}

/** One line per violation: method, path, operationId, where, message. */
export function formatViolation(v: Violation): string {
  const tag = v.severity === "error" ? "VIOLATION" : "WARNING  ";
  return `${tag} ${v.method} ${v.path} ${v.operationId ?? "(no operation)"} ${v.location}: ${v.message}`;
}

export function summariseViolations(violations: Violation[]): string {
  const responses = violations.filter((v) => v.where === "response").length;
  const requests = violations.length - responses;
  const noun = violations.length === 1 ? "violation" : "violations";
  return `${violations.length} spec ${noun} (${responses} in responses of the target, ${requests} in requests)`;
}
