/** What every auth endpoint handler gets: the request, a fresh view of the test data, and the services. */
import type { Clock } from "../core/clock.ts";
import type { MockRequest } from "../core/http.ts";
import type { TestData } from "../core/testdata.ts";
import { type AuthenticatedClient, authenticateClient, type UsedAssertions } from "./client-auth.ts";
import type { AuthPolicy } from "./policy.ts";
import type { TokenService } from "./tokens.ts";

export interface AuthContext {
  req: MockRequest;
  /**
   * issuer identifier (OIDC Discovery §3): the configured one (the listening URL, or --issuer); only an
   * in-process mock without one falls back to the origin of the Request it was handed
   */
  issuer: string;
  /** private_key_jwt assertions already used (replay protection) */
  usedAssertions: UsedAssertions;
  data: TestData;
  clock: Clock;
  tokens: TokenService;
  /** every API scope of the served specs */
  knownScopes: string[];
  /** clients and consent decisions (the platform, or the test data alone) */
  policy: AuthPolicy;
}

export function endpointUrl(ctx: AuthContext): string {
  return ctx.issuer + ctx.req.path;
}

/** Authenticates the client of a request to the token or backchannel endpoint (client-auth.ts). */
export function authenticateRequestClient(ctx: AuthContext, form: URLSearchParams): Promise<AuthenticatedClient> {
  return authenticateClient(ctx.req.headers.authorization, form, {
    findClient: (id) => ctx.policy.findClient(id),
    clock: ctx.clock,
    issuer: ctx.issuer,
    endpointUrl: endpointUrl(ctx),
    usedAssertions: ctx.usedAssertions,
  });
}
