/**
 * Commonalities 0.8 "request body strictness" (CAMARA API Design Guide r4.x §3.2.4, mandatory
 * info.description template `request-body-strictness`): a JSON request body holding a property the
 * API definition does not declare, at any nesting level, is 400 INVALID_ARGUMENT.
 *
 * `closeSchema` rewrites a (dereferenced) request body schema so that Ajv rejects such properties:
 * every object schema that leaves `additionalProperties` open gets `additionalProperties: false`,
 * with its declared properties gathered through `allOf` / `anyOf` / `oneOf` parts (a part is not
 * closed on its own, or it would refuse its siblings' properties) and through the schemas a
 * `discriminator.mapping` names (SinkCredential -> AccessTokenCredential, whose properties are then
 * also checked). The original schema is left untouched.
 */
type Schema = Record<string, unknown>;

const COMPOSITIONS = ["allOf", "anyOf", "oneOf"] as const;

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export type RefResolver = (ref: string) => unknown;

/** Resolves "#/components/schemas/X" against a dereferenced document. */
export function refResolver(doc: Schema): RefResolver {
  return (ref) => {
    if (!ref.startsWith("#/")) return undefined;
    let node: unknown = doc;
    for (const part of ref.slice(2).split("/")) node = isSchema(node) ? node[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
    return node;
  };
}

function isObjectSchema(s: Schema): boolean {
  return s.type === "object" || isSchema(s.properties) || COMPOSITIONS.some((k) => Array.isArray(s[k])) || isSchema(s.discriminator);
}

/** Every property a schema declares (name -> its schema), through compositions and discriminator mappings. */
function declared(s: Schema, resolve: RefResolver, seen: Set<Schema>, out: Map<string, unknown>): Map<string, unknown> {
  if (seen.has(s)) return out;
  seen.add(s);
  if (isSchema(s.properties)) for (const [name, p] of Object.entries(s.properties)) if (!out.has(name)) out.set(name, p);
  for (const k of COMPOSITIONS) {
    const parts = s[k];
    if (Array.isArray(parts)) for (const p of parts) if (isSchema(p)) declared(p, resolve, seen, out);
  }
  const mapping = isSchema(s.discriminator) ? s.discriminator.mapping : undefined;
  if (isSchema(mapping)) {
    for (const ref of Object.values(mapping)) {
      const target = typeof ref === "string" ? resolve(ref) : undefined;
      if (isSchema(target)) declared(target, resolve, seen, out);
    }
  }
  return out;
}

export function closeSchema(schema: unknown, resolve: RefResolver): unknown {
  const memo = new Map<Schema, Schema>();

  const walk = (node: unknown, closeHere: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, true));
    if (!isSchema(node)) return node;
    const key = closeHere ? node : undefined;
    if (key && memo.has(key)) return memo.get(key);
    const out: Schema = { ...node };
    if (key) memo.set(key, out);
    if (isSchema(node.properties)) {
      out.properties = Object.fromEntries(Object.entries(node.properties).map(([n, p]) => [n, walk(p, true)]));
    }
    for (const k of COMPOSITIONS) {
      if (Array.isArray(node[k])) out[k] = (node[k] as unknown[]).map((p) => walk(p, false));
    }
    for (const k of ["items", "not"]) if (isSchema(node[k])) out[k] = walk(node[k], true);
    if (isSchema(node.additionalProperties)) out.additionalProperties = walk(node.additionalProperties, true);
    if (closeHere && node.additionalProperties === undefined && isObjectSchema(node)) {
      const names = declared(node, resolve, new Set(), new Map());
      const props = { ...((out.properties as Schema | undefined) ?? {}) };
      for (const [name, p] of names) if (!(name in props)) props[name] = walk(p, true);
      out.properties = props;
      out.additionalProperties = false;
    }
    return out;
  };

  return walk(schema, true);
}
