/**
 * The Open Gateway platform's records (seed 002: Consents, Capabilities, Views, Admin, Applications).
 * A tenant (an aggregator or a business customer) owns applications; an application is an OAuth
 * client of the operator; a capability is one CAMARA API offered with the purposes it may be used
 * for and its legal basis (GDPR art. 6: consent or legitimate interest); a consent is a subscriber's
 * decision for (application, scopes, purpose). Consent states map onto Consent Info 0.2.0:
 *   GRANTED (not past expiresAt) -> statusValidForProcessing true
 *   no record -> PENDING; REQUESTED -> REQUESTED; DENIED or REVOKED -> DENIED;
 *   EXPIRED, or GRANTED past expiresAt -> EXPIRED; OBJECTED -> OBJECTED (legitimate interest opt-out).
 */
export type TenantStatus = "ACTIVE" | "SUSPENDED";
export type TenantKind = "OPERATOR" | "AGGREGATOR" | "BUSINESS";

export interface Tenant {
  tenantId: string;
  name: string;
  kind: TenantKind;
  status: TenantStatus;
  createdAt: number;
}

export type ApplicationStatus = "ACTIVE" | "DISABLED";

export interface Application {
  /** the OAuth client_id */
  applicationId: string;
  tenantId: string;
  name: string;
  status: ApplicationStatus;
  /** scopes the application may be granted ("*": every scope) */
  scopes: string[];
  /** purposes the application was onboarded for ("*": any) */
  purposes: string[];
  redirectUris: string[];
  /** SHA-256 (hex) of the client secret: the secret itself is shown once, at creation or rotation */
  clientSecretSha256?: string;
  /** the plain secret of a client from the test data (served by /_harness/testdata anyway) */
  clientSecret?: string;
  jwks?: { keys: Record<string, unknown>[] };
  rateLimitPerSecond?: number;
  /** ms, virtual clock (seeded applications: when the seed was loaded) */
  createdAt: number;
}

export type LegalBasis = "CONSENT" | "LEGITIMATE_INTEREST";

export interface Capability {
  capabilityId: string;
  apiName: string;
  apiVersion: string;
  scopes: string[];
  purposes: string[];
  legalBasis: LegalBasis;
  /** how long a granted consent lasts, days (absent: until revoked) */
  consentValidityDays?: number;
}

export interface View {
  viewId: string;
  tenantId: string;
  purpose: string;
  /** language tag -> text shown on the capture page */
  texts: Record<string, string>;
}

export type ConsentStatus = "GRANTED" | "REQUESTED" | "DENIED" | "REVOKED" | "EXPIRED" | "OBJECTED";

export interface Consent {
  consentId: string;
  tenantId: string;
  applicationId: string;
  subscriberId: string;
  capabilityId: string;
  scopes: string[];
  purpose: string;
  status: ConsentStatus;
  createdAt: number;
  updatedAt: number;
  /** ms; a GRANTED consent past it counts as EXPIRED */
  expiresAt?: number;
}

export type StatusReason = "PENDING" | "REQUESTED" | "DENIED" | "EXPIRED" | "OBJECTED";

/** The effective state of a consent at `now` (time-limited consents expire without a write). */
export function effectiveStatus(c: Consent, now: number): ConsentStatus {
  return c.status === "GRANTED" && c.expiresAt !== undefined && c.expiresAt <= now ? "EXPIRED" : c.status;
}

/** Consent Info's statusReason for a consent (or its absence); undefined when processing is valid. */
export function statusReasonOf(c: Consent | undefined, now: number): StatusReason | undefined {
  if (!c) return "PENDING";
  switch (effectiveStatus(c, now)) {
    case "GRANTED":
      return undefined;
    case "REVOKED":
    case "DENIED":
      return "DENIED";
    case "EXPIRED":
      return "EXPIRED";
    case "OBJECTED":
      return "OBJECTED";
    case "REQUESTED":
      return "REQUESTED";
  }
}

export const allows = (list: string[], value: string) => list.includes("*") || list.includes(value);
