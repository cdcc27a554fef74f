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
  /**
   * Commonalities 0.8 "request body strictness": a JSON body holding a property the spec does not
   * declare, at any nesting level, is 400 INVALID_ARGUMENT (older releases ignore such properties
   * unless the schema itself closes the object).
   */
  strictRequestBodies: boolean;
  /** a published CAMARA meta-release: its APIs take part in the default (newest public) selection */
  public: boolean;
}

/** Newest first: the default selection takes each API from the first public release holding it. */
export const RELEASE_RULES: Record<string, ReleaseRules> = {
  spring26: { name: "spring26", commonalities: "0.8", identification: "commonalities-0.8", strictRequestBodies: true, public: true },
  fall25: { name: "fall25", commonalities: "0.6", identification: "commonalities-0.6", strictRequestBodies: false, public: true },
  spring25: { name: "spring25", commonalities: "0.5", identification: "commonalities-0.5", strictRequestBodies: false, public: true },
  fall24: { name: "fall24", commonalities: "0.4", identification: "commonalities-0.4", strictRequestBodies: false, public: true },
  "pre-meta": { name: "pre-meta", commonalities: "none", identification: "pre-meta", strictRequestBodies: false, public: false },
};

/**
 * What `mock`, `conformance` and `features` serve and test without --release: not a release but a
 * selection, the newest public version of every API the project implements, each API keeping the
 * rules (identification, error codes, strictness) of the release it comes from. See
 * src/apis/registry.ts (releaseNamesOf, releaseApis, releaseOfApi).
 */
export const DEFAULT_RELEASE = "latest";

/** Our own APIs, served whatever the release. */
export const HARNESS_APIS = ["operator-auth", "harness-control"];
