/**
 * How a test definition's words reach our specs: `the resource "/quality-on-demand/v1/sessions"`
 * names an API (its first path segment) and a path below the base path; `the request "createSession"
 * is sent` names an operation. Both are looked up in the specs of the release the target implements,
 * so one feature file runs against any release that has the API, whatever its base path.
 */
import type { ApiSpec, OperationSpec } from "../openapi/operations.ts";

type Schema = Record<string, unknown>;

export interface ResourceRef {
  api: string;
  /** the version segment the file names, e.g. "v1" */
  versionSegment?: string;
  /** path template below the base path, e.g. "/sessions/{sessionId}" ("" for a base URL) */
  path: string;
  /** the text as written */
  raw: string;
}

/** `/quality-on-demand/v1/sessions/{sessionId}` → api, version segment, path; undefined if not a path. */
export function parseResource(raw: string): ResourceRef | undefined {
  // older files name the resource without its leading slash ("sim-swap/v1/check")
  const text = raw.trim().replace(/^\{apiroot\}/i, "").replace(/\/+$/, "").replace(/^(?=[a-z0-9])/, "/");
  // older files also write the API name with underscores ("/quality_on_demand/v0.11/...")
  const m = /^\/([a-z0-9][a-z0-9_-]*)(?:\/(v[0-9][^/]*))?(\/.*)?$/.exec(text);
  if (!m || /[<>]/.test(text)) return undefined;
  return { api: m[1].replace(/_/g, "-"), versionSegment: m[2], path: m[3] ?? "", raw };
}

export class SpecIndex {
  private readonly byApi = new Map<string, ApiSpec>();

  constructor(specs: ApiSpec[]) {
    for (const s of specs) if (s.basePath) this.byApi.set(s.api, s);
  }

  api(name: string): ApiSpec | undefined {
    return this.byApi.get(name);
  }

  /**
   * The API one of whose operation paths begins with this segment (older Number Verification files
   * name "/device-phone-number/v1" as a base url: it is number-verification's operation path).
   */
  apiServing(segment: string): string | undefined {
    return [...this.byApi.values()].find((s) => s.operations.some((o) => o.path.split("/")[1] === segment))?.api;
  }

  apis(): ApiSpec[] {
    return [...this.byApi.values()];
  }

  operation(api: string, operationId: string): OperationSpec | undefined {
    return this.byApi.get(api)?.operations.find((o) => o.operationId === operationId);
  }

  /** An operation by id in any API (a template names only the operation). */
  operationAnywhere(operationId: string): OperationSpec | undefined {
    for (const s of this.byApi.values()) {
      const op = s.operations.find((o) => o.operationId === operationId);
      if (op) return op;
    }
    return undefined;
  }

  /** Operations of the API on a path template (parameter names ignored), e.g. GET and DELETE /sessions/{id}. */
  operationsAt(api: string, path: string): OperationSpec[] {
    const shape = (p: string) => p.replace(/\{[^}]+\}/g, "{}").replace(/\/+$/, "");
    return this.byApi.get(api)?.operations.filter((o) => shape(o.path) === shape(path)) ?? [];
  }

  /**
   * The operation that creates the resources of an API: a POST answering 201, preferring one whose
   * path is the collection of `resourcePath` (`/sessions` for `/sessions/{sessionId}`).
   */
  createOperation(api: string, resourcePath = ""): OperationSpec | undefined {
    const creators = this.byApi.get(api)?.operations.filter((o) => o.method === "POST" && o.responses["201"]) ?? [];
    return creators.find((o) => resourcePath.startsWith(`${o.path}/`)) ?? creators[0];
  }

  /** The operation on `{collection}/{id}` with the given method, for a create operation's resources. */
  itemOperation(create: OperationSpec, method: "GET" | "DELETE"): OperationSpec | undefined {
    return this.byApi
      .get(create.api)
      ?.operations.find((o) => o.method === method && new RegExp(`^${escape(create.path)}/\\{[^}]+\\}$`).test(o.path));
  }

  /** A component schema by its name or reference (`#/components/schemas/X`, `/components/schemas/X`, `X`). */
  schema(api: string, ref: string): { name: string; schema: Schema } | undefined {
    const name = ref.trim().replace(/^#+/, "").split("/").filter(Boolean).pop() ?? "";
    const schemas = ((this.byApi.get(api)?.doc.components as { schemas?: Record<string, Schema> } | undefined)?.schemas ?? {}) as Record<string, Schema>;
    if (schemas[name]) return { name, schema: schemas[name] };
    // same name spelled differently across versions (DeviceIpv4Addr / DeviceIpv4Address)
    const loose = (s: string) => s.toLowerCase().replace(/address$/, "addr");
    const found = Object.keys(schemas).find((k) => loose(k) === loose(name));
    if (found) return { name: found, schema: schemas[found] };
    // a schema our spec inlines: the property of that name (PhoneNumber -> phoneNumber) in a request body
    const lowerFirst = (n: string) => n.charAt(0).toLowerCase() + n.slice(1);
    const properties = [lowerFirst(name), lowerFirst(name.replace(/^Device(?=[A-Z])/, ""))];
    for (const property of new Set(properties)) {
      for (const op of this.byApi.get(api)?.operations ?? []) {
        const found = findProperty(op.requestBody?.schema, property, 3);
        if (found) return { name: `${name} (inline: property ${property} of the ${op.operationId} request)`, schema: found };
      }
    }
    return undefined;
  }

  /** The component name of an operation's request body schema, when it is a named component. */
  requestSchemaName(op: OperationSpec): string | undefined {
    const schemas = ((this.byApi.get(op.api)?.doc.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {}) as Record<string, unknown>;
    return Object.entries(schemas).find(([, v]) => v === op.requestBody?.schema)?.[0];
  }
}

/** The schema of a property of that name at most `depth` levels down (through allOf/anyOf/oneOf). */
function findProperty(schema: unknown, name: string, depth: number): Schema | undefined {
  if (!schema || typeof schema !== "object" || depth < 0) return undefined;
  const s = schema as Schema & { properties?: Record<string, Schema>; allOf?: Schema[]; anyOf?: Schema[]; oneOf?: Schema[] };
  if (s.properties?.[name]) return s.properties[name];
  for (const sub of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
    const f = findProperty(sub, name, depth);
    if (f) return f;
  }
  for (const p of Object.values(s.properties ?? {})) {
    const f = findProperty(p, name, depth - 1);
    if (f) return f;
  }
  return undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
