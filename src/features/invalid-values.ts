/**
 * "The request body property X does not comply with the OAS schema at Y": a value for X that the
 * schema Y rejects, as close to a valid one as possible (a phone number without its "+", an IPv4
 * address with an octet of 256), and that really makes the request body invalid, checked with Ajv
 * before it is sent, so a target is never blamed for accepting a valid body.
 */
import { effective } from "../openapi/schema-view.ts";
import type { OperationSpec } from "../openapi/operations.ts";
import { sample } from "../target/default-body.ts";
import { bodyContext } from "./body-context.ts";
import { validatorFor } from "./schema-validation.ts";
import { getValue, isObject, parsePath, setValue } from "./json-path.ts";
import { fail } from "./outcome.ts";
import type { World } from "./world.ts";

type Schema = Record<string, any>;

function stringNearMisses(s: Schema, current: unknown): unknown[] {
  const out: unknown[] = [];
  if (typeof current === "string" && current.startsWith("+")) out.push(current.slice(1));
  if (s.format === "ipv4") out.push("198.51.100.256");
  if (s.format === "ipv6") out.push("2001:db8::1::2");
  if (s.format === "date-time") out.push("yesterday");
  if (s.format === "uri" || s.format === "url") out.push("not a url");
  if (typeof s.pattern === "string") out.push("#not valid here#");
  if (typeof s.maxLength === "number" && s.maxLength < 5000) out.push("x".repeat(s.maxLength + 1));
  if (typeof s.minLength === "number" && s.minLength > 0) out.push("");
  return out;
}

function candidates(schema: Schema, current: unknown, world: World, op: OperationSpec, path: string[]): unknown[] {
  const s = effective(schema);
  const type = s.type ?? (s.properties ? "object" : undefined);
  const out: unknown[] = [];
  if (type === "string") out.push(...stringNearMisses(s, current), 12345);
  if (type === "integer" || type === "number") out.push("not-a-number", 1.5);
  if (type === "boolean") out.push("yes");
  if (type === "object") {
    const valid = isObject(current) ? current : (sample(schema, path, bodyContext(world, op)) as Record<string, unknown>);
    for (const [key, prop] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      for (const miss of stringNearMisses(effective(prop), valid?.[key])) out.push({ ...valid, [key]: miss });
    }
    out.push("not-an-object");
  }
  if (Array.isArray(s.enum)) out.push("NOT_AN_ALLOWED_VALUE");
  if (typeof s.maximum === "number") out.push(s.maximum + 1);
  if (typeof s.minimum === "number") out.push(s.minimum - 1);
  out.push(12345, "not valid", {}, [], true);
  return out;
}

/** The invalid value for `path` in `body`; `schemaRef` names the schema it must violate. */
export function invalidValueFor(world: World, op: OperationSpec, body: unknown, path: string, schemaRef?: string): unknown {
  const names = parsePath(path).map((s) => ("name" in s ? s.name : "0"));
  const last = names[names.length - 1];
  const named = schemaRef ? world.runtime.specs.schema(op.api, schemaRef) : undefined;
  if (schemaRef && !named) world.note(`the spec of ${op.api} defines no schema '${schemaRef}': the value only has to break the request body schema`);
  let sub = named?.schema;
  if (sub && last && isObject(effective(sub).properties) && effective(sub).properties[last]) sub = effective(sub).properties[last];
  const bodySchema = op.requestBody?.schema as object | undefined;
  const bodyValid = bodySchema ? validatorFor(bodySchema) : undefined;
  const own = sub ? validatorFor(sub) : undefined;
  const current = getValue(body, path);
  for (const c of candidates(sub ?? {}, current, world, op, names)) {
    if (own && own(c)) continue;
    if (bodyValid && bodyValid(setValue(body, path, c))) continue;
    return c;
  }
  // a property the request body schema does not define (older files: "$.device.networkIdentifier"):
  // any value of it leaves the body valid, so the expected 400 cannot follow from it
  if (current === undefined && bodyValid && bodyValid(setValue(body, path, "not valid"))) {
    fail(`no value of ${path} breaks the request body of ${op.operationId}: its schema does not define that property`, `a value of ${path} violating ${schemaRef ?? "the schema"}`, "every value accepted by the request body schema");
  }
  throw new Error(`no value found for ${path} that violates ${schemaRef ?? "the request body schema"}`);
}
