/**
 * Consent Info: may this consumer process this subscriber's data for these scopes and purpose?
 * Answered from the Open Gateway platform's consents (src/apis/shared/platform); its captureUrl
 * leads to the mock's capture page (capture-page.ts).
 */
import type { ApiModule, PageRoute } from "../module.ts";
import { decideCapture, showCapture } from "./capture-page.ts";
import { consentInfoHandlers } from "./handlers.ts";
import { CAPTURE_PATH } from "./retrieve.ts";

const pages: PageRoute[] = [
  {
    method: "GET",
    path: `${CAPTURE_PATH}/{captureId}`,
    summary: "the consent capture page a captureUrl leads to (Grant / Deny)",
    handle: (req, params, deps) => showCapture(deps.platform, req, params.captureId),
  },
  {
    method: "POST",
    path: `${CAPTURE_PATH}/{captureId}`,
    summary: "the subscriber's decision; redirects to the consumer's callbackUrl with capture_result",
    handle: (req, params, deps) => decideCapture(deps.platform, req, params.captureId),
  },
];

export const manifest: ApiModule = {
  name: "consent-info",
  title: "Consent Info",
  aliases: ["consent"],
  versions: {
    "0.2.0": {
      releases: ["fall25"],
      official: "ConsentInfo/consent-info.yaml",
      handlers: (deps) => consentInfoHandlers(deps.platform),
    },
  },
  traits: {
    "consent-info-not-applicable": "Consent Info answers 422 SERVICE_NOT_APPLICABLE for this subscriber",
    "consent-capture-exhausted": "Consent Info refuses capture links for this subscriber (403 CONSENT_INFO.CAPTURE_FREQUENCY_EXCEEDED)",
  },
  pages,
  requests: {
    retrieveStatus: (target) => {
      const s = target.subscribers.plain;
      const body = { scopes: ["quality-on-demand:sessions:create"], purpose: "dpv:RequestedServiceProvision", requestCaptureUrl: false };
      return s ? { path: "/retrieve", body: { phoneNumber: s.phoneNumber, ...body } } : { path: "/retrieve", unavailable: "no plain test subscriber" };
    },
  },
  foreignScope: "qos-profiles:read",
};
