/**
 * The feature files of a run: the files given, and every `.feature` under the folders given (sorted,
 * so runs are repeatable). Each gets the path reports show: relative to the official reference folder
 * when it lies inside it (`QualityOnDemand/r3.2/quality-on-demand-createSession.feature`, as in the
 * CAMARA repositories), else relative to the working directory.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { PROJECT_ROOT } from "../core/paths.ts";
import type { FeatureInput } from "./runner.ts";

export class InputError extends Error {
  override name = "InputError";
}

/** Where the official CAMARA files are: CAMARA_REFERENCE_DIR, else ../shared/reference/camara. */
export function referenceDir(): string {
  return resolve(process.env.CAMARA_REFERENCE_DIR ?? join(PROJECT_ROOT, "..", "shared", "reference", "camara"));
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith(".feature")) out.push(path);
  }
}

export function collectFeatureFiles(inputs: string[], cwd = process.cwd()): FeatureInput[] {
  const ref = referenceDir();
  const seen = new Set<string>();
  const out: FeatureInput[] = [];
  for (const input of inputs) {
    const abs = resolve(cwd, input);
    if (!existsSync(abs)) throw new InputError(`${input}: no such file or folder`);
    const paths: string[] = [];
    if (statSync(abs).isDirectory()) walk(abs, paths);
    else if (abs.endsWith(".feature")) paths.push(abs);
    else throw new InputError(`${input}: not a .feature file`);
    if (paths.length === 0) throw new InputError(`${input}: no .feature file in this folder`);
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      const inRef = path.startsWith(ref + sep);
      out.push({ path, display: (inRef ? relative(ref, path) : relative(cwd, path)).split(sep).join("/") });
    }
  }
  return out;
}
