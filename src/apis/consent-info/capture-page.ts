/**
 * The operator's consent capture page, where Consent Info's captureUrl leads (spec: "The actual
 * Consent capture occurs within the API Provider's secure environment"). GET shows the consumer's
 * consent view (its text for the purpose, in the browser's language when the tenant wrote one) with
 * Grant and Deny buttons; POST records the decision as consents and, when the consumer gave a
 * callbackUrl, redirects there with capture_result (granted | denied | timeout) and the `state` the
 * page was opened with (spec, callbackUrl functional behaviour). No personal data goes into the URL.
 * Small, accessible HTML: a heading, a labelled form, native buttons, no script.
 */
import type { MockRequest, MockResponse } from "../../core/http.ts";
import type { Capture, Platform } from "../shared/platform/platform.ts";
import { consentTexts } from "./views.ts";

const DAY_MS = 86_400_000;

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function page(status: number, lang: string, title: string, body: string): MockResponse {
  const html = `<!doctype html>
<html lang="${escape(lang)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1.25rem;margin-right:.75rem}</style></head>
<body><main>
<h1>${escape(title)}</h1>
${body}
</main></body></html>`;
  return { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-frame-options": "DENY" }, body: html };
}

function callback(capture: Capture, result: string, state: string | null): MockResponse | undefined {
  if (!capture.callbackUrl) return undefined;
  const url = new URL(capture.callbackUrl);
  url.searchParams.set("capture_result", result);
  if (state !== null && state !== "") url.searchParams.set("state", state);
  return { status: 303, headers: { location: url.toString(), "cache-control": "no-store" } };
}

export async function showCapture(platform: Platform, req: MockRequest, captureId: string): Promise<MockResponse> {
  const capture = await platform.capture(captureId);
  if (!capture) return page(404, "en", "Link not valid", "<p>This consent link does not exist.</p>");
  const state = req.query.get("state");
  if (capture.result || platform.now >= capture.expiresAt) {
    return callback(capture, capture.result ?? "timeout", state) ?? page(410, "en", "Link no longer valid", "<p>This consent request has already been answered or has expired.</p>");
  }
  const app = await platform.application(capture.applicationId);
  const { lang, texts } = await consentTexts(platform, capture, req.headers["accept-language"]);
  const items = texts.map((t) => `<li>${escape(t)}</li>`).join("\n");
  const body = `<p><strong>${escape(app?.name ?? capture.applicationId)}</strong> asks for your consent:</p>
<ul>
${items}
</ul>
<form method="post" action="${escape((req.linkPrefix ?? "") + req.path)}" aria-label="Your decision">
<input type="hidden" name="state" value="${escape(state ?? "")}">
<button type="submit" name="decision" value="grant">Grant</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`;
  return page(200, lang, "Consent request", body);
}

export async function decideCapture(platform: Platform, req: MockRequest, captureId: string): Promise<MockResponse> {
  const capture = await platform.capture(captureId);
  if (!capture) return page(404, "en", "Link not valid", "<p>This consent link does not exist.</p>");
  const form = new URLSearchParams(req.body);
  const state = form.get("state");
  if (capture.result || platform.now >= capture.expiresAt) {
    return callback(capture, capture.result ?? "timeout", state) ?? page(410, "en", "Link no longer valid", "<p>This consent request has already been answered or has expired.</p>");
  }
  const decision = form.get("decision");
  if (decision !== "grant" && decision !== "deny") return page(400, "en", "Choose an answer", "<p>Please use the Grant or Deny button.</p>");
  const now = platform.now;
  for (const item of capture.items) {
    const capability = await platform.capability(item.capabilityId);
    const days = capability?.consentValidityDays;
    await platform.recordConsent({
      tenantId: capture.tenantId,
      applicationId: capture.applicationId,
      subscriberId: capture.subscriberId,
      capabilityId: item.capabilityId,
      scopes: item.scopes,
      purpose: item.purpose,
      status: decision === "grant" ? "GRANTED" : "DENIED",
      ...(decision === "grant" && days !== undefined ? { expiresAt: now + days * DAY_MS } : {}),
    });
  }
  capture.result = decision === "grant" ? "granted" : "denied";
  await platform.putCapture(capture);
  return (
    callback(capture, capture.result, state) ??
    page(200, "en", decision === "grant" ? "Consent granted" : "Consent denied", "<p>Thank you. You can close this page.</p>")
  );
}
