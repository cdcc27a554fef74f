/**
 * The scope and purpose rules of the CAMARA Security & Interoperability profile ("Scopes & purpose"):
 * `scope` is a space-separated list mixing `openid`, at most one `dpv:` purpose and API scopes;
 * the purpose may also come as a separate `purpose` parameter (Open Gateway form, seen in the QoD
 * sample code). A client may only get scopes its registration allows ("*" = every known scope).
 */
import type { Client } from "../core/testdata.ts";
import { OAuthError } from "./oauth-error.ts";
import { scopeApi } from "./scope-catalogue.ts";

export interface RequestedScopes {
  openid: boolean;
  purpose?: string;
  /** API scopes as requested (possibly empty) */
  apiScopes: string[];
  /** neither `scope` nor `purpose` was sent */
  empty: boolean;
}

/** Scope values we accept and drop: refresh tokens are not issued by the mock. */
const IGNORED = new Set(["offline_access"]);

/**
 * Open Gateway purposes name the API after '#' (e.g. `dpv:RequestedServiceProvision#qod`). "qod"
 * stands for the QoD family; any other fragment is matched to the API names of the known scopes.
 */
const PURPOSE_API_ALIASES: Record<string, string[]> = {
  qod: ["quality-on-demand", "qos-profiles"],
};

export function parseScopes(scope: string | null, purposeParam: string | null): RequestedScopes {
  const items = (scope ?? "").split(" ").filter((s) => s !== "");
  const purposes = new Set(items.filter((s) => s.startsWith("dpv:")));
  if (purposeParam !== null) {
    if (!purposeParam.startsWith("dpv:")) throw new OAuthError("invalid_scope", "purpose must be a dpv: value");
    purposes.add(purposeParam);
  }
  if (purposes.size > 1) throw new OAuthError("invalid_scope", "only one dpv: purpose may be requested");
  return {
    openid: items.includes("openid"),
    purpose: [...purposes][0],
    apiScopes: [...new Set(items.filter((s) => s !== "openid" && !s.startsWith("dpv:") && !IGNORED.has(s)))],
    empty: scope === null && purposeParam === null,
  };
}

/** Known scopes of the API(s) a purpose names after '#', or [] when it names none. */
export function scopesImpliedByPurpose(purpose: string | undefined, knownScopes: string[]): string[] {
  const fragment = purpose?.split("#")[1];
  if (!fragment) return [];
  const apis = new Set(PURPOSE_API_ALIASES[fragment] ?? []);
  if (apis.size === 0) {
    // e.g. "number-verification-verify-read" names the number-verification API: longest prefix wins
    const names = [...new Set(knownScopes.map(scopeApi))].filter((a) => fragment === a || fragment.startsWith(`${a}-`));
    names.sort((a, b) => b.length - a.length);
    if (names[0]) apis.add(names[0]);
  }
  return knownScopes.filter((s) => apis.has(scopeApi(s)));
}

/**
 * Checks every requested API scope against the client's registration. Refusal is all-or-nothing
 * (invalid_scope naming the first refused scope) so a test sees exactly what it asked for.
 */
export function grantScopes(client: Client, apiScopes: string[], knownScopes: string[]): string[] {
  const any = client.scopes.includes("*");
  for (const scope of apiScopes) {
    const allowed = client.scopes.includes(scope) || (any && knownScopes.includes(scope));
    if (!allowed) {
      const why = any ? "is not a scope of any served API" : "is not allowed for this client";
      throw new OAuthError("invalid_scope", `scope '${scope}' ${why}`);
    }
  }
  return apiScopes;
}

/** The API scopes of a 3-legged request: explicit ones, else those implied by the purpose. */
export function threeLeggedScopes(requested: RequestedScopes, client: Client, knownScopes: string[]): string[] {
  if (requested.apiScopes.length > 0) return grantScopes(client, requested.apiScopes, knownScopes);
  const implied = scopesImpliedByPurpose(requested.purpose, knownScopes).filter(
    (s) => client.scopes.includes("*") || client.scopes.includes(s),
  );
  if (implied.length === 0) throw new OAuthError("invalid_scope", "no API scope requested and the purpose names no API this client may use");
  return implied;
}

/** The token response's `scope`: purpose first, then API scopes (as in the profile's examples). */
export function scopeString(purpose: string | undefined, apiScopes: string[]): string {
  return [...(purpose ? [purpose] : []), ...apiScopes].join(" ");
}
