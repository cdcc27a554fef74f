/**
 * The checks every answer of a target must pass, whatever the scenario (registered with stable ids
 * in a CheckRegistry, src/results/check-registry.ts), derived from the specs:
 *   response.x-correlator-echoed    a valid x-correlator sent is echoed unchanged (Commonalities design guide 5.8.5)
 *   response.json-body              a body the operation documents is JSON
 *   response.status-documented      the status is documented for the operation
 *   response.content-type           the content type is the documented one (none where no content is documented)
 *   response.schema                 the body matches the documented schema (CAMARA narrows ErrorInfo status/code by enum)
 *   response.error-info             an ErrorInfo's status equals the HTTP status, and its code is one the
 *                                   operation documents for that status (also where a spec does not narrow them)
 */
import type { OperationSpec } from "../openapi/operations.ts";
import { X_CORRELATOR_PATTERN } from "../openapi/correlator.ts";
import type { ResponseValidator, ResponseAspect } from "../openapi/validation/response-validator.ts";
import { CheckRegistry, PASS, type Check, type CheckOutcome } from "../results/check-registry.ts";
import type { Exchange } from "../results/results.ts";

/** One answer, with the operation it answers (when the path is one of the specs') and its validator. */
export interface Answer {
  exchange: Exchange;
  /** "METHOD /path", for messages */
  where: string;
  op?: OperationSpec;
  validator?: ResponseValidator;
}

const skip = (reason: string): CheckOutcome => ({ status: "skip", reason });

/** The parsed body: undefined when empty, a marker when it is not JSON. */
const NOT_JSON = Symbol("not JSON");
function bodyOf(a: Answer): unknown {
  const text = a.exchange.response?.body;
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

const xCorrelatorEchoed: Check<Answer> = {
  id: "response.x-correlator-echoed",
  rule: "Commonalities design guide 5.8.5: a valid x-correlator sent is echoed unchanged",
  run(a) {
    const res = a.exchange.response;
    const sent = a.exchange.request.headers["x-correlator"];
    if (!res || !sent || !X_CORRELATOR_PATTERN.test(sent)) return skip("no valid x-correlator was sent");
    if (res.headers["x-correlator"] === sent) return PASS;
    return {
      status: "fail",
      message: `${a.where}: x-correlator not echoed`,
      expected: `x-correlator: ${sent}`,
      received: `x-correlator: ${res.headers["x-correlator"] ?? "(absent)"}`,
    };
  },
};

const jsonBody: Check<Answer> = {
  id: "response.json-body",
  rule: "the body of a CAMARA answer is JSON",
  run(a) {
    if (!a.op || !a.exchange.response) return skip("not an operation of the specs");
    if (bodyOf(a) !== NOT_JSON) return PASS;
    return { status: "fail", message: `${a.where}: the body is not JSON`, expected: "a JSON body", received: a.exchange.response.body!.slice(0, 200) };
  },
};

function documented(id: string, aspect: ResponseAspect, rule: string): Check<Answer> {
  return {
    id,
    rule,
    run(a) {
      const res = a.exchange.response;
      if (!a.op || !a.validator || !res) return skip("not an operation of the specs");
      const body = bodyOf(a);
      if (body === NOT_JSON) return skip("the body is not JSON (response.json-body)");
      const violation = a.validator.violation(res.status, res.headers["content-type"], body);
      if (!violation || violation.aspect !== aspect) return PASS;
      return {
        status: "fail",
        message: `answer does not conform to the spec: ${violation.message}`,
        expected: `an answer documented by ${a.op.operationId}`,
        received: `${res.status} ${res.headers["content-type"] ?? ""} ${(res.body ?? "").slice(0, 300)}`,
      };
    },
  };
}

const errorInfo: Check<Answer> = {
  id: "response.error-info",
  rule: "Commonalities design guide 3.2: ErrorInfo.status is the HTTP status; ErrorInfo.code is documented for it",
  run(a) {
    const res = a.exchange.response;
    const body = bodyOf(a) as { status?: unknown; code?: unknown } | undefined;
    if (!a.op || !res || res.status < 400 || !body || typeof body !== "object" || typeof body.code !== "string") return skip("not an ErrorInfo answer");
    const codes = a.op.errorCodes.get(res.status);
    const wrongStatus = body.status !== res.status;
    const wrongCode = codes !== undefined && codes.size > 0 && !codes.has(body.code);
    if (!wrongStatus && !wrongCode) return PASS;
    return {
      status: "fail",
      message: `${a.where}: ErrorInfo ${wrongStatus ? `status ${String(body.status)} is not the HTTP status ${res.status}` : `code ${body.code} is not documented for ${res.status}`}`,
      expected: `ErrorInfo {status: ${res.status}, code: ${codes && codes.size > 0 ? [...codes].join(" | ") : "any"}}`,
      received: `ErrorInfo {status: ${String(body.status)}, code: ${body.code}}`,
    };
  },
};

/** The registry of answer checks, in the order a failure is reported. */
export const ANSWER_CHECKS = new CheckRegistry<Answer>()
  .register(xCorrelatorEchoed)
  .register(jsonBody)
  .register(documented("response.status-documented", "status", "OpenAPI: the status is documented for the operation"))
  .register(documented("response.content-type", "content-type", "OpenAPI: the content type is documented for the status"))
  .register(documented("response.schema", "schema", "OpenAPI: the body matches the schema documented for the status and content type"))
  .register(errorInfo);
