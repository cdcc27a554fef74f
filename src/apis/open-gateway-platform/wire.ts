/** The platform API's answer bodies (specs/open-gateway-platform/1.0.0.yaml): times as RFC 3339, no secrets. */
import type { Application, Capability, Consent, Tenant, View } from "../shared/platform/model.ts";
import { statusReasonOf } from "../shared/platform/model.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export function consentWire(c: Consent, phoneNumber: string, now: number, legitimateInterest: boolean): Record<string, unknown> {
  const valid = legitimateInterest ? c.status !== "OBJECTED" : statusReasonOf(c, now) === undefined;
  return {
    consentId: c.consentId,
    phoneNumber,
    applicationId: c.applicationId,
    capabilityId: c.capabilityId,
    scopes: c.scopes,
    purpose: c.purpose,
    status: c.status === "GRANTED" && c.expiresAt !== undefined && c.expiresAt <= now ? "EXPIRED" : c.status,
    statusValidForProcessing: valid,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    ...(c.expiresAt !== undefined ? { expiresAt: iso(c.expiresAt) } : {}),
  };
}

export function applicationWire(a: Application): Record<string, unknown> {
  return {
    applicationId: a.applicationId,
    name: a.name,
    status: a.status,
    scopes: a.scopes,
    purposes: a.purposes,
    redirectUris: a.redirectUris,
    authMethod: a.jwks ? "private_key_jwt" : "client_secret",
    createdAt: iso(a.createdAt),
  };
}

export const tenantWire = (t: Tenant) => ({ tenantId: t.tenantId, name: t.name, kind: t.kind, status: t.status, createdAt: iso(t.createdAt) });
export const viewWire = (v: View) => ({ viewId: v.viewId, purpose: v.purpose, texts: v.texts });
export const capabilityWire = (c: Capability) => ({ ...c });
