/**
 * The three 401 cases every official definition file repeats (401.1 no Authorization header, 401.2
 * expired token, 401.3 invalid token): one table with the ids and titles they share, and the
 * request headers of each case. The invalid token is a real token with an altered signature, so it
 * is well-formed and only its validity is wrong.
 */
import type { ScenarioContext } from "./context.ts";
import { tamperedToken } from "./raw.ts";

export type UnauthenticatedKind = "missing" | "expired" | "invalid";

export interface UnauthenticatedCase {
  suffix: string;
  title: string;
  line: number;
  kind: UnauthenticatedKind;
}

/** The three cases with the Scenario lines of one feature file. */
export function unauthenticatedCases(lines: [number, number, number]): UnauthenticatedCase[] {
  return [
    { suffix: "401.1_no_authorization_header", title: 'Error response for no header "Authorization"', line: lines[0], kind: "missing" },
    { suffix: "401.2_expired_access_token", title: "Error response for expired access token", line: lines[1], kind: "expired" },
    { suffix: "401.3_invalid_access_token", title: "Error response for invalid access token", line: lines[2], kind: "invalid" },
  ];
}

export const UNAUTHENTICATED_RULE = "A missing, expired or invalid access token answers 401 UNAUTHENTICATED";

/** Headers of a well-formed call except for the token, per case. */
export async function unauthenticatedHeaders(t: ScenarioContext, kind: UnauthenticatedKind, scopes: string[]): Promise<Record<string, string>> {
  if (kind === "missing") {
    const { authorization: _, ...headers } = await t.headers("unused");
    return headers;
  }
  const token = kind === "expired" ? await t.token({ scopes, expired: true }) : tamperedToken(await t.token({ scopes }));
  return t.headers(token);
}
