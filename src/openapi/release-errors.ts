/**
 * Error codes per release, as data (LEGACY-DIGEST §2). Domain code and identification rules throw
 * the Fall25 (Commonalities 0.6) code; the error handler renames it to the code the served API's
 * release specifies. This table holds what applies to every API of a release; an API version whose
 * release names a code differently for that API alone says so in its manifest (errorRenames).
 */
export type CodeRenames = Record<string, { code: string; status?: number }>;

export const RELEASE_ERROR_CODES: Record<string, CodeRenames> = {
  spring26: {},
  fall25: {},
  spring25: {},
  fall24: {
    MISSING_IDENTIFIER: { code: "UNIDENTIFIABLE_DEVICE" },
    UNSUPPORTED_IDENTIFIER: { code: "UNSUPPORTED_DEVICE_IDENTIFIERS" },
    IDENTIFIER_NOT_FOUND: { code: "DEVICE_NOT_FOUND" },
    SERVICE_NOT_APPLICABLE: { code: "DEVICE_NOT_APPLICABLE" },
    IDENTIFIER_MISMATCH: { code: "DEVICE_IDENTIFIERS_MISMATCH" },
  },
  "pre-meta": {
    SERVICE_NOT_APPLICABLE: { code: "NOT_IMPLEMENTED", status: 501 },
    UNSUPPORTED_IDENTIFIER: { code: "INVALID_ARGUMENT", status: 400 },
    CONFLICT: { code: "CONFLICT" },
  },
};
