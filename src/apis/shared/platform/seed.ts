/**
 * The platform's seed: the test data's `platform` section (schema below) loaded into the store on
 * first use after start-up or reset. Clients of the test data become applications (of the tenant
 * named under `applications`, else of `defaultTenant`); consent entries name lists of subscribers
 * and applications and are expanded, one consent per pair. `expiresInDays` / `expiredDaysAgo`
 * count from the virtual clock at loading time.
 */
import type { Clock } from "../../../core/clock.ts";
import type { Store } from "../../../core/store.ts";
import type { TestData } from "../../../core/testdata.ts";
import type { Application, Capability, Consent, ConsentStatus, Tenant, View } from "./model.ts";
import { COLLECTIONS, INDEXES } from "./collections.ts";

const DAY_MS = 86_400_000;

export interface ConsentSeed {
  subscribers: string[];
  applications: string[];
  capability: string;
  purpose: string;
  status: ConsentStatus;
  expiresInDays?: number;
  expiredDaysAgo?: number;
}

export interface TenantSeed {
  tenantId: string;
  name: string;
  kind?: Tenant["kind"];
  status?: Tenant["status"];
}

export interface PlatformSeed {
  defaultTenant?: string;
  tenants?: TenantSeed[];
  applications?: { clientId: string; tenantId: string; purposes?: string[] }[];
  capabilities?: Capability[];
  views?: View[];
  consents?: ConsentSeed[];
}

const strings = { type: "array", items: { type: "string", minLength: 1 } };

/** JSON schema of the `platform` test-data section. */
export const PLATFORM_SECTION_SCHEMA: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  properties: {
    defaultTenant: { type: "string" },
    tenants: {
      type: "array",
      items: {
        type: "object",
        required: ["tenantId", "name"],
        additionalProperties: false,
        properties: {
          tenantId: { type: "string", minLength: 1 },
          name: { type: "string" },
          kind: { enum: ["OPERATOR", "AGGREGATOR", "BUSINESS"] },
          status: { enum: ["ACTIVE", "SUSPENDED"] },
        },
      },
    },
    applications: {
      type: "array",
      items: {
        type: "object",
        required: ["clientId", "tenantId"],
        additionalProperties: false,
        properties: { clientId: { type: "string" }, tenantId: { type: "string" }, purposes: strings },
      },
    },
    capabilities: {
      type: "array",
      items: {
        type: "object",
        required: ["capabilityId", "apiName", "apiVersion", "scopes", "purposes", "legalBasis"],
        additionalProperties: false,
        properties: {
          capabilityId: { type: "string", minLength: 1 },
          apiName: { type: "string" },
          apiVersion: { type: "string" },
          scopes: strings,
          purposes: strings,
          legalBasis: { enum: ["CONSENT", "LEGITIMATE_INTEREST"] },
          consentValidityDays: { type: "integer", minimum: 1 },
        },
      },
    },
    views: {
      type: "array",
      items: {
        type: "object",
        required: ["viewId", "tenantId", "purpose", "texts"],
        additionalProperties: false,
        properties: {
          viewId: { type: "string" },
          tenantId: { type: "string" },
          purpose: { type: "string" },
          texts: { type: "object", additionalProperties: { type: "string" } },
        },
      },
    },
    consents: {
      type: "array",
      items: {
        type: "object",
        required: ["subscribers", "applications", "capability", "purpose", "status"],
        additionalProperties: false,
        properties: {
          subscribers: strings,
          applications: strings,
          capability: { type: "string" },
          purpose: { type: "string" },
          status: { enum: ["GRANTED", "REQUESTED", "DENIED", "REVOKED", "EXPIRED", "OBJECTED"] },
          expiresInDays: { type: "number", exclusiveMinimum: 0 },
          expiredDaysAgo: { type: "number", exclusiveMinimum: 0 },
        },
      },
    },
  },
};

export function platformSeed(data: TestData): PlatformSeed {
  return (data.platform as PlatformSeed | undefined) ?? {};
}

/** Writes the seed into an empty store. */
export async function seedPlatform(store: Store, clock: Clock, data: TestData): Promise<void> {
  const seed = platformSeed(data);
  const now = clock.now();
  const defaultTenant = seed.defaultTenant ?? seed.tenants?.[0]?.tenantId ?? "default";
  const tenants: TenantSeed[] = seed.tenants ?? [{ tenantId: defaultTenant, name: "Default tenant" }];
  for (const t of tenants) {
    const tenant: Tenant = { tenantId: t.tenantId, name: t.name, kind: t.kind ?? "AGGREGATOR", status: t.status ?? "ACTIVE", createdAt: now };
    await store.put(COLLECTIONS.tenants, tenant.tenantId, tenant);
  }
  for (const client of data.clients) {
    const mapped = seed.applications?.find((a) => a.clientId === client.clientId);
    const app: Application = {
      applicationId: client.clientId,
      tenantId: mapped?.tenantId ?? defaultTenant,
      name: client.name ?? client.clientId,
      status: "ACTIVE",
      scopes: client.scopes,
      purposes: mapped?.purposes ?? ["*"],
      redirectUris: client.redirectUris ?? [],
      ...(client.clientSecret !== undefined ? { clientSecret: client.clientSecret } : {}),
      ...(client.jwks ? { jwks: client.jwks } : {}),
      ...(client.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: client.rateLimitPerSecond } : {}),
      createdAt: now,
    };
    await store.put(COLLECTIONS.applications, app.applicationId, app);
    await store.indexAdd(INDEXES.applicationsByTenant, app.tenantId, app.applicationId);
  }
  for (const c of seed.capabilities ?? []) await store.put(COLLECTIONS.capabilities, c.capabilityId, c);
  for (const v of seed.views ?? []) {
    await store.put(COLLECTIONS.views, v.viewId, v);
    await store.indexAdd(INDEXES.viewsByTenant, v.tenantId, v.viewId);
  }
  let n = 0;
  for (const entry of seed.consents ?? []) {
    const capability = seed.capabilities?.find((c) => c.capabilityId === entry.capability);
    for (const subscriberId of entry.subscribers) {
      for (const applicationId of entry.applications) {
        const app = await store.get<Application>(COLLECTIONS.applications, applicationId);
        if (!app || !capability) continue;
        const consent: Consent = {
          consentId: `seed-${++n}`,
          tenantId: app.tenantId,
          applicationId,
          subscriberId,
          capabilityId: capability.capabilityId,
          scopes: capability.scopes,
          purpose: entry.purpose,
          status: entry.status,
          createdAt: now,
          updatedAt: now,
          ...(entry.expiresInDays !== undefined ? { expiresAt: now + entry.expiresInDays * DAY_MS } : {}),
          ...(entry.expiredDaysAgo !== undefined ? { expiresAt: now - entry.expiredDaysAgo * DAY_MS } : {}),
        };
        await store.put(COLLECTIONS.consents, consent.consentId, consent);
        await store.indexAdd(INDEXES.consentsBySubscriber, subscriberId, consent.consentId);
      }
    }
  }
  await store.put(COLLECTIONS.marker, "seeded", true);
}
