/**
 * One merged view of a JSON schema's `allOf` members (properties, required, the keywords a generator
 * or a mutation needs), so code that reads a CAMARA schema does not have to follow `allOf` chains
 * itself (CAMARA specs compose Device, CreateSession... with allOf).
 */
export type Schema = Record<string, any>;

/** Merges allOf members into one view of properties, required and keywords (enough to mutate or sample). */
export function effective(schema: Schema | undefined): Schema {
  if (!schema) return {};
  const out: Schema = { ...schema, properties: { ...(schema.properties ?? {}) }, required: [...(schema.required ?? [])] };
  for (const part of schema.allOf ?? []) {
    const e = effective(part);
    Object.assign(out.properties, e.properties);
    out.required.push(...e.required);
    for (const k of ["type", "enum", "pattern", "minimum", "maximum", "maxLength", "minLength", "format"]) {
      if (e[k] !== undefined && out[k] === undefined) out[k] = e[k];
    }
  }
  return out;
}
