/**
 * The wire contract of an OpenAPI document: everything a client or a server can observe on the wire
 * (paths, methods, operationIds, parameters, schemas, status codes, media types, headers, scopes,
 * callbacks and the (status, code) pairs of every ErrorInfo answer), with all prose removed.
 *
 * Two documents have the same wire contract when their contracts flatten to the same lines. This is
 * how our own specs are held to the official CAMARA files without copying their text.
 */
import SwaggerParser from "@apidevtools/swagger-parser";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Schema keywords that change what is valid on the wire. Everything else (prose, examples, x-*) is dropped. */
const SCHEMA_KEYWORDS = new Set([
  "type", "format", "enum", "pattern", "default", "nullable", "readOnly", "writeOnly", "deprecated",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
  "required", "properties", "additionalProperties", "items", "allOf", "anyOf", "oneOf", "not", "discriminator",
]);

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface ContractLine {
  key: string;
  value: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Keeps the wire-relevant keywords of a schema, recursively; order-insensitive lists are sorted. */
export function normaliseSchema(schema: unknown, seen: Set<unknown> = new Set()): Json {
  if (!isObject(schema)) return (schema ?? null) as Json;
  if (seen.has(schema)) return "[circular]";
  seen.add(schema);
  const out: JsonObject = {};
  for (const key of Object.keys(schema).sort()) {
    if (!SCHEMA_KEYWORDS.has(key)) continue;
    const value = schema[key];
    switch (key) {
      case "properties": {
        const props: JsonObject = {};
        for (const name of Object.keys(value as JsonObject).sort()) {
          props[name] = normaliseSchema((value as JsonObject)[name], seen);
        }
        out[key] = props;
        break;
      }
      case "items":
      case "not":
        out[key] = normaliseSchema(value, seen);
        break;
      case "additionalProperties":
        out[key] = typeof value === "boolean" ? value : normaliseSchema(value, seen);
        break;
      case "allOf":
      case "anyOf":
      case "oneOf":
        out[key] = (value as Json[]).map((item) => normaliseSchema(item, seen));
        break;
      case "required":
        out[key] = [...(value as string[])].sort();
        break;
      case "enum":
        out[key] = [...(value as Json[])].map((v) => JSON.stringify(v)).sort();
        break;
      case "discriminator": {
        const d = value as JsonObject;
        out[key] = {
          propertyName: d.propertyName ?? null,
          mappingKeys: Object.keys((d.mapping as JsonObject | undefined) ?? {}).sort(),
        };
        break;
      }
      default:
        out[key] = value;
    }
  }
  seen.delete(schema);
  return out;
}

/** Every (status, code) pair an error response schema allows, e.g. "400 INVALID_ARGUMENT". */
export function errorPairs(httpStatus: string, schema: unknown): string[] {
  const statuses = new Set<string>();
  const codes = new Set<string>();
  const visit = (node: unknown, seen: Set<unknown>) => {
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    const props = node.properties;
    if (isObject(props)) {
      const status = props.status;
      const code = props.code;
      if (isObject(status) && Array.isArray(status.enum)) status.enum.forEach((s) => statuses.add(String(s)));
      if (isObject(code) && Array.isArray(code.enum)) code.enum.forEach((c) => codes.add(String(c)));
    }
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((item) => visit(item, seen));
    }
  };
  visit(schema, new Set());
  if (codes.size === 0) return [];
  const statusList = statuses.size > 0 ? [...statuses] : [httpStatus];
  const pairs: string[] = [];
  for (const s of statusList) for (const c of codes) pairs.push(`${s} ${c}`);
  return pairs.sort();
}

function emit(lines: ContractLine[], key: string, value: unknown): void {
  lines.push({ key, value: JSON.stringify(value) });
}

