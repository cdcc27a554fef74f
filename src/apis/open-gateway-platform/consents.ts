/**
 * Consents of the platform API: grant (or object), list, read, revoke, expire. A decision is for
 * scopes of one capability and one of its purposes; GRANTED fits a capability on consent, OBJECTED
 * one on legitimate interest (422 LEGAL_BASIS_MISMATCH otherwise). Revoke: GRANTED or REQUESTED ->
 * REVOKED; expire: GRANTED -> EXPIRED now; any other state is 409 CONFLICT. Every change takes
 * effect on live tokens at once (the pipeline's token hook re-evaluates on each call).
 */
import { ApiError } from "../../core/errors.ts";
import type { Subscriber, TestData } from "../../core/testdata.ts";
import type { HandlerSet } from "../handler.ts";
import type { Consent, ConsentStatus } from "../shared/platform/model.ts";
import type { Platform } from "../shared/platform/platform.ts";
import { callerOf, ownedBy, type Caller } from "./caller.ts";
import { consentWire } from "./wire.ts";

const DAY_MS = 86_400_000;

interface GrantBody {
  phoneNumber: string;
  applicationId?: string;
  scopes: string[];
  purpose: string;
  decision?: "GRANTED" | "OBJECTED";
  expiresAt?: string;
}

export function consentHandlers(platform: Platform, data: () => TestData): HandlerSet {
  const subscriberByNumber = (phoneNumber: string): Subscriber | undefined => data().subscribers.find((s) => s.phoneNumber === phoneNumber);
  const numberOf = (subscriberId: string) => data().subscribers.find((s) => s.id === subscriberId)?.phoneNumber ?? "+10000000000";
  const wire = async (c: Consent) => {
    const capability = await platform.capability(c.capabilityId);
    return consentWire(c, numberOf(c.subscriberId), platform.now, capability?.legalBasis === "LEGITIMATE_INTEREST");
  };
  const owned = async (caller: Caller, id: string) => ownedBy(caller, await platform.consent(id), "consent", id);

  async function transition(caller: Caller, id: string, from: ConsentStatus[], to: ConsentStatus): Promise<Consent> {
    const consent = await owned(caller, id);
    const now = platform.now;
    const current = consent.status === "GRANTED" && consent.expiresAt !== undefined && consent.expiresAt <= now ? "EXPIRED" : consent.status;
    if (!from.includes(current)) throw new ApiError("CONFLICT", `Only a ${from.join(" or ")} consent can become ${to}; this one is ${current}.`);
    const updated: Consent = { ...consent, status: to, updatedAt: now, ...(to === "EXPIRED" ? { expiresAt: now } : {}) };
    await platform.putConsent(updated);
    return updated;
  }

  return {
    async grantConsent({ input, claims }) {
      const caller = await callerOf(platform, claims);
      const body = input.body as GrantBody;
      const application = body.applicationId === undefined ? caller.application : ownedBy(caller, await platform.application(body.applicationId), "application", body.applicationId);
      const subscriber = subscriberByNumber(body.phoneNumber);
      if (!subscriber) throw new ApiError("IDENTIFIER_NOT_FOUND", "No subscriber has this phone number.");
      const scopes = [...new Set(body.scopes)];
      const capability = (await platform.capabilities()).find((c) => scopes.every((s) => c.scopes.includes(s)));
      if (!capability) throw new ApiError("OPEN_GATEWAY_PLATFORM.NOT_ALLOWED_SCOPES_PURPOSE", "The scopes do not all belong to one capability of the catalogue.");
      if (!capability.purposes.includes(body.purpose)) {
        throw new ApiError("OPEN_GATEWAY_PLATFORM.NOT_ALLOWED_SCOPES_PURPOSE", `${capability.capabilityId} may not be used for ${body.purpose}.`);
      }
      const decision = body.decision ?? "GRANTED";
      const basis = capability.legalBasis;
      if ((decision === "GRANTED") !== (basis === "CONSENT")) {
        const want = basis === "CONSENT" ? "a grant" : "an objection";
        throw new ApiError("OPEN_GATEWAY_PLATFORM.LEGAL_BASIS_MISMATCH", `${capability.capabilityId} runs on ${basis}: record ${want}, not ${decision}.`);
      }
      let expiresAt: number | undefined;
      if (decision === "GRANTED" && body.expiresAt !== undefined) {
        expiresAt = Date.parse(body.expiresAt);
        if (!(expiresAt > platform.now)) throw new ApiError("INVALID_ARGUMENT", "expiresAt must be in the future.");
      } else if (decision === "GRANTED" && capability.consentValidityDays !== undefined) {
        expiresAt = platform.now + capability.consentValidityDays * DAY_MS;
      }
      const consent = await platform.recordConsent({
        tenantId: application.tenantId,
        applicationId: application.applicationId,
        subscriberId: subscriber.id,
        capabilityId: capability.capabilityId,
        scopes,
        purpose: body.purpose,
        status: decision,
        ...(expiresAt !== undefined ? { expiresAt } : {}),
      });
      return { status: 201, body: await wire(consent) };
    },

    async listConsents({ input, claims }) {
      const caller = await callerOf(platform, claims);
      const q = input.query as { phoneNumber?: string; applicationId?: string; status?: string };
      let consents: Consent[];
      if (q.phoneNumber !== undefined) {
        const subscriber = subscriberByNumber(q.phoneNumber);
        consents = subscriber ? await platform.consentsOf(subscriber.id) : [];
      } else consents = await platform.allConsents();
      const out = [];
      for (const c of consents) {
        if (c.tenantId !== caller.tenant.tenantId || (q.applicationId !== undefined && c.applicationId !== q.applicationId)) continue;
        const w = await wire(c);
        if (q.status === undefined || w.status === q.status) out.push(w);
      }
      return { status: 200, body: out };
    },

    async getConsent({ input, claims }) {
      const caller = await callerOf(platform, claims);
      return { status: 200, body: await wire(await owned(caller, String(input.params.consentId))) };
    },

    async revokeConsent({ input, claims }) {
      const caller = await callerOf(platform, claims);
      return { status: 200, body: await wire(await transition(caller, String(input.params.consentId), ["GRANTED", "REQUESTED"], "REVOKED")) };
    },

    async expireConsent({ input, claims }) {
      const caller = await callerOf(platform, claims);
      return { status: 200, body: await wire(await transition(caller, String(input.params.consentId), ["GRANTED"], "EXPIRED")) };
    },
  };
}
