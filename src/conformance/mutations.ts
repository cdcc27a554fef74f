/**
 * Schema-violating variants of a valid request body, derived from the operation's schema and chosen
 * with a seeded generator (same seed, same cases). Every variant is checked with Ajv to really violate
 * the schema before it is used, so a scenario never blames a target for accepting a valid body.
 */
import type { ValidateFunction } from "ajv";
import { createAjv } from "../openapi/validation/ajv.ts";
import { effective } from "../openapi/schema-view.ts";

type Schema = Record<string, any>;

export interface BodyMutation {
  /** short stable name, part of the scenario id, e.g. "duration-below-minimum" */
  name: string;
  description: string;
  body: unknown;
  /** a numeric range violation: OUT_OF_RANGE is as good as INVALID_ARGUMENT */
  range: boolean;
  /** an E.164 phone number of the wrong form: 422 INVALID_PHONE_NUMBER is as good where documented */
  phoneNumber?: boolean;
}

/** A small deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REMOVE = Symbol("remove");

interface Candidate {
  name: string;
  description: string;
  path: string[];
  value: unknown;
  range: boolean;
  phoneNumber?: boolean;
}

const E164 = "^\\+[1-9][0-9]{4,14}$";

function setAt(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, any>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1];
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return copy;
}

function candidates(schema: Schema, body: unknown, path: string[], out: Candidate[], depth: number): void {
  const s = effective(schema);
  if (!body || typeof body !== "object" || Array.isArray(body)) return;
  for (const req of s.required ?? []) {
    if (!(req in (body as object))) continue;
    const p = [...path, req];
    out.push({ name: `${p.join("-")}-missing`, description: `required ${p.join(".")} left out`, path: p, value: REMOVE, range: false });
  }
  for (const [key, value] of Object.entries(body as object)) {
    const prop = effective(s.properties?.[key]);
    const p = [...path, key];
    const phone = prop.pattern === E164;
    const add = (suffix: string, description: string, v: unknown, range = false) =>
      out.push({ name: `${p.join("-")}-${suffix}`, description: `${p.join(".")} ${description}`, path: p, value: v, range, phoneNumber: phone && typeof v === "string" });
    const type = prop.type;
    if (type === "string") add("wrong-type", "is a number instead of a string", 12345);
    if (type === "integer" || type === "number") add("wrong-type", "is a string instead of a number", "not-a-number");
    if (type === "boolean") add("wrong-type", "is a string instead of a boolean", "yes");
    if (type === "object") add("wrong-type", "is a string instead of an object", "not-an-object");
    if (type === "array") add("wrong-type", "is an object instead of an array", {});
    if (Array.isArray(prop.enum)) add("not-in-enum", "is not one of the allowed values", "NOT_AN_ALLOWED_VALUE");
    if (typeof prop.pattern === "string") add("pattern", "does not match its pattern", "#not valid here#");
    if (typeof prop.minimum === "number") add("below-minimum", `is below its minimum ${prop.minimum}`, prop.minimum - 1, true);
    if (typeof prop.maximum === "number" && prop.maximum < 2 ** 31 - 1) {
      add("above-maximum", `is above its maximum ${prop.maximum}`, prop.maximum + 1, true);
    }
    if (typeof prop.maxLength === "number" && prop.maxLength < 5000) {
      add("too-long", `is longer than ${prop.maxLength}`, "x".repeat(prop.maxLength + 1));
    }
    if (type === "object" && (prop.minProperties ?? 0) > 0) add("empty", "is an empty object", {});
    if (depth < 2 && value && typeof value === "object" && !Array.isArray(value)) candidates(prop, value, p, out, depth + 1);
  }
}

/** Up to `limit` schema-violating variants of `validBody`, picked with the seed. */
export function bodyMutations(schema: Schema, validBody: unknown, seed: number, limit: number): BodyMutation[] {
  const validate: ValidateFunction = createAjv().compile(schema);
  const raw: Candidate[] = [];
  candidates(schema, validBody, [], raw, 0);
  const real: BodyMutation[] = [];
  for (const c of raw) {
    const body = setAt(validBody, c.path, c.value);
    if (!validate(body)) real.push({ name: c.name, description: c.description, body, range: c.range, phoneNumber: c.phoneNumber });
  }
  if ((effective(schema).required ?? []).length > 0 && !validate({})) {
    real.push({ name: "empty-object", description: "body is {}", body: {}, range: false });
  }
  const random = seededRandom(seed);
  const shuffled = real.map((m) => ({ m, k: random() })).sort((a, b) => a.k - b.k).map((x) => x.m);
  return shuffled.slice(0, limit).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The valid body with one property no schema declares, placed in the first nested object (depth <= 2)
 * or at the top: what Commonalities 0.8 request body strictness refuses with 400 INVALID_ARGUMENT.
 */
export function withUndeclaredProperty(validBody: unknown): { body: unknown; where: string } | undefined {
  if (!validBody || typeof validBody !== "object" || Array.isArray(validBody)) return undefined;
  const copy = structuredClone(validBody) as Record<string, any>;
  const path: string[] = [];
  let node = copy;
  for (let depth = 0; depth < 2; depth++) {
    const key = Object.keys(node).find((k) => node[k] && typeof node[k] === "object" && !Array.isArray(node[k]));
    if (!key) break;
    path.push(key);
    node = node[key];
  }
  node.undeclaredProperty = "not in the API definition";
  return { body: copy, where: [...path, "undeclaredProperty"].join(".") };
}
