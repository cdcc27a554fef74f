/** What every auth endpoint handler gets: the request, a fresh view of the test data, and the services. */
import type { Clock } from "../core/clock.ts";
import type { MockRequest } from "../core/http.ts";
import type { TestData } from "../core/testdata.ts";
import type { AuthPolicy } from "./policy.ts";
import type { TokenService } from "./tokens.ts";

export interface AuthContext {
  req: MockRequest;
  /** issuer identifier: the origin the request reached (OIDC Discovery §3) */
  issuer: string;
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
