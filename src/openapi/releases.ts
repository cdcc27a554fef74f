/**
 * CAMARA meta-releases as data: which API versions a release contains, on which Commonalities
 * version, and which identification rule set applies. The mock serves, and the runner tests, the
 * versions of the selected release(s). Versions whose spec is not in specs/ yet are left out.
 */
export interface ReleaseProfile {
  name: string;
  commonalities: string;
  /** identification rule set name (src/mock/identification.ts) */
  identification: string;
  /** api-name -> version */
  apis: Record<string, string>;
}

export const RELEASES: Record<string, ReleaseProfile> = {
  fall25: {
    name: "fall25",
    commonalities: "0.6",
    identification: "commonalities-0.6",
    apis: {
      "quality-on-demand": "1.1.0",
      "qos-profiles": "1.1.0",
      "number-verification": "2.1.0",
      "sim-swap": "2.1.0",
      "sim-swap-subscriptions": "0.3.0",
    },
  },
  spring25: {
    name: "spring25",
    commonalities: "0.5",
    identification: "commonalities-0.5",
    apis: { "quality-on-demand": "1.0.0", "qos-profiles": "1.0.0", "number-verification": "2.0.0", "sim-swap": "2.0.0" },
  },
  fall24: {
    name: "fall24",
    commonalities: "0.4",
    identification: "commonalities-0.4",
    apis: { "quality-on-demand": "0.11.1", "qos-profiles": "0.11.1", "number-verification": "1.0.0", "sim-swap": "1.0.0" },
  },
  "pre-meta": {
    name: "pre-meta",
    commonalities: "none",
    identification: "pre-meta",
    apis: { qod: "0.10.1" },
  },
};

export const DEFAULT_RELEASE = "fall25";

/** Our own APIs, served whatever the release. */
export const HARNESS_APIS = ["operator-auth", "harness-control"];

export function releaseProfile(name: string): ReleaseProfile {
  const profile = RELEASES[name];
  if (!profile) throw new Error(`unknown release '${name}'; known: ${Object.keys(RELEASES).join(", ")}`);
  return profile;
}

/** Whether a spec file (api, version) belongs to the release (or is one of our own APIs). */
export function inRelease(profile: ReleaseProfile, api: string, version: string): boolean {
  return HARNESS_APIS.includes(api) || profile.apis[api] === version;
}
