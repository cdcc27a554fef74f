/**
 * Response validation compiled from the specs: in development and test mode every answer of a
 * stateful handler is checked against its operation (documented status, media type, schema, and an
 * ErrorInfo whose status and code the operation documents). A violation is a bug of the mock.
 */
import type { ValidateFunction } from "ajv";
import type { OperationSpec } from "../operations.ts";
import { allowHttpSinks } from "./request-validator.ts";
import { sharedAjv } from "./ajv.ts";

/** Which documented aspect of an answer is violated: its status, its content type (or content), its schema. */
export type ResponseAspect = "status" | "content-type" | "schema";

export interface ResponseViolation {
  aspect: ResponseAspect;
  /** one line, naming the operation */
  message: string;
}

export interface ResponseValidator {
  /** undefined when the answer conforms, else a one-line description of the violation */
  check(status: number, contentType: string | undefined, body: unknown): string | undefined;
  /** the same, with the aspect violated */
  violation(status: number, contentType: string | undefined, body: unknown): ResponseViolation | undefined;
}

export function compileResponseValidator(op: OperationSpec, options: { allowInsecureSinks: boolean }): ResponseValidator {
  const ajv = sharedAjv({ allErrors: false });
  const compiled = new Map<string, Map<string, ValidateFunction | undefined>>();
  for (const [status, res] of Object.entries(op.responses)) {
    const byMedia = new Map<string, ValidateFunction | undefined>();
    for (const [media, schema] of Object.entries(res.content)) {
      const s = schema && options.allowInsecureSinks ? allowHttpSinks(schema) : schema;
      byMedia.set(media, s ? ajv.compile(s as object) : undefined);
    }
    compiled.set(status, byMedia);
  }
  const where = `${op.method} ${op.basePath}${op.path} (${op.operationId})`;
  const violation = (status: number, contentType: string | undefined, body: unknown): ResponseViolation | undefined => {
    const res = compiled.get(String(status)) ?? compiled.get(`${String(status)[0]}XX`) ?? compiled.get("default");
    if (!res) return { aspect: "status", message: `${where}: status ${status} is not documented` };
    if (res.size === 0) return body === undefined ? undefined : { aspect: "content-type", message: `${where}: status ${status} must have no body` };
    const media = (contentType ?? "").split(";")[0].trim();
    if (!res.has(media)) return { aspect: "content-type", message: `${where}: status ${status} with content type '${media}' is not documented` };
    const validate = res.get(media);
    if (validate && !validate(body)) {
      const e = validate.errors![0];
      return { aspect: "schema", message: `${where}: status ${status} body ${e.instancePath || "/"} ${e.message}` };
    }
    return undefined;
  };
  return {
    check: (status, contentType, body) => violation(status, contentType, body)?.message,
    violation,
  };
}
