/** Validators for the JSON bodies of specs/operator-auth/1.0.0.yaml, compiled once per test file. */
import { join } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createAjv } from "../../src/openapi/validation/ajv.ts";
import { PROJECT_ROOT } from "../../src/core/paths.ts";

export const AUTH_SPEC_FILE = join(PROJECT_ROOT, "specs", "operator-auth", "1.0.0.yaml");

export type BodyValidator = (path: string, method: string, status: number, body: unknown) => string | undefined;

export async function loadBodyValidator(): Promise<BodyValidator> {
  const doc = (await SwaggerParser.dereference(AUTH_SPEC_FILE)) as any;
  const ajv = createAjv({ allErrors: true });
  const cache = new Map<string, ReturnType<typeof ajv.compile>>();
  return (path, method, status, body) => {
    const key = `${method} ${path} ${status}`;
    let validate = cache.get(key);
    if (!validate) {
      const schema = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.["application/json"]?.schema;
      if (!schema) return `no JSON schema for ${key}`;
      validate = ajv.compile(schema);
      cache.set(key, validate);
    }
    return validate(body) ? undefined : ajv.errorsText(validate.errors);
  };
}
