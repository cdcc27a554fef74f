/**
 * CAMARA meta-releases as data: the Commonalities version of each and the identification rule set
 * that applies. Which API versions a release holds is declared by the API modules
 * (src/apis/<api>/manifest.ts) and derived in src/apis/registry.ts.
 */
export interface ReleaseRules {
  name: string;
  commonalities: string;
  /** identification rule set name (src/mock/identification.ts) */
  identification: string;
}

export const RELEASE_RULES: Record<string, ReleaseRules> = {
  fall25: { name: "fall25", commonalities: "0.6", identification: "commonalities-0.6" },
  spring25: { name: "spring25", commonalities: "0.5", identification: "commonalities-0.5" },
  fall24: { name: "fall24", commonalities: "0.4", identification: "commonalities-0.4" },
  "pre-meta": { name: "pre-meta", commonalities: "none", identification: "pre-meta" },
};

export const DEFAULT_RELEASE = "fall25";

/** Our own APIs, served whatever the release. */
export const HARNESS_APIS = ["operator-auth", "harness-control"];
