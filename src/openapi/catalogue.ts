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

/** Every API spec under `specs/` (the `common` folder holds shared parts, not APIs), sorted. */
export function listSpecFiles(specsDir: string = SPECS_DIR): SpecFile[] {
  const out: SpecFile[] = [];
  for (const api of readdirSync(specsDir).sort()) {
    const dir = join(specsDir, api);
    if (api === "common" || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      const m = /^(.+)\.ya?ml$/.exec(name);
      if (!m) continue;
      const file = join(dir, name);
      out.push({ api, version: m[1], file, relativeFile: relative(PROJECT_ROOT, file) });
    }
  }
  return out;
}

/**
 * Where the official CAMARA file of each of our CAMARA specs is, relative to CAMARA_REFERENCE_DIR.
 * Our own APIs (the authorization server, the control plane) have no official counterpart.
 */
export const OFFICIAL_COUNTERPARTS: Record<string, string> = {
  "quality-on-demand/1.1.0": "QualityOnDemand/r3.2/quality-on-demand.yaml",
  "qos-profiles/1.1.0": "QualityOnDemand/r3.2/qos-profiles.yaml",
  "number-verification/2.1.0": "NumberVerification/number-verification.yaml",
  "sim-swap/2.1.0": "SimSwap/sim-swap.yaml",
  "quality-on-demand/1.0.0": "legacy/QualityOnDemand/r2.2/quality-on-demand.yaml",
  "qos-profiles/1.0.0": "legacy/QualityOnDemand/r2.2/qos-profiles.yaml",
  "quality-on-demand/0.11.1": "legacy/QualityOnDemand/r1.3/quality-on-demand.yaml",
  "qos-profiles/0.11.1": "legacy/QualityOnDemand/r1.3/qos-profiles.yaml",
  "qod/0.10.1": "legacy/QualityOnDemand/v0.10.1/qod-api.yaml",
  "number-verification/1.0.0": "legacy/NumberVerification/r1.3/number-verification.yaml",
  "number-verification/2.0.0": "legacy/NumberVerification/r2.4/number-verification.yaml",
  "sim-swap/1.0.0": "legacy/SimSwap/r1.3/sim-swap.yaml",
  "sim-swap/2.0.0": "legacy/SimSwap/r2.2/sim-swap.yaml",
  "sim-swap-subscriptions/0.3.0": "SimSwap/sim-swap-subscriptions.yaml",
};
