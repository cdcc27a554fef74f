/**
 * Every API scope the served specs declare (CAMARA design guide §6.6: `api-name:[resource:]action`),
 * read once at start-up from the `security` requirements of specs/*. Used for `scopes_supported`, to
 * tell unknown scopes from refused ones, and to expand an Open Gateway purpose into API scopes.
 */
import { readFileSync } from "node:fs";
// js-yaml: about five times faster than the yaml package on these files, which matters at start-up
import { load as parse } from "js-yaml";
import { filesStamp, listSpecFiles, SPECS_DIR } from "../openapi/catalogue.ts";

type JsonObject = Record<string, unknown>;
const METHODS = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];

/** per specs folder, the state of its files when their scopes were read, and the scopes */
const read = new Map<string, { stamp: string; scopes: string[] }>();

/**
 * Sorted, de-duplicated scopes of every operation of every spec under `specsDir`; read again only
 * when a spec file is added, removed or changed (every mock and workspace of a process shares them).
 */
export function loadKnownScopes(specsDir: string = SPECS_DIR): string[] {
  const files = listSpecFiles(specsDir);
  const stamp = filesStamp(files.map((f) => f.file));
  const known = read.get(specsDir);
  if (known?.stamp === stamp) return known.scopes;
  const scopes = readScopes(files);
  read.set(specsDir, { stamp, scopes });
  return scopes;
}

function readScopes(files: ReturnType<typeof listSpecFiles>): string[] {
  const scopes = new Set<string>();
  for (const spec of files) {
    const doc = parse(readFileSync(spec.file, "utf8")) as JsonObject;
    collect(doc.security, scopes);
    for (const item of Object.values((doc.paths ?? {}) as Record<string, JsonObject>)) {
      for (const method of METHODS) collect((item[method] as JsonObject | undefined)?.security, scopes);
    }
  }
  return [...scopes].sort();
}

function collect(security: unknown, into: Set<string>): void {
  if (!Array.isArray(security)) return;
  for (const requirement of security as Record<string, unknown>[]) {
    for (const list of Object.values(requirement ?? {})) {
      if (Array.isArray(list)) list.forEach((s) => into.add(String(s)));
    }
  }
}

/** The API a scope belongs to: the part before the first colon. */
export function scopeApi(scope: string): string {
  return scope.split(":")[0];
}
