/**
 * The API modules found in src/apis/<api>/manifest.ts, and what is derived from them: the API
 * versions of each release, the specs a release serves and tests, --api aliases, subscriber traits,
 * official counterparts and per-release error codes. A module is found by its folder alone: adding
 * an API edits no list here.
 *
 * A spec in specs/<api>/ that no module claims is still part of every release (its newest version),
 * served by Prism's mocker and tested by the generic layers.
 */
import { readdirSync, existsSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listSpecFiles, SPECS_DIR, type SpecFile } from "../openapi/catalogue.ts";
import { type ApiSpec, loadApiSpecs } from "../openapi/operations.ts";
import { RELEASE_ERROR_CODES } from "../openapi/release-errors.ts";
import { DEFAULT_RELEASE, HARNESS_APIS, RELEASE_RULES, type ReleaseRules } from "../openapi/releases.ts";
import { DEFAULT_TESTDATA_FILE, loadTestData, TRAITS, type TestData, type TestDataModel } from "../core/testdata.ts";
import type { ApiModule } from "./module.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const EXT = extname(fileURLToPath(import.meta.url)); // .ts from the checkout, .js from a build

async function discover(): Promise<ApiModule[]> {
  const found: ApiModule[] = [];
  for (const entry of readdirSync(HERE, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(HERE, entry.name, `manifest${EXT}`);
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const loaded = (await import(pathToFileURL(file).href)) as { manifest?: ApiModule };
    if (!loaded.manifest) throw new Error(`${file} exports no 'manifest'`);
    if (loaded.manifest.name !== entry.name) {
      throw new Error(`${file}: manifest.name '${loaded.manifest.name}' must equal its folder name '${entry.name}'`);
    }
    found.push(loaded.manifest);
  }
  return found;
}

export const API_MODULES: readonly ApiModule[] = await discover();

export function moduleOf(api: string): ApiModule | undefined {
  return API_MODULES.find((m) => m.name === api);
}

export interface ReleaseProfile extends ReleaseRules {
  /** api-name -> version served and tested in this release */
  apis: Record<string, string>;
}

export function releaseNames(): string[] {
  return Object.keys(RELEASE_RULES);
}

/**
 * The releases a selection names, in order: "latest" (DEFAULT_RELEASE) stands for every public
 * release, newest first; otherwise a comma-separated list of release names.
 */
export function releaseNamesOf(selection: string | string[]): string[] {
  const parts = (Array.isArray(selection) ? selection : [selection]).flatMap((r) => r.split(",")).map((r) => r.trim()).filter(Boolean);
  return parts.flatMap((p) => (p === DEFAULT_RELEASE ? Object.values(RELEASE_RULES).filter((r) => r.public).map((r) => r.name) : [p]));
}

/** One line naming an unknown release and the known ones; undefined when every name is known. */
export function unknownRelease(selection: string): string | undefined {
  const bad = releaseNamesOf(selection).find((n) => !RELEASE_RULES[n]);
  if (bad === undefined && releaseNamesOf(selection).length > 0) return undefined;
  return `unknown release '${bad ?? selection}'; known: ${DEFAULT_RELEASE} (newest public version of every API), ${releaseNames().join(", ")}`;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pb = b.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] ?? 0, pb[i] ?? 0];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return String(x).localeCompare(String(y));
  }
  return 0;
}

/** Specs under specs/ that no module claims (answered by Prism), newest version of each API. */
export function statelessSpecs(specsDir: string = SPECS_DIR): SpecFile[] {
  const newest = new Map<string, SpecFile>();
  for (const f of listSpecFiles(specsDir)) {
    if (HARNESS_APIS.includes(f.api) || moduleOf(f.api)) continue;
    const seen = newest.get(f.api);
    if (!seen || compareVersions(f.version, seen.version) > 0) newest.set(f.api, f);
  }
  return [...newest.values()];
}

/** api-name -> version of one release: module versions that name it, whose spec exists, plus stateless specs. */
function singleReleaseApis(release: string, specsDir: string): Record<string, string> {
  const files = new Set(listSpecFiles(specsDir).map((f) => `${f.api}/${f.version}`));
  const apis: Record<string, string> = {};
  for (const m of API_MODULES) {
    for (const [version, v] of Object.entries(m.versions)) {
      if (v.releases.includes(release) && files.has(`${m.name}/${version}`)) apis[m.name] = version;
    }
  }
  for (const f of statelessSpecs(specsDir)) apis[f.api] = f.version;
  return apis;
}

