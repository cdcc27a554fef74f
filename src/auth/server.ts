/**
 * The mock operator's OAuth 2.0 / OpenID Connect authorization server (CAMARA Security &
 * Interoperability profile): discovery, JWKS, authorization code, CIBA (poll) and client
 * credentials. Framework-free: `handle` takes a MockRequest and answers, or returns undefined for
 * paths that are not the authorization server's so the caller can route them elsewhere.
 */
import type { ExpiringFactory } from "../core/expiring-map.ts";
import type { Clock } from "../core/clock.ts";
import { json, type MockRequest, type MockResponse } from "../core/http.ts";
import type { TestData } from "../core/testdata.ts";
import { createAuthorizationCodes, handleAuthorize } from "./authorize.ts";
import { createCibaRequests, handleBackchannelAuthorize } from "./ciba.ts";
import type { AuthContext } from "./context.ts";
import { AUTH_PATHS, openIdConfiguration } from "./discovery.ts";
import { OAuthError } from "./oauth-error.ts";
import { createUsedAssertions } from "./client-auth.ts";
import { testDataPolicy, type AuthPolicy } from "./policy.ts";
import { loadKnownScopes } from "./scope-catalogue.ts";
import { handleToken, type FlowState } from "./token-endpoint.ts";
import type { TokenService } from "./tokens.ts";

export interface AuthServerDeps {
  testdata: () => TestData;
  clock: Clock;
  tokens: TokenService;
  /** API scopes of the served specs; read from specs/ at creation when not given */
  knownScopes?: string[];
  /**
   * the issuer identifier (e.g. "http://127.0.0.1:4010"): discovery and the accepted assertion
   * audience follow it, never the request's Host; undefined only in-process (the Request's origin)
   */
  issuer?: () => string | undefined;
  /** where pending CIBA requests, codes and used assertion ids live (default: in memory) */
  expiring?: ExpiringFactory;
  /** clients and consent decisions; default: clients of the test data, no consent refusal */
  policy?: AuthPolicy;
}

export interface AuthServer {
  handle(req: MockRequest): Promise<MockResponse | undefined>;
  /** forgets pending CIBA requests, authorization codes and used assertion ids */
  reset(): Promise<void>;
}

type Handler = (ctx: AuthContext, state: FlowState) => MockResponse | Promise<MockResponse>;

const ROUTES = new Map<string, { method: string; handler: Handler }>([
  [AUTH_PATHS.discovery, { method: "GET", handler: (ctx) => json(200, openIdConfiguration(ctx.issuer, ctx.knownScopes)) }],
  [AUTH_PATHS.jwks, { method: "GET", handler: (ctx) => json(200, ctx.tokens.jwks()) }],
  [AUTH_PATHS.authorize, { method: "GET", handler: (ctx, state) => handleAuthorize(ctx, state.codes) }],
  [AUTH_PATHS.backchannel, { method: "POST", handler: (ctx, state) => handleBackchannelAuthorize(ctx, state.ciba) }],
  [AUTH_PATHS.token, { method: "POST", handler: handleToken }],
]);

export function createAuthServer(deps: AuthServerDeps): AuthServer {
  const knownScopes = deps.knownScopes ?? loadKnownScopes();
  const policy = deps.policy ?? testDataPolicy(deps.testdata);
  const state: FlowState = { codes: createAuthorizationCodes(deps.expiring), ciba: createCibaRequests(deps.expiring) };
  const usedAssertions = createUsedAssertions(deps.expiring);

  return {
    async handle(req) {
      const route = ROUTES.get(req.path);
      if (!route) return undefined;
      if (req.method.toUpperCase() !== route.method) {
        return json(405, { error: "invalid_request", error_description: `use ${route.method}` }, { allow: route.method });
      }
      const ctx: AuthContext = {
        req,
        issuer: deps.issuer?.() ?? req.origin,
        usedAssertions,
        data: deps.testdata(),
        clock: deps.clock,
        tokens: deps.tokens,
        knownScopes,
        policy,
      };
      try {
        return await route.handler(ctx, state);
      } catch (error) {
        if (error instanceof OAuthError) return error.toResponse();
        throw error;
      }
    },
    async reset() {
      await state.codes.clear();
      await state.ciba.clear();
      await usedAssertions.clear();
    },
  };
}