/** Flattens a normalised schema into one line per leaf keyword, so a diff names the exact spot. */
function emitSchema(lines: ContractLine[], prefix: string, schema: Json): void {
  if (!isObject(schema)) {
    emit(lines, prefix, schema);
    return;
  }
  const keys = Object.keys(schema);
  if (keys.length === 0) emit(lines, prefix, {});
  for (const key of keys) {
    const value = schema[key];
    if (key === "properties" && isObject(value)) {
      emit(lines, `${prefix}.properties(names)`, Object.keys(value));
      for (const name of Object.keys(value)) emitSchema(lines, `${prefix}.properties.${name}`, value[name]);
    } else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) {
      emit(lines, `${prefix}.${key}(length)`, value.length);
      value.forEach((item, i) => emitSchema(lines, `${prefix}.${key}[${i}]`, item));
    } else if ((key === "items" || key === "not" || key === "additionalProperties") && isObject(value)) {
      emitSchema(lines, `${prefix}.${key}`, value);
    } else {
      emit(lines, `${prefix}.${key}`, value);
    }
  }
}

function emitOperation(lines: ContractLine[], prefix: string, op: JsonObject, pathParams: Json[]): void {
  emit(lines, `${prefix}.operationId`, op.operationId ?? null);

  const params = [...pathParams, ...((op.parameters as Json[] | undefined) ?? [])].filter(isObject);
  const byKey = new Map<string, JsonObject>();
  for (const p of params) {
    const name = p.in === "header" ? String(p.name).toLowerCase() : String(p.name);
    byKey.set(`${p.in}:${name}`, p); // operation-level parameters override path-level ones
  }
  emit(lines, `${prefix}.parameters(names)`, [...byKey.keys()].sort());
  for (const [key, p] of [...byKey.entries()].sort()) {
    emit(lines, `${prefix}.parameters.${key}.required`, p.required === true);
    emitSchema(lines, `${prefix}.parameters.${key}.schema`, normaliseSchema(p.schema));
  }

  const body = op.requestBody;
  if (isObject(body)) {
    emit(lines, `${prefix}.requestBody.required`, body.required === true);
    const content = (body.content as JsonObject | undefined) ?? {};
    emit(lines, `${prefix}.requestBody.mediaTypes`, Object.keys(content).sort());
    for (const media of Object.keys(content).sort()) {
      emitSchema(lines, `${prefix}.requestBody.${media}`, normaliseSchema((content[media] as JsonObject).schema));
    }
  } else {
    emit(lines, `${prefix}.requestBody`, null);
  }

  const responses = (op.responses as JsonObject | undefined) ?? {};
  emit(lines, `${prefix}.responses(statuses)`, Object.keys(responses).sort());
  for (const status of Object.keys(responses).sort()) {
    const res = responses[status] as JsonObject;
    const rp = `${prefix}.responses.${status}`;
    const headers = (res.headers as JsonObject | undefined) ?? {};
    emit(lines, `${rp}.headers`, Object.keys(headers).map((h) => h.toLowerCase()).sort());
    for (const h of Object.keys(headers).sort()) {
      const header = headers[h] as JsonObject;
      emit(lines, `${rp}.headers.${h.toLowerCase()}.required`, header.required === true);
      emitSchema(lines, `${rp}.headers.${h.toLowerCase()}.schema`, normaliseSchema(header.schema));
    }
    const content = (res.content as JsonObject | undefined) ?? {};
    emit(lines, `${rp}.mediaTypes`, Object.keys(content).sort());
    const pairs = new Set<string>();
    for (const media of Object.keys(content).sort()) {
      const schema = (content[media] as JsonObject).schema;
      emitSchema(lines, `${rp}.${media}`, normaliseSchema(schema));
      errorPairs(status, schema).forEach((p) => pairs.add(p));
    }
    emit(lines, `${rp}.errorCodes`, [...pairs].sort());
  }

  const security = op.security as Json[] | undefined;
  emit(
    lines,
    `${prefix}.security`,
    security === undefined
      ? "(document default)"
      : security
          .filter(isObject)
          .map((req) =>
            Object.keys(req)
              .sort()
              .map((scheme) => `${scheme}[${[...((req[scheme] as string[]) ?? [])].sort().join(" ")}]`)
              .join(" + "),
          )
          .sort(),
  );

  const callbacks = (op.callbacks as JsonObject | undefined) ?? {};
  emit(lines, `${prefix}.callbacks`, Object.keys(callbacks).sort());
  for (const name of Object.keys(callbacks).sort()) {
    const cb = callbacks[name] as JsonObject;
    for (const expression of Object.keys(cb).sort()) {
      emitPathItem(lines, `${prefix}.callbacks.${name}[${expression}]`, cb[expression] as JsonObject);
    }
  }
}

