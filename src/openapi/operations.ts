/**
 * The operation index: every operation of every served spec, with what the mock and the runner need
 * to know about it (route, parameters, body and response schemas, scopes, documented error codes).
 * Built once at start-up from the dereferenced specs.
 */
import { filesStamp, listSpecFiles, type SpecFile } from "./catalogue.ts";
import { basePath, errorPairs, loadDereferencedFrom } from "./contract.ts";

type JsonObject = Record<string, unknown>;

export interface ParameterSpec {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: JsonObject;
}

export interface ResponseSpec {
  /** media type -> schema */
  content: Record<string, JsonObject | undefined>;
  headers: string[];
}

export interface OperationSpec {
  api: string;
  version: string;
  basePath: string;
  operationId: string;
  method: string;
  /** path template relative to the base path, e.g. "/sessions/{sessionId}" */
  path: string;
  parameters: ParameterSpec[];
  requestBody?: { required: boolean; schema: JsonObject | undefined; mediaTypes: string[] };
  responses: Record<string, ResponseSpec>;
  /** security alternatives: each entry is a list of scopes that together suffice; [] = no security */
  scopes: string[][];
  /** documented error codes per HTTP status, e.g. 400 -> {INVALID_ARGUMENT, OUT_OF_RANGE} */
  errorCodes: Map<number, Set<string>>;
}

export interface ApiSpec {
  api: string;
  version: string;
  title: string;
  basePath: string;
  file: SpecFile;
  doc: JsonObject;
  operations: OperationSpec[];
}

const METHODS = ["get", "put", "post", "delete", "patch"];

export function indexOperations(file: SpecFile, doc: JsonObject): ApiSpec {
  const base = basePath(doc as never);
  const operations: OperationSpec[] = [];
  const paths = (doc.paths ?? {}) as Record<string, JsonObject>;
  const docSecurity = doc.security as JsonObject[] | undefined;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method] as JsonObject | undefined;
      if (!op) continue;
      const params = new Map<string, ParameterSpec>();
      for (const p of [...((item.parameters as JsonObject[]) ?? []), ...((op.parameters as JsonObject[]) ?? [])]) {
        const name = p.in === "header" ? String(p.name).toLowerCase() : String(p.name);
        params.set(`${p.in}:${name}`, {
          name,
          in: p.in as ParameterSpec["in"],
          required: p.required === true,
          schema: (p.schema ?? {}) as JsonObject,
        });
      }
      const body = op.requestBody as JsonObject | undefined;
      const bodyContent = (body?.content ?? {}) as Record<string, JsonObject>;
      const responses: Record<string, ResponseSpec> = {};
      const errorCodes = new Map<number, Set<string>>();
      for (const [status, res] of Object.entries((op.responses ?? {}) as Record<string, JsonObject>)) {
        const content: Record<string, JsonObject | undefined> = {};
        for (const [media, m] of Object.entries((res.content ?? {}) as Record<string, JsonObject>)) {
          content[media] = m.schema as JsonObject | undefined;
          for (const pair of errorPairs(status, m.schema)) {
            const [s, code] = pair.split(" ");
            const set = errorCodes.get(Number(s)) ?? new Set<string>();
            set.add(code);
            errorCodes.set(Number(s), set);
          }
        }
        responses[status] = { content, headers: Object.keys((res.headers ?? {}) as JsonObject).map((h) => h.toLowerCase()) };
      }
      const security = (op.security as JsonObject[] | undefined) ?? docSecurity ?? [];
      operations.push({
        api: file.api,
        version: file.version,
        basePath: base,
        operationId: String(op.operationId),
        method: method.toUpperCase(),
        path,
        parameters: [...params.values()],
        requestBody: body
          ? {
              required: body.required === true,
              schema: Object.values(bodyContent)[0]?.schema as JsonObject | undefined,
              mediaTypes: Object.keys(bodyContent),
            }
          : undefined,
        responses,
        scopes: security.map((req) => Object.values(req).flat() as string[]),
        errorCodes,
      });
    }
  }
  const info = (doc.info ?? {}) as JsonObject;
  return { api: file.api, version: file.version, title: String(info.title ?? file.api), basePath: base, file, doc, operations };
}

/**
 * Loads and indexes every spec under specs/ (or the given files). A file is read once per process
 * while neither it nor a file its $refs point to (specs/common/...) changes (same modification time
 * and size): every mock, workspace and run of the process then gets the same ApiSpec objects, which
 * nobody changes, and the validators compiled for their operations are reused
 * (src/mock/served-operations.ts).
 */
export async function loadApiSpecs(files: SpecFile[] = listSpecFiles()): Promise<ApiSpec[]> {
  return Promise.all(files.map((f) => loadApiSpec(f)));
}

interface Loaded {
  spec: ApiSpec;
  /** every file read for it (the spec and the files its $refs point to), and their state then */
  files: string[];
  stamp: string;
}

/** per spec file: what it was loaded as ("api/version"), and the load */
const loaded = new Map<string, { key: string; load: Promise<Loaded> }>();

/** The spec of a file, loaded once per file version (its stamp, catalogue.ts filesStamp). */
async function loadApiSpec(file: SpecFile): Promise<ApiSpec> {
  const key = `${file.api}/${file.version}`;
  const known = loaded.get(file.file);
  if (known?.key === key) {
    const got = await known.load.catch(() => undefined);
    if (got && filesStamp(got.files) === got.stamp) return got.spec;
  }
  const load = loadDereferencedFrom(file.file).then((r) => ({ spec: indexOperations(file, r.doc), files: r.files, stamp: filesStamp(r.files) }));
  const entry = { key, load };
  loaded.set(file.file, entry);
  try {
    return (await load).spec;
  } catch (error) {
    // a file that fails to load is read again next time (it may have been fixed)
    if (loaded.get(file.file) === entry) loaded.delete(file.file);
    throw error;
  }
}
