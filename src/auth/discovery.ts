/**
 * OpenID Provider metadata (OIDC Discovery §3). CAMARA APIs point their `openIdConnectUrl` here, so
 * this document is how a client finds every other endpoint; the issuer is the origin the request
 * reached, so the same mock works in-process, on a port, or behind a proxy.
 */
import { CIBA_GRANT_TYPE } from "./ciba.ts";
import { ASSERTION_ALGORITHMS, CLIENT_AUTH_METHODS } from "./client-auth.ts";

export const AUTH_PATHS = {
  discovery: "/.well-known/openid-configuration",
  jwks: "/jwks",
  authorize: "/authorize",
  backchannel: "/bc-authorize",
  token: "/token",
} as const;

export function openIdConfiguration(issuer: string, knownScopes: string[]): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: issuer + AUTH_PATHS.authorize,
    token_endpoint: issuer + AUTH_PATHS.token,
    backchannel_authentication_endpoint: issuer + AUTH_PATHS.backchannel,
    jwks_uri: issuer + AUTH_PATHS.jwks,
    grant_types_supported: ["authorization_code", "client_credentials", CIBA_GRANT_TYPE],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    code_challenge_methods_supported: ["S256"],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    backchannel_token_delivery_modes_supported: ["poll"],
    backchannel_user_code_parameter_supported: false,
    scopes_supported: ["openid", ...knownScopes],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["ES256"],
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "amr", "nonce"],
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}
