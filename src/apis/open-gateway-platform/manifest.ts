/**
 * The Open Gateway platform API (seed 002): consents, capabilities, views, tenants and applications
 * of the operator, our own CAMARA-style API (no official counterpart: `own`). The records live in
 * src/apis/shared/platform, shared with Consent Info, the authorization server's client and consent
 * checks, and the pipeline's token hook.
 */
import { randomUUID } from "node:crypto";
import type { ApiModule, TargetFacts, WellFormedRequest } from "../module.ts";
import { PLATFORM_SECTION_SCHEMA } from "../shared/platform/seed.ts";
import { applicationHandlers } from "./applications.ts";
import { catalogueHandlers } from "./catalogue.ts";
import { consentHandlers } from "./consents.ts";
import { tenantHandlers } from "./tenants.ts";

const at = (path: string, body?: unknown) => (): WellFormedRequest => ({ path, ...(body !== undefined ? { body } : {}) });
const unknown = (prefix: string, suffix = "") => () => ({ path: `${prefix}/${randomUUID()}${suffix}` });

function grantConsent(target: TargetFacts): WellFormedRequest {
  const s = target.subscribers.plain;
  if (!s) return { path: "/consents", unavailable: "no plain test subscriber" };
  return { path: "/consents", body: { phoneNumber: s.phoneNumber, scopes: ["quality-on-demand:sessions:create"], purpose: "dpv:RequestedServiceProvision" } };
}

const PROBE_CAPABILITY = {
  capabilityId: "conformance-probe",
  apiName: "conformance-probe",
  apiVersion: "1.0.0",
  scopes: ["conformance-probe:read"],
  purposes: ["dpv:RequestedServiceProvision"],
  legalBasis: "CONSENT",
};

export const manifest: ApiModule = {
  name: "open-gateway-platform",
  title: "Open Gateway Platform (consents, capabilities, views, tenants, applications)",
  aliases: ["ogp", "platform"],
  own: true,
  versions: {
    "1.0.0": {
      releases: ["fall25"],
      handlers: (deps) => ({
        ...consentHandlers(deps.platform, deps.data),
        ...catalogueHandlers(deps.platform),
        ...tenantHandlers(deps.platform),
        ...applicationHandlers(deps.platform),
      }),
    },
  },
  // the phoneNumber of a consent names whose decision it is; the caller is the application
  notIdentifying: ["grantConsent"],
  testData: { platform: PLATFORM_SECTION_SCHEMA },
  requests: {
    grantConsent,
    listConsents: at("/consents"),
    getConsent: unknown("/consents"),
    revokeConsent: unknown("/consents", "/revoke"),
    expireConsent: unknown("/consents", "/expire"),
    listCapabilities: at("/capabilities"),
    createCapability: at("/capabilities", PROBE_CAPABILITY),
    getCapability: at("/capabilities/quality-on-demand"),
    updateCapability: at("/capabilities/conformance-probe", PROBE_CAPABILITY),
    deleteCapability: at("/capabilities/conformance-probe"),
    listViews: at("/views"),
    createView: at("/views", { purpose: "dpv:RequestedServiceProvision", texts: { en: "A conformance probe view." } }),
    getView: unknown("/views"),
    updateView: () => ({ path: `/views/${randomUUID()}`, body: { purpose: "dpv:RequestedServiceProvision", texts: { en: "Changed." } } }),
    deleteView: unknown("/views"),
    listTenants: at("/tenants"),
    createTenant: at("/tenants", { tenantId: "conformance-probe", name: "Conformance probe", kind: "BUSINESS" }),
    getTenant: at("/tenants/demo-aggregator"),
    suspendTenant: at("/tenants/conformance-probe/suspend"),
    activateTenant: at("/tenants/conformance-probe/activate"),
    listApplications: at("/applications"),
    createApplication: at("/applications", { name: "Conformance probe", scopes: ["qos-profiles:read"] }),
    getApplication: unknown("/applications"),
    deleteApplication: unknown("/applications"),
    rotateApplicationSecret: unknown("/applications", "/rotate-secret"),
    disableApplication: unknown("/applications", "/disable"),
    enableApplication: unknown("/applications", "/enable"),
  },
  cleanup: {
    createView: { path: (c) => (typeof c.viewId === "string" ? `/views/${c.viewId}` : undefined), scopes: ["open-gateway-platform:views:write"] },
    createApplication: {
      path: (c) => (typeof c.applicationId === "string" ? `/applications/${c.applicationId}` : undefined),
      scopes: ["open-gateway-platform:applications:write"],
    },
  },
  foreignScope: "qos-profiles:read",
};
