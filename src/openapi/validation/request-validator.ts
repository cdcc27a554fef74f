/**
 * Request validation compiled from the specs at start-up (never on the request path): path, query
 * and header parameters and the JSON body of every operation. A violation becomes
 * 400 INVALID_ARGUMENT naming the field, or 400 OUT_OF_RANGE for a numeric range violation where
 * the operation documents OUT_OF_RANGE (CAMARA design guide, error 400 catalogue), or
 * 422 INVALID_PHONE_NUMBER for a phone number breaking the E.164 pattern where the operation documents
 * that code (Click to Dial 0.1.0: "Caller or callee number is not a valid E.164 phone number").
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import type { OperationSpec } from "../operations.ts";
import { ApiError } from "../../core/errors.ts";
import { jsonDepth, MAX_JSON_DEPTH } from "../../core/json-depth.ts";
import type { MockRequest } from "../../core/http.ts";
import { sharedAjv } from "./ajv.ts";
import { closeSchema, type RefResolver } from "./strict-bodies.ts";

const RANGE_KEYWORDS = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]);

/** The E.164 pattern of CAMARA's PhoneNumber schema (Commonalities). */
export const E164_PATTERN = "^\\+[1-9][0-9]{4,14}$";

/** A phone number that breaks the E.164 pattern (a string of the wrong form, not a wrong type). */
export function isPhoneNumberViolation(error: ErrorObject): boolean {
  return error.keyword === "pattern" && (error.params as { pattern?: string }).pattern === E164_PATTERN;
}

export interface ValidatedInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

interface CompiledParam {
  name: string;
  in: string;
  required: boolean;
  validate: ValidateFunction;
}

export interface RequestValidator {
  validate(req: MockRequest, pathParams: Record<string, string>): ValidatedInput;
}

/** Rewrites `^https:\/\/.+$` sink patterns to also accept http, for --allow-insecure-sinks. */
export function allowHttpSinks(schema: unknown, seen = new Set<unknown>()): unknown {
  if (typeof schema !== "object" || schema === null || seen.has(schema)) return schema;
  seen.add(schema);
  if (Array.isArray(schema)) return schema.map((s) => allowHttpSinks(s, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === "pattern" && v === "^https:\\/\\/.+$" ? "^https?:\\/\\/.+$" : allowHttpSinks(v, seen);
  }
  return out;
}

function describe(error: ErrorObject, where: string): string {
  const path = error.instancePath ? error.instancePath.replace(/^\//, "").replace(/\//g, ".") : "";
  const field = [where, path].filter(Boolean).join(".");
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return `${[field, missing].filter(Boolean).join(".")} is required`;
  }
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return `${[field, extra].filter(Boolean).join(".")} is not allowed`;
  }
  return `${field || "request body"} ${error.message ?? "is invalid"}`;
}

/** Picks the error to report: a range error if there is one, else the deepest, else the first. */
function pick(errors: ErrorObject[]): ErrorObject {
  const range = errors.find((e) => RANGE_KEYWORDS.has(e.keyword));
  if (range) return range;
  const concrete = errors.filter((e) => !["anyOf", "oneOf", "allOf", "if"].includes(e.keyword));
  const pool = concrete.length > 0 ? concrete : errors;
  return pool.reduce((a, b) => (b.instancePath.length > a.instancePath.length ? b : a));
}

export interface RequestValidatorOptions {
  allowInsecureSinks: boolean;
  /**
   * Commonalities 0.8 request body strictness (decided per release): unknown body properties at any
   * depth are 400 INVALID_ARGUMENT. Resolves the spec's discriminator mappings.
   */
  strictBodies?: RefResolver;
}

export function compileRequestValidator(op: OperationSpec, options: RequestValidatorOptions): RequestValidator {
  const ajv = sharedAjv({ allErrors: true });
  const coercing = sharedAjv({ coerceTypes: true });
  const outOfRangeAllowed = op.errorCodes.get(400)?.has("OUT_OF_RANGE") ?? false;
  const invalidPhoneNumber = op.errorCodes.get(422)?.has("INVALID_PHONE_NUMBER") ?? false;
  const fail = (errors: ErrorObject[], where: string): never => {
    const phone = invalidPhoneNumber ? errors.find(isPhoneNumberViolation) : undefined;
    if (phone) throw new ApiError("INVALID_PHONE_NUMBER", `${describe(phone, where)}: not an E.164 phone number`);
    const e = pick(errors);
    const code = RANGE_KEYWORDS.has(e.keyword) && outOfRangeAllowed ? "OUT_OF_RANGE" : "INVALID_ARGUMENT";
    throw new ApiError(code, describe(e, where));
  };

  const params: CompiledParam[] = op.parameters
    .filter((p) => p.name !== "x-correlator" && p.in !== "cookie")
    .map((p) => ({
      name: p.name,
      in: p.in,
      required: p.required,
      // wrapped so that coercion ("5" -> 5 for integer query parameters) can replace the value
      validate: coercing.compile({ type: "object", properties: { v: p.schema } }),
    }));

  const declaredBody = op.requestBody?.schema;
  const bodySchema = declaredBody && options.strictBodies ? closeSchema(declaredBody, options.strictBodies) : declaredBody;
  const bodyValidator = bodySchema
    ? ajv.compile((options.allowInsecureSinks ? allowHttpSinks(bodySchema) : bodySchema) as object)
    : undefined;
  const bodyRequired = op.requestBody?.required ?? false;

  return {
    validate(req, pathParams) {
      const query: Record<string, unknown> = {};
      for (const p of params) {
        const raw = p.in === "path" ? pathParams[p.name] : p.in === "query" ? req.query.get(p.name) : req.headers[p.name];
        if (raw === undefined || raw === null) {
          if (p.required) throw new ApiError("INVALID_ARGUMENT", `${p.in} parameter ${p.name} is required`);
          continue;
        }
        const holder: { v: unknown } = { v: raw };
        if (!p.validate(holder)) {
          const errors = (p.validate.errors ?? []).map((e) => ({ ...e, instancePath: e.instancePath.replace(/^\/v/, "") }));
          fail(errors, `${p.in} parameter ${p.name}`);
        }
        if (p.in === "query") query[p.name] = holder.v;
      }

      let body: unknown = undefined;
      if (bodyValidator) {
        const text = req.body.trim();
        if (text === "") {
          if (bodyRequired) throw new ApiError("INVALID_ARGUMENT", "the request body is required");
        } else {
          const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
          if (type !== "application/json" && !type.endsWith("+json")) {
            throw new ApiError("INVALID_ARGUMENT", `content type must be application/json, got '${type || "none"}'`);
          }
          if (jsonDepth(text) > MAX_JSON_DEPTH) {
            throw new ApiError("INVALID_ARGUMENT", `the request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
          }
          try {
            body = JSON.parse(text);
          } catch {
            throw new ApiError("INVALID_ARGUMENT", "the request body is not valid JSON");
          }
          if (!bodyValidator(body)) fail(bodyValidator.errors ?? [], "");
        }
      }
      return { params: pathParams, query, body };
    },
  };
}
