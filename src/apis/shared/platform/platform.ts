/**
 * The platform's records over the store: tenants, applications, capabilities, views, consents and
 * capture journeys, seeded from the test data on first use after start-up or reset (the store's
 * clear removes the seed marker, so a reset re-seeds by itself). Plain async functions over the
 * store and the clock; tenant isolation and error answers live in the API module, not here.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../../../core/clock.ts";
import type { Store } from "../../../core/store.ts";
import type { TestData } from "../../../core/testdata.ts";
import { COLLECTIONS, INDEXES } from "./collections.ts";
import type { Application, Capability, Consent, Tenant, View } from "./model.ts";
import { seedPlatform } from "./seed.ts";

export interface PlatformDeps {
  store: Store;
  clock: Clock;
  data: () => TestData;
}

/** activeApplicationAtOnce: the store cannot say without waiting */
export const AT_ONCE_UNKNOWN = Symbol("unknown at once");

/** The application, when it and its tenant are both ACTIVE: what the authorization server may trust. */
function trusted(app: Application | undefined, tenant: Tenant | undefined): Application | undefined {
  return app?.status === "ACTIVE" && tenant?.status === "ACTIVE" ? app : undefined;
}

export class Platform {
  private seeding?: Promise<void>;

  constructor(readonly deps: PlatformDeps) {}

  get now(): number {
    return this.deps.clock.now();
  }

  /** Seeds the store when it holds no platform records (start-up, after a reset). */
  async ready(): Promise<void> {
    if (await this.deps.store.get(COLLECTIONS.marker, "seeded")) return;
    this.seeding ??= seedPlatform(this.deps.store, this.deps.clock, this.deps.data()).finally(() => (this.seeding = undefined));
    await this.seeding;
  }

  private async get<T>(collection: string, id: string): Promise<T | undefined> {
    await this.ready();
    return this.deps.store.get<T>(collection, id);
  }

  private async all<T>(collection: string): Promise<T[]> {
    await this.ready();
    return this.deps.store.values<T>(collection);
  }

  private async byIndex<T>(index: string, key: string, collection: string): Promise<T[]> {
    await this.ready();
    const out: T[] = [];
    for (const id of await this.deps.store.indexGet(index, key)) {
      const v = await this.deps.store.get<T>(collection, id);
      if (v) out.push(v);
    }
    return out;
  }

  // tenants
  tenant = (id: string) => this.get<Tenant>(COLLECTIONS.tenants, id);
  tenants = () => this.all<Tenant>(COLLECTIONS.tenants);
  async putTenant(t: Tenant): Promise<void> {
    await this.ready();
    await this.deps.store.put(COLLECTIONS.tenants, t.tenantId, t);
  }

  // applications
  application = (id: string) => this.get<Application>(COLLECTIONS.applications, id);
  applicationsOf = (tenantId: string) => this.byIndex<Application>(INDEXES.applicationsByTenant, tenantId, COLLECTIONS.applications);
  async putApplication(a: Application): Promise<void> {
    await this.ready();
    await this.deps.store.put(COLLECTIONS.applications, a.applicationId, a);
    await this.deps.store.indexAdd(INDEXES.applicationsByTenant, a.tenantId, a.applicationId);
  }
  async deleteApplication(a: Application): Promise<void> {
    await this.deps.store.delete(COLLECTIONS.applications, a.applicationId);
    await this.deps.store.indexRemove(INDEXES.applicationsByTenant, a.tenantId, a.applicationId);
  }

  /**
   * activeApplication at once, when the store can answer without waiting (in memory) and is seeded;
   * AT_ONCE_UNKNOWN otherwise (then ask activeApplication). The API pipeline checks every request's
   * token with it.
   */
  activeApplicationAtOnce(id: string): Application | undefined | typeof AT_ONCE_UNKNOWN {
    const store = this.deps.store;
    if (!store.peek || !store.peek(COLLECTIONS.marker, "seeded")) return AT_ONCE_UNKNOWN;
    const app = store.peek<Application>(COLLECTIONS.applications, id);
    return trusted(app, app && store.peek<Tenant>(COLLECTIONS.tenants, app.tenantId));
  }

  /** The application and its tenant when both are ACTIVE: what the authorization server may trust. */
  async activeApplication(id: string): Promise<Application | undefined> {
    const { store } = this.deps;
    // the seed marker and the application in one round trip (a Redis store: every request asks this);
    // the tenant after, once the store is known to be seeded
    const [seeded, first] = await Promise.all([store.get(COLLECTIONS.marker, "seeded"), store.get<Application>(COLLECTIONS.applications, id)]);
    const app = seeded ? first : await this.application(id);
    if (!app || app.status !== "ACTIVE") return undefined;
    return trusted(app, await store.get<Tenant>(COLLECTIONS.tenants, app.tenantId));
  }

