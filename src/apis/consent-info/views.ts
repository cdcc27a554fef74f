/**
 * The text a capture page shows: the consumer tenant's consent view for each purpose, in the first
 * language of Accept-Language the view has (else English, else any), or a neutral sentence naming
 * the API and purpose when the tenant wrote no view.
 */
import type { Platform, Capture } from "../shared/platform/platform.ts";

function preferredLanguages(header: string | undefined): string[] {
  return (header ?? "")
    .split(",")
    .map((part) => part.split(";")[0].trim().toLowerCase())
    .filter((l) => l && l !== "*")
    .flatMap((l) => (l.includes("-") ? [l, l.split("-")[0]] : [l]));
}

export async function consentTexts(platform: Platform, capture: Capture, acceptLanguage: string | undefined): Promise<{ lang: string; texts: string[] }> {
  const views = await platform.viewsOf(capture.tenantId);
  const wanted = [...preferredLanguages(acceptLanguage), "en"];
  let lang = "en";
  const texts: string[] = [];
  for (const item of capture.items) {
    const view = views.find((v) => v.purpose === item.purpose);
    const chosen = view && (wanted.find((l) => view.texts[l] !== undefined) ?? Object.keys(view.texts)[0]);
    if (view && chosen) {
      texts.push(view.texts[chosen]);
      lang = chosen;
    } else {
      const capability = await platform.capability(item.capabilityId);
      texts.push(`Use of ${capability?.apiName ?? item.capabilityId} (${item.scopes.join(", ")}) for ${item.purpose}.`);
    }
  }
  return { lang, texts };
}
