/**
 * The token endpoint (RFC 6749 §3.2): authenticates the client, then dispatches on grant_type.
 * client_credentials lives here (2-legged, CAMARA profile: `scope` REQUIRED, only for APIs that
 * process no personal data, so no subject, no openid and no ID token).
 */
import type { MockResponse } from "../core/http.ts";
import type { Client } from "../core/testdata.ts";
import type { AuthorizationCodes } from "./authorize.ts";
import { CIBA_GRANT_TYPE, cibaGrant, type CibaRequests } from "./ciba.ts";
import { authorizationCodeGrant } from "./code-grant.ts";
import { authenticateRequestClient, type AuthContext } from "./context.ts";
import { OAuthError, readForm } from "./oauth-error.ts";
import { grantScopes, parseScopes } from "./scopes.ts";
import { tokenResponse } from "./token-response.ts";

export const GRANT_TYPES = ["authorization_code", "client_credentials", CIBA_GRANT_TYPE];

export interface FlowState {
  codes: AuthorizationCodes;
  ciba: CibaRequests;
}

export async function handleToken(ctx: AuthContext, state: FlowState): Promise<MockResponse> {
  const form = readForm(ctx.req.headers["content-type"], ctx.req.body);
  const { client } = await authenticateRequestClient(ctx, form);
  const grantType = form.get("grant_type");
  switch (grantType) {
    case "client_credentials":
      return clientCredentialsGrant(ctx, client, form);
    case "authorization_code":
      return authorizationCodeGrant(ctx, client, form, state.codes);
    case CIBA_GRANT_TYPE:
      return cibaGrant(ctx, client, form, state.ciba);
    case null:
      throw new OAuthError("invalid_request", "grant_type is required");
    default:
      throw new OAuthError("unsupported_grant_type", `grant_type must be one of ${GRANT_TYPES.join(", ")}`);
  }
}

async function clientCredentialsGrant(ctx: AuthContext, client: Client, form: URLSearchParams): Promise<MockResponse> {
  const scope = form.get("scope");
  if (scope === null || scope.trim() === "") throw new OAuthError("invalid_request", "scope is required");
  const requested = parseScopes(scope, form.get("purpose"));
  if (requested.openid) throw new OAuthError("invalid_scope", "openid needs an end user; use CIBA or the authorization code flow");
  if (requested.apiScopes.length === 0) throw new OAuthError("invalid_scope", "no API scope requested");
  const apiScopes = grantScopes(client, requested.apiScopes, ctx.knownScopes);
  return tokenResponse(ctx, {
    clientId: client.clientId,
    grant: "client_credentials",
    apiScopes,
    ...(requested.purpose !== undefined ? { purpose: requested.purpose } : {}),
    openid: false,
  });
}
