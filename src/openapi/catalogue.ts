/**
 * Which spec files exist and what they stand for. Specs live at `specs/<api>/<version>.yaml`;
 * the API name and version come from the path, the base path from `servers[0].url`.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

import { PROJECT_ROOT } from "../core/paths.ts";

export const SPECS_DIR = join(PROJECT_ROOT, "specs");
export const GENERATED_DIR = join(PROJECT_ROOT, "generated");

export interface SpecFile {
  /** api-name as in the CAMARA base path, e.g. "quality-on-demand" */
  api: string;
  /** info.version, e.g. "1.1.0" */
  version: string;
  /** absolute path of the YAML file */
  file: string;
  /** path relative to the project root, for messages */
  relativeFile: string;
}

/** An AsyncAPI document beside an API's OpenAPI file: `specs/<api>/<version>.asyncapi.yaml`. */
const ASYNCAPI_FILE = /^(.+)\.asyncapi\.ya?ml$/;

/** Every AsyncAPI document under `specs/` (message channels of APIs that have one), sorted. */
export function listAsyncApiFiles(specsDir: string = SPECS_DIR): SpecFile[] {
  const out: SpecFile[] = [];
  for (const api of readdirSync(specsDir).sort()) {
    const dir = join(specsDir, api);
    if (api === "common" || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      const m = ASYNCAPI_FILE.exec(name);
      if (!m) continue;
      const file = join(dir, name);
      out.push({ api, version: m[1], file, relativeFile: relative(PROJECT_ROOT, file) });
    }
  }
  return out;
}

/** Every API spec under `specs/` (the `common` folder holds shared parts, not APIs), sorted. */
export function listSpecFiles(specsDir: string = SPECS_DIR): SpecFile[] {
  const out: SpecFile[] = [];
  for (const api of readdirSync(specsDir).sort()) {
    const dir = join(specsDir, api);
    if (api === "common" || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      const m = /^(.+)\.ya?ml$/.exec(name);
      if (!m || ASYNCAPI_FILE.test(name)) continue;
      const file = join(dir, name);
      out.push({ api, version: m[1], file, relativeFile: relative(PROJECT_ROOT, file) });
    }
  }
  return out;
}

/**
 * The state of some files (name, modification time and size of each; "gone" for a missing one): a
 * cache of what was read from them is still good while it is the same.
 */
export function filesStamp(files: string[]): string {
  return files
    .map((f) => {
      try {
        const s = statSync(f);
        return `${f}:${s.mtimeMs}:${s.size}`;
      } catch {
        return `${f}:gone`;
      }
    })
    .join("|");
}
