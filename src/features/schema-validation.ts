/** Ajv validators for spec schemas, compiled once per schema object; http:// sinks allowed (the runner's sink is on loopback). */
import type { ValidateFunction } from "ajv";
import { allowHttpSinks } from "../openapi/validation/request-validator.ts";
import { createAjv } from "../openapi/validation/ajv.ts";

const validators = new WeakMap<object, ValidateFunction>();

export function validatorFor(schema: object): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = createAjv({ allErrors: false }).compile(allowHttpSinks(schema) as object);
    validators.set(schema, v);
  }
  return v;
}

/** undefined when valid, else the first error as "path message". */
export function schemaProblem(schema: object, value: unknown): string | undefined {
  const validate = validatorFor(schema);
  if (validate(value)) return undefined;
  const e = validate.errors?.[0];
  return `${e?.instancePath || "/"} ${e?.message ?? "is invalid"}${e?.params && "allowedValues" in e.params ? ` ${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)}` : ""}`;
}
