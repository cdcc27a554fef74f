/**
 * Consent Info 0.2.0 retrieveStatus over the platform's consents (no HTTP types here):
 *   - one statusInfo item per capability the scopes belong to (evaluate.ts, strict mode); scopes or
 *     a purpose the consumer was not onboarded for -> 403 CONSENT_INFO.NOT_ALLOWED_SCOPES_PURPOSE;
 *   - requestCaptureUrl with an item PENDING, REQUESTED or EXPIRED -> one captureUrl for them all
 *     (the spec's captureUrl rules); asking for it turns PENDING into REQUESTED (the subscriber has
 *     now been asked). More than CAPTURE_LIMIT links per consumer and subscriber in an hour, or a
 *     line with trait consent-capture-exhausted -> 403 CONSENT_INFO.CAPTURE_FREQUENCY_EXCEEDED;
 *   - callbackUrl must be https, a loopback http URL or a custom app scheme (spec, callbackUrl
 *     security considerations) -> else 403 CONSENT_INFO.INVALID_CALLBACK_URL.
 */
import { ApiError } from "../../core/errors.ts";
import type { Subscriber } from "../../core/testdata.ts";
import { evaluate, type ItemStatus } from "../shared/platform/evaluate.ts";
import type { Application } from "../shared/platform/model.ts";
import { type Capture, Platform } from "../shared/platform/platform.ts";

export const CAPTURE_PATH = "/consent-capture";
/** capture links one consumer may ask for one subscriber per hour */
export const CAPTURE_LIMIT = 20;
const CAPTURE_LIFETIME_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const NEEDS_ACTION = new Set(["PENDING", "REQUESTED", "EXPIRED"]);
const FORBIDDEN_SCHEMES = new Set(["http:", "javascript:", "data:", "file:", "ftp:", "blob:", "vbscript:"]);
const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

export interface RetrieveBody {
  phoneNumber?: string;
  scopes: string[];
  purpose: string;
  requestCaptureUrl: boolean;
  callbackUrl?: string;
}

export function checkCallbackUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError("CONSENT_INFO.INVALID_CALLBACK_URL", "callbackUrl is not an absolute URL.");
  }
  const loopbackHttp = url.protocol === "http:" && LOOPBACK.has(url.hostname);
  if ((FORBIDDEN_SCHEMES.has(url.protocol) && !loopbackHttp) || url.username || url.password) {
    throw new ApiError("CONSENT_INFO.INVALID_CALLBACK_URL", "callbackUrl must use https (or http on a loopback address, or an app scheme).");
  }
}

function wire(item: ItemStatus): Record<string, unknown> {
  const out: Record<string, unknown> = { scopes: item.scopes, purpose: item.purpose, statusValidForProcessing: item.valid };
  if (item.reason) out.statusReason = item.reason;
  if (item.expiresAt !== undefined) out.expirationDate = new Date(item.expiresAt).toISOString();
  return out;
}

export async function retrieveStatus(
  platform: Platform,
  application: Application,
  subscriber: Subscriber,
  body: RetrieveBody,
  origin: string,
): Promise<Record<string, unknown>> {
  if (subscriber.traits?.includes("consent-info-not-applicable")) {
    throw new ApiError("SERVICE_NOT_APPLICABLE", "Consent information is not available for this phone number.");
  }
  if (body.callbackUrl !== undefined) checkCallbackUrl(body.callbackUrl);
  const result = await evaluate(platform, { application, subscriberId: subscriber.id, scopes: body.scopes, purpose: body.purpose }, "strict");
  if ("notAllowed" in result) throw new ApiError("CONSENT_INFO.NOT_ALLOWED_SCOPES_PURPOSE", `Not allowed: ${result.notAllowed}.`);
  const answer: Record<string, unknown> = { statusInfo: result.items.map(wire) };
  const pending = result.items.filter((i) => i.reason && NEEDS_ACTION.has(i.reason));
  if (body.requestCaptureUrl && pending.length > 0) {
    const capture = await openCapture(platform, application, subscriber, pending, body.callbackUrl);
    answer.captureUrl = `${origin}${CAPTURE_PATH}/${capture.captureId}`;
    // the subscriber has now been asked: PENDING becomes REQUESTED (answered from the next call on)
    for (const item of pending.filter((i) => i.reason === "PENDING")) {
      await platform.recordConsent({
        tenantId: application.tenantId,
        applicationId: application.applicationId,
        subscriberId: subscriber.id,
        capabilityId: item.capability.capabilityId,
        scopes: item.capability.scopes,
        purpose: item.purpose,
        status: "REQUESTED",
      });
    }
  }
  return answer;
}

async function openCapture(platform: Platform, app: Application, subscriber: Subscriber, items: ItemStatus[], callbackUrl?: string): Promise<Capture> {
  const now = platform.now;
  const recent = (await platform.capturesOf(app.applicationId, subscriber.id)).filter((c) => c.createdAt > now - HOUR_MS);
  if (subscriber.traits?.includes("consent-capture-exhausted") || recent.length >= CAPTURE_LIMIT) {
    throw new ApiError("CONSENT_INFO.CAPTURE_FREQUENCY_EXCEEDED", "Too many consent capture requests for this phone number; try again in an hour.");
  }
  const capture: Capture = {
    captureId: Platform.newSecret(),
    tenantId: app.tenantId,
    applicationId: app.applicationId,
    subscriberId: subscriber.id,
    items: items.map((i) => ({ capabilityId: i.capability.capabilityId, scopes: i.capability.scopes, purpose: i.purpose })),
    ...(callbackUrl !== undefined ? { callbackUrl } : {}),
    createdAt: now,
    expiresAt: now + CAPTURE_LIFETIME_MS,
  };
  await platform.putCapture(capture);
  return capture;
}
