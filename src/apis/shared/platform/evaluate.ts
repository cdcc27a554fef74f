/**
 * Is processing permitted? One evaluation serves Consent Info (`retrieveStatus`), the authorization
 * server (a 3-legged token is refused with access_denied) and every API call with a live 3-legged
 * token (403 once the consent is revoked or expired).
 *
 * The requested scopes are grouped by capability (one statusInfo item per capability). For a
 * capability whose legal basis is CONSENT the subscriber's consent for (application, scopes,
 * purpose) decides; for LEGITIMATE_INTEREST processing is valid unless the subscriber OBJECTED.
 * Strict mode (Consent Info) refuses scopes no capability offers, purposes a capability does not
 * list, and scopes or purposes the application was not onboarded for; gate mode (tokens) only looks
 * at the groups whose purpose the capability lists, so tokens the catalogue knows nothing about
 * behave as before the platform existed.
 */
import { allows, type Application, type Capability, type Consent, statusReasonOf, type StatusReason } from "./model.ts";
import type { Platform } from "./platform.ts";

export interface ProcessingRequest {
  application: Application;
  subscriberId: string;
  scopes: string[];
  purpose?: string;
}

export interface ItemStatus {
  capability: Capability;
  scopes: string[];
  purpose: string;
  valid: boolean;
  reason?: StatusReason;
  expiresAt?: number;
  consent?: Consent;
}

export type Evaluation = { items: ItemStatus[] } | { notAllowed: string };

export async function evaluate(platform: Platform, req: ProcessingRequest, mode: "strict" | "gate"): Promise<Evaluation> {
  const capabilities = await platform.capabilities();
  const groups = new Map<Capability, string[]>();
  for (const scope of req.scopes) {
    const capability = capabilities.find((c) => c.scopes.includes(scope));
    if (!capability) {
      if (mode === "strict") return { notAllowed: `scope ${scope} is not offered by any capability of the operator` };
      continue;
    }
    if (mode === "strict" && !allows(req.application.scopes, scope)) {
      return { notAllowed: `the application is not onboarded for scope ${scope}` };
    }
    groups.set(capability, [...(groups.get(capability) ?? []), scope]);
  }
  // the Open Gateway form names the API after '#' (dpv:RequestedServiceProvision#qod): the DPV term decides
  const purpose = req.purpose?.split("#")[0];
  const items: ItemStatus[] = [];
  for (const [capability, scopes] of groups) {
    if (purpose === undefined || !capability.purposes.includes(purpose)) {
      if (mode === "strict") return { notAllowed: `${capability.apiName} may not be used for purpose ${purpose}` };
      continue;
    }
    if (mode === "strict" && !allows(req.application.purposes, purpose)) {
      return { notAllowed: `the application is not onboarded for purpose ${purpose}` };
    }
    const consent = await platform.findConsent(req.application.applicationId, req.subscriberId, capability.capabilityId, purpose, scopes);
    items.push(itemStatus(capability, scopes, purpose, consent, platform.now));
  }
  return { items };
}

function itemStatus(capability: Capability, scopes: string[], purpose: string, consent: Consent | undefined, now: number): ItemStatus {
  const base = { capability, scopes, purpose, ...(consent ? { consent } : {}) };
  if (capability.legalBasis === "LEGITIMATE_INTEREST") {
    return consent?.status === "OBJECTED" ? { ...base, valid: false, reason: "OBJECTED" } : { ...base, valid: true };
  }
  const reason = statusReasonOf(consent, now);
  const expiresAt = consent?.expiresAt;
  if (!reason) return { ...base, valid: true, ...(expiresAt !== undefined ? { expiresAt } : {}) };
  return { ...base, valid: false, reason, ...(reason === "EXPIRED" && expiresAt !== undefined ? { expiresAt } : {}) };
}

/** Gate mode: the first refused item, or undefined when the subscriber's choices allow the token. */
export async function refusal(platform: Platform, req: ProcessingRequest): Promise<ItemStatus | undefined> {
  const result = await evaluate(platform, req, "gate");
  return "items" in result ? result.items.find((i) => !i.valid) : undefined;
}
