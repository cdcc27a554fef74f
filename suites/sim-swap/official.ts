/**
 * What the two official SIM Swap 2.1.0 feature files (Fall25) share: the feature references, the
 * 401 and phone-number (C02.x) scenarios of each operation, which differ only in their ids, lines
 * and the call they make.
 */
import { type UnauthenticatedKind, unauthenticatedHeaders } from "../support/auth-cases.ts";
import type { ApiAnswer, ScenarioContext } from "../support/context.ts";
import { officialFeature } from "../support/official.ts";
import { scenario } from "../support/scenario.ts";
import { API, declared } from "./sim-swap-release.ts";

export const SIM_SWAP_R = "SimSwap";

export function feature(operationId: string, file: string) {
  return officialFeature({ api: API, version: "2.1.0", operationId, file, folder: SIM_SWAP_R });
}

type Call = (t: ScenarioContext, body: unknown, token?: string | Record<string, string>) => Promise<ApiAnswer>;

export interface SharedLines {
  unauthenticated: [number, number, number];
  c02: [number, number, number, number, number];
}

/** 401.1-3 and C02.01-05 of one operation (prefix: check_sim_swap or retrieve_sim_swap_date). */
export function sharedScenarios(def: ReturnType<typeof feature>, prefix: string, call: Call, scope: string, lines: SharedLines): void {
  const kinds: [string, string, UnauthenticatedKind][] = [
    ["401.1_no_authorization_header", "No Authorization header", "missing"],
    ["401.2_expired_access_token", "Expired access token", "expired"],
    ["401.3_invalid_access_token", "Invalid access token", "invalid"],
  ];
  kinds.forEach(([suffix, title, kind], i) => {
    scenario(def(`${prefix}_${suffix}`, lines.unauthenticated[i], title, "A missing, expired or invalid access token answers 401 UNAUTHENTICATED"), async (t) => {
      t.expectError(await call(t, { phoneNumber: t.subscriber("plain").phoneNumber }, await unauthenticatedHeaders(t, kind, [scope])), 401, "UNAUTHENTICATED");
    });
  });
  const twoLegged = (t: ScenarioContext) => t.token({ scopes: [scope] });
  const c02: [string, string, string, (t: ScenarioContext) => Promise<ApiAnswer>, number, string][] = [
    ["C02.01_phone_number_not_schema_compliant", "Phone number value does not comply with the schema", "A phoneNumber that is not +E.164 answers 400 INVALID_ARGUMENT",
      async (t) => call(t, { phoneNumber: "0034600000001" }, await twoLegged(t)), 400, "INVALID_ARGUMENT"],
    ["C02.02_phone_number_not_found", "Phone number not found", "A well-formed number the operator does not know answers 404 IDENTIFIER_NOT_FOUND",
      async (t) => call(t, { phoneNumber: t.target.subscribers.unknown.phoneNumber }, await twoLegged(t)), 404, "IDENTIFIER_NOT_FOUND"],
    ["C02.03_unnecessary_phone_number", "Phone number not to be included when it can be deduced from the access token",
      "A 3-legged token plus a phoneNumber answers 422 UNNECESSARY_IDENTIFIER",
      async (t) => {
        const subscriber = t.subscriber("plain");
        return call(t, { phoneNumber: subscriber.phoneNumber }, await t.token({ scopes: [scope], subscriber }));
      }, 422, "UNNECESSARY_IDENTIFIER"],
    ["C02.04_missing_phone_number", "Phone number not included and cannot be deducted from the access token",
      "A 2-legged token and no phoneNumber answers 422 MISSING_IDENTIFIER", async (t) => call(t, {}, await twoLegged(t)), 422, "MISSING_IDENTIFIER"],
    ["C02.05_phone_number_not_supported", "Service not available for the phone number",
      "A line the service is not offered for answers 422 SERVICE_NOT_APPLICABLE",
      async (t) => call(t, { phoneNumber: declared(t, "notApplicable").phoneNumber }, await twoLegged(t)), 422, "SERVICE_NOT_APPLICABLE"],
  ];
  c02.forEach(([suffix, title, rule, send, status, code], i) => {
    scenario(def(`${prefix}_${suffix}`, lines.c02[i], title, rule), async (t) => t.expectError(await send(t), status, code));
  });
}
