/**
 * What a harness target's test data says about consents (the `platform` section, seeded by the
 * Open Gateway platform): one subscriber per Consent Info state for the primary client, the QoD
 * scopes and purpose those consents cover, a legitimate-interest objection, and the clients of the
 * operator's tenant and of another tenant. Configured targets leave it out; scenarios then skip.
 */
import type { TestData } from "../core/testdata.ts";
import type { ClientCredentials, ConsentFacts, TestSubscriber } from "./target.ts";

interface Seed {
  defaultTenant?: string;
  tenants?: { tenantId: string; kind?: string }[];
  applications?: { clientId: string; tenantId: string }[];
  capabilities?: { capabilityId: string; scopes: string[]; purposes: string[]; legalBasis: string }[];
  consents?: { subscribers: string[]; applications: string[]; capability: string; purpose: string; status: string; expiresInDays?: number; expiredDaysAgo?: number }[];
}

export function consentFacts(data: TestData, primaryClientId: string | undefined): ConsentFacts | undefined {
  const seed = data.platform as Seed | undefined;
  const consentBased = seed?.capabilities?.find((c) => c.legalBasis === "CONSENT");
  if (!seed || !consentBased || !primaryClientId) return undefined;
  const purpose = consentBased.purposes[0];
  const phone = (id: string | undefined): TestSubscriber | undefined => {
    const s = id ? data.subscribers.find((x) => x.id === id) : undefined;
    return s && { phoneNumber: s.phoneNumber };
  };
  const entry = (status: string, pick: (e: NonNullable<Seed["consents"]>[number]) => boolean = () => true) =>
    seed.consents?.find((e) => e.status === status && e.capability === consentBased.capabilityId && e.applications.includes(primaryClientId) && pick(e))?.subscribers[0];
  const mentioned = new Set((seed.consents ?? []).flatMap((e) => e.subscribers));
  const untouched = data.subscribers.filter((s) => !mentioned.has(s.id) && !s.traits?.length && !s.device && !s.simChanges);
  const tenantOf = (clientId: string) => seed.applications?.find((a) => a.clientId === clientId)?.tenantId ?? seed.defaultTenant;
  const kindOf = (tenantId: string | undefined) => seed.tenants?.find((t) => t.tenantId === tenantId)?.kind;
  const credentials = (pick: (clientId: string) => boolean): ClientCredentials | undefined => {
    const c = data.clients.find((x) => x.clientSecret && pick(x.clientId));
    return c && { clientId: c.clientId, clientSecret: c.clientSecret };
  };
  const primaryTenant = tenantOf(primaryClientId);
  const objection = seed.consents?.find((e) => e.status === "OBJECTED" && e.applications.includes(primaryClientId));
  const objectedCapability = seed.capabilities?.find((c) => c.capabilityId === objection?.capability);
  return {
    scopes: consentBased.scopes.slice(0, 1),
    purpose,
    valid: phone(entry("GRANTED", (e) => e.expiresInDays === undefined && e.expiredDaysAgo === undefined)),
    expiring: phone(entry("GRANTED", (e) => e.expiresInDays !== undefined)),
    expired: phone(entry("GRANTED", (e) => e.expiredDaysAgo !== undefined)),
    requested: phone(entry("REQUESTED")),
    denied: phone(entry("DENIED")),
    pending: untouched.slice(0, 3).map((s) => ({ phoneNumber: s.phoneNumber })),
    objected:
      objection && objectedCapability
        ? { subscriber: phone(objection.subscribers[0])!, scopes: objectedCapability.scopes.slice(0, 1), purpose: objection.purpose }
        : undefined,
    notApplicable: phone(data.subscribers.find((s) => s.traits?.includes("consent-info-not-applicable"))?.id),
    admin: credentials((id) => kindOf(tenantOf(id)) === "OPERATOR"),
    otherTenant: credentials((id) => tenantOf(id) !== primaryTenant && kindOf(tenantOf(id)) !== "OPERATOR"),
  };
}
