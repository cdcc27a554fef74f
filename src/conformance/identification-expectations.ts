/**
 * What each Commonalities version requires when the subject of a request is identified (design
 * guide appendix A; LEGACY-DIGEST §2). The identification scenarios read their expectations here,
 * so the same scenario tells a Fall24 implementation from a Fall25 one.
 */
import { releaseOfApi } from "../apis/registry.ts";
import { RELEASE_RULES } from "../openapi/releases.ts";

export type Outcome = { accepted: true } | { status: number; codes: string[] };

export interface IdentificationExpectations {
  commonalities: string;
  /** 3-legged token + the same subscriber's identifier in the body */
  sameIdentifierWithToken: Outcome;
  /** 3-legged token + another subscriber's identifier in the body */
  otherIdentifierWithToken: Outcome;
  /** 2-legged token without identifier */
  missing: Outcome;
  /** 2-legged token, schema-valid identifier unknown to the operator */
  unknown: Outcome;
  /** 2-legged token, two identifiers of two different devices */
  mismatch: Outcome;
}

const err = (status: number, ...codes: string[]): Outcome => ({ status, codes });
const ACCEPTED: Outcome = { accepted: true };

const BY_COMMONALITIES: Record<string, IdentificationExpectations> = {
  // 0.8: as 0.6 (one of several identifiers is used, no matching check; token + identifier refused)
  "0.8": {
    commonalities: "0.8",
    sameIdentifierWithToken: err(422, "UNNECESSARY_IDENTIFIER"),
    otherIdentifierWithToken: err(422, "UNNECESSARY_IDENTIFIER"),
    missing: err(422, "MISSING_IDENTIFIER"),
    unknown: err(404, "IDENTIFIER_NOT_FOUND"),
    mismatch: ACCEPTED,
  },
  "0.6": {
    commonalities: "0.6",
    sameIdentifierWithToken: err(422, "UNNECESSARY_IDENTIFIER"),
    otherIdentifierWithToken: err(422, "UNNECESSARY_IDENTIFIER"),
    missing: err(422, "MISSING_IDENTIFIER"),
    unknown: err(404, "IDENTIFIER_NOT_FOUND"),
    mismatch: ACCEPTED,
  },
  "0.5": {
    commonalities: "0.5",
    sameIdentifierWithToken: err(422, "UNNECESSARY_IDENTIFIER"),
    otherIdentifierWithToken: err(422, "UNNECESSARY_IDENTIFIER"),
    missing: err(422, "MISSING_IDENTIFIER"),
    unknown: err(404, "IDENTIFIER_NOT_FOUND"),
    mismatch: err(422, "IDENTIFIER_MISMATCH"),
  },
  "0.4": {
    commonalities: "0.4",
    sameIdentifierWithToken: ACCEPTED,
    otherIdentifierWithToken: err(403, "INVALID_TOKEN_CONTEXT"),
    missing: err(422, "UNIDENTIFIABLE_DEVICE"),
    unknown: err(404, "DEVICE_NOT_FOUND"),
    mismatch: err(422, "DEVICE_IDENTIFIERS_MISMATCH"),
  },
};

/** API-specific codes of a release (SIM Swap 1.0.0 named its own). */
const OVERRIDES: Record<string, Record<string, Partial<IdentificationExpectations>>> = {
  "0.4": {
    "sim-swap": { missing: err(422, "UNIDENTIFIABLE_PHONE_NUMBER"), unknown: err(404, "NOT_FOUND") },
  },
};

export function identificationExpectations(release: string, api: string): IdentificationExpectations | undefined {
  const commonalities = RELEASE_RULES[releaseOfApi(release, api)].commonalities;
  const base = BY_COMMONALITIES[commonalities];
  return base && { ...base, ...(OVERRIDES[commonalities]?.[api] ?? {}) };
}