  // capabilities
  capability = (id: string) => this.get<Capability>(COLLECTIONS.capabilities, id);
  capabilities = () => this.all<Capability>(COLLECTIONS.capabilities);
  async putCapability(c: Capability): Promise<void> {
    await this.ready();
    await this.deps.store.put(COLLECTIONS.capabilities, c.capabilityId, c);
  }
  deleteCapability = (id: string) => this.deps.store.delete(COLLECTIONS.capabilities, id);

  // views
  view = (id: string) => this.get<View>(COLLECTIONS.views, id);
  viewsOf = (tenantId: string) => this.byIndex<View>(INDEXES.viewsByTenant, tenantId, COLLECTIONS.views);
  async putView(v: View): Promise<void> {
    await this.ready();
    await this.deps.store.put(COLLECTIONS.views, v.viewId, v);
    await this.deps.store.indexAdd(INDEXES.viewsByTenant, v.tenantId, v.viewId);
  }
  async deleteView(v: View): Promise<void> {
    await this.deps.store.delete(COLLECTIONS.views, v.viewId);
    await this.deps.store.indexRemove(INDEXES.viewsByTenant, v.tenantId, v.viewId);
  }

  // consents
  consent = (id: string) => this.get<Consent>(COLLECTIONS.consents, id);
  consentsOf = (subscriberId: string) => this.byIndex<Consent>(INDEXES.consentsBySubscriber, subscriberId, COLLECTIONS.consents);
  async allConsents(): Promise<Consent[]> {
    return this.all<Consent>(COLLECTIONS.consents);
  }
  async putConsent(c: Consent): Promise<void> {
    await this.ready();
    await this.deps.store.put(COLLECTIONS.consents, c.consentId, c);
    await this.deps.store.indexAdd(INDEXES.consentsBySubscriber, c.subscriberId, c.consentId);
  }

  /**
   * Records a decision: the subscriber's consent for (application, capability, purpose, scopes) is
   * updated in place when one exists (its id stays stable), else created. A decision on fewer scopes
   * is a consent of its own and leaves a broader one as it was.
   */
  async recordConsent(
    fields: Pick<Consent, "tenantId" | "applicationId" | "subscriberId" | "capabilityId" | "scopes" | "purpose" | "status"> & { expiresAt?: number },
  ): Promise<Consent> {
    const now = this.now;
    const existing = (await this.consentsOf(fields.subscriberId)).find(
      (c) => c.applicationId === fields.applicationId && c.capabilityId === fields.capabilityId && c.purpose === fields.purpose && sameSet(c.scopes, fields.scopes),
    );
    const consent: Consent = existing
      ? { ...existing, status: fields.status, updatedAt: now }
      : { consentId: Platform.newId(), ...fields, createdAt: now, updatedAt: now };
    if (fields.expiresAt !== undefined) consent.expiresAt = fields.expiresAt;
    else delete consent.expiresAt;
    await this.putConsent(consent);
    return consent;
  }

  /** The latest consent of a subscriber for (application, capability, purpose) covering `scopes`. */
  async findConsent(applicationId: string, subscriberId: string, capabilityId: string, purpose: string, scopes: string[]): Promise<Consent | undefined> {
    const matching = (await this.consentsOf(subscriberId)).filter(
      (c) => c.applicationId === applicationId && c.capabilityId === capabilityId && c.purpose === purpose && scopes.every((s) => c.scopes.includes(s)),
    );
    return matching.sort((a, b) => b.updatedAt - a.updatedAt)[0];
  }

  // capture journeys (Consent Info captureUrl)
  capture = (id: string) => this.get<Capture>(COLLECTIONS.captures, id);
  capturesOf = (applicationId: string, subscriberId: string) =>
    this.byIndex<Capture>(INDEXES.capturesByPair, `${applicationId} ${subscriberId}`, COLLECTIONS.captures);
  async putCapture(c: Capture): Promise<void> {
    await this.ready();
    await this.deps.store.put(COLLECTIONS.captures, c.captureId, c);
    await this.deps.store.indexAdd(INDEXES.capturesByPair, `${c.applicationId} ${c.subscriberId}`, c.captureId);
  }

  static newId(): string {
    return randomUUID();
  }

  static newSecret(): string {
    return randomBytes(24).toString("base64url");
  }
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** A consent capture journey: the items the subscriber is asked about, and where to send them back. */
export interface Capture {
  captureId: string;
  tenantId: string;
  applicationId: string;
  subscriberId: string;
  items: { capabilityId: string; scopes: string[]; purpose: string }[];
  callbackUrl?: string;
  createdAt: number;
  expiresAt: number;
  /** set once the subscriber decided */
  result?: "granted" | "denied";
}
