/** The CAMARA APIs a run can test: those of the selected release that have a spec, with short names for --api. */
import { listSpecFiles } from "../openapi/catalogue.ts";
import { releaseProfile } from "../openapi/releases.ts";

export const API_ALIASES: Record<string, string[]> = {
  "quality-on-demand": ["qod"],
  "qos-profiles": ["qos", "qosp"],
  "number-verification": ["nv"],
  "sim-swap": ["simswap"],
  "sim-swap-subscriptions": ["simswap-subscriptions", "ssub"],
};

/** api-name -> version for the release, limited to versions whose spec exists in specs/. */
export function releaseApis(release: string): Record<string, string> {
  const files = new Set(listSpecFiles().map((f) => `${f.api}/${f.version}`));
  return Object.fromEntries(Object.entries(releaseProfile(release).apis).filter(([api, v]) => files.has(`${api}/${v}`)));
}

/** Resolves a comma-separated --api value for a release; throws a one-line message for an unknown name. */
export function resolveApis(list: string | undefined, release: string): string[] {
  const available = releaseApis(release);
  if (!list) return Object.keys(available);
  const out: string[] = [];
  for (const name of list.split(",").map((s) => s.trim()).filter(Boolean)) {
    const api = name in available ? name : Object.keys(available).find((a) => API_ALIASES[a]?.includes(name));
    if (!api) throw new Error(`unknown API '${name}' for release ${release}; known: ${Object.keys(available).join(", ")}`);
    if (!out.includes(api)) out.push(api);
  }
  return out;
}