/**
 * api-name -> version and the release it is taken from, for a selection: each API from the first
 * release of the selection that holds it (one version per API, as a runner tests it).
 */
export function selectionApis(selection: string, specsDir: string = SPECS_DIR): Record<string, { version: string; release: string }> {
  const out: Record<string, { version: string; release: string }> = {};
  for (const release of releaseNamesOf(selection)) {
    for (const [api, version] of Object.entries(singleReleaseApis(release, specsDir))) out[api] ??= { version, release };
  }
  return out;
}

/** api-name -> version of a release or selection (see selectionApis). */
export function releaseApis(selection: string, specsDir: string = SPECS_DIR): Record<string, string> {
  return Object.fromEntries(Object.entries(selectionApis(selection, specsDir)).map(([api, v]) => [api, v.version]));
}

/** The release of a selection an API is taken from (its rules apply to that API); the first one if none holds it. */
export function releaseOfApi(selection: string, api: string, specsDir?: string): string {
  return selectionApis(selection, specsDir)[api]?.release ?? releaseNamesOf(selection)[0];
}

export function releaseProfile(name: string, specsDir?: string): ReleaseProfile {
  const problem = unknownRelease(name);
  if (problem || !RELEASE_RULES[name]) throw new Error(problem ?? `'${name}' is a selection, not a release`);
  return { ...RELEASE_RULES[name], apis: releaseApis(name, specsDir) };
}

/** The specs of a release or selection, plus our own authorization server and control plane. */
export async function loadReleaseSpecs(release: string = DEFAULT_RELEASE, specsDir: string = SPECS_DIR): Promise<ApiSpec[]> {
  const apis = releaseApis(release, specsDir);
  return loadApiSpecs(listSpecFiles(specsDir).filter((f) => HARNESS_APIS.includes(f.api) || apis[f.api] === f.version));
}

/** Resolves a comma-separated --api value for a release (or selection); throws a one-line message for an unknown name. */
export function resolveApis(list: string | undefined, release: string, specsDir?: string): string[] {
  const available = Object.keys(releaseApis(release, specsDir));
  if (!list) return available;
  const out: string[] = [];
  for (const name of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const api = available.includes(name) ? name : available.find((a) => moduleOf(a)?.aliases?.includes(name));
    if (!api) throw new Error(`unknown API '${name}' for release ${release}; known: ${available.join(", ")}`);
    if (!out.includes(api)) out.push(api);
  }
  return out;
}

/** "api/version" -> the official CAMARA file, relative to CAMARA_REFERENCE_DIR. */
export function officialCounterparts(): Record<string, string> {
  return Object.fromEntries(
    API_MODULES.flatMap((m) => Object.entries(m.versions).flatMap(([v, d]) => (d.official ? [[`${m.name}/${v}`, d.official]] : []))),
  );
}

/** The code (and status) a release gives a canonical error code for an API version, if renamed. */
export function renameCode(release: string, api: string, version: string, code: string): { code: string; status?: number } | undefined {
  const own = RELEASE_RULES[release] ? release : releaseOfApi(release, api);
  return moduleOf(api)?.versions[version]?.errorRenames?.[code] ?? RELEASE_ERROR_CODES[own]?.[code];
}

/** Every subscriber trait, the authorization server's and those the modules react to, with what it triggers. */
export function allTraits(): Record<string, string> {
  return Object.assign({ ...TRAITS }, ...API_MODULES.map((m) => m.traits ?? {}));
}

/** The test-data model of the core plus every module's traits and sections. */
export function testDataModel(): TestDataModel {
  return { traits: Object.keys(allTraits()), sections: Object.assign({}, ...API_MODULES.map((m) => m.testData ?? {})) };
}

/** Test data from a file (default data/testdata.yaml), checked against the whole model. */
export function loadOperatorTestData(file?: string): TestData {
  return loadTestData(file ?? DEFAULT_TESTDATA_FILE, testDataModel());
}