function emitPathItem(lines: ContractLine[], prefix: string, item: JsonObject): void {
  const methods = HTTP_METHODS.filter((m) => isObject(item[m]));
  emit(lines, `${prefix}(methods)`, methods.map((m) => m.toUpperCase()));
  const pathParams = (item.parameters as Json[] | undefined) ?? [];
  for (const m of methods) emitOperation(lines, `${prefix} ${m.toUpperCase()}`, item[m] as JsonObject, pathParams);
}

/** The base path of the first server, with the `{apiRoot}` prefix removed: "/quality-on-demand/v1". */
export function basePath(doc: JsonObject): string {
  const servers = (doc.servers as Json[] | undefined) ?? [];
  const first = servers.find(isObject);
  const url = first ? String(first.url) : "";
  return url.replace(/^\{apiRoot\}/, "").replace(/^https?:\/\/[^/]+/, "");
}

/** Flattens a dereferenced document into sorted contract lines. */
export function contractLines(doc: JsonObject): ContractLine[] {
  const lines: ContractLine[] = [];
  emit(lines, "openapi", doc.openapi ?? null);
  emit(lines, "basePath", basePath(doc));
  const schemes = ((doc.components as JsonObject | undefined)?.securitySchemes as JsonObject | undefined) ?? {};
  for (const name of Object.keys(schemes).sort()) {
    const s = schemes[name] as JsonObject;
    emit(lines, `securitySchemes.${name}`, { type: s.type ?? null, scheme: s.scheme ?? null, in: s.in ?? null });
  }
  emit(lines, "security", doc.security ?? null);
  const paths = (doc.paths as JsonObject | undefined) ?? {};
  emit(lines, "paths", Object.keys(paths).sort());
  for (const p of Object.keys(paths).sort()) emitPathItem(lines, p, paths[p] as JsonObject);
  return lines;
}

/** Loads (bundling external refs) and fully dereferences an OpenAPI file. */
export async function loadDereferenced(file: string): Promise<JsonObject> {
  return (await loadDereferencedFrom(file)).doc;
}

/** loadDereferenced, with every file read for it: the file itself and the files its $refs point to. */
export async function loadDereferencedFrom(file: string): Promise<{ doc: JsonObject; files: string[] }> {
  const parser = new SwaggerParser();
  const doc = (await parser.dereference(file)) as unknown as JsonObject;
  return { doc, files: parser.$refs.paths("file") };
}

export interface ContractDifference {
  key: string;
  ours: string | undefined;
  official: string | undefined;
}

/** Lines present in one contract and not the other, or with another value. Empty means equal. */
export function diffContracts(ours: ContractLine[], official: ContractLine[]): ContractDifference[] {
  const a = new Map(ours.map((l) => [l.key, l.value]));
  const b = new Map(official.map((l) => [l.key, l.value]));
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys
    .filter((k) => a.get(k) !== b.get(k))
    .map((key) => ({ key, ours: a.get(key), official: b.get(key) }));
}

export async function compareFiles(oursFile: string, officialFile: string): Promise<ContractDifference[]> {
  const [ours, official] = await Promise.all([loadDereferenced(oursFile), loadDereferenced(officialFile)]);
  return diffContracts(contractLines(ours), contractLines(official));
}

export function formatDifferences(diffs: ContractDifference[]): string {
  return diffs
    .map((d) => `${d.key}\n    ours:     ${d.ours ?? "(absent)"}\n    official: ${d.official ?? "(absent)"}`)
    .join("\n");
}
