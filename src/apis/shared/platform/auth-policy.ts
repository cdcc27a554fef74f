/**
 * The platform seen by the authorization server and by the API pipeline:
 *  - clients are the platform's ACTIVE applications of ACTIVE tenants (a disabled application or a
 *    suspended tenant gets invalid_client at /token and /bc-authorize);
 *  - a 3-legged token is refused (access_denied) when the subscriber's consent for (application,
 *    scopes, purpose) is missing or not valid, or the subscriber objected to the processing;
 *  - a live token stops working at once: 401 when its application or tenant no longer may act,
 *    403 PERMISSION_DENIED when the consent it was issued under was revoked or has expired.
 */
import type { AuthPolicy } from "../../../auth/policy.ts";
import type { AccessClaims } from "../../../auth/tokens.ts";
import { ApiError } from "../../../core/errors.ts";
import type { Client } from "../../../core/testdata.ts";
import { refusal } from "./evaluate.ts";
import type { Application } from "./model.ts";
import { AT_ONCE_UNKNOWN, type Platform } from "./platform.ts";

export function clientOf(app: Application): Client {
  return {
    clientId: app.applicationId,
    name: app.name,
    scopes: app.scopes,
    redirectUris: app.redirectUris,
    ...(app.clientSecret !== undefined ? { clientSecret: app.clientSecret } : {}),
    ...(app.clientSecretSha256 !== undefined ? { clientSecretSha256: app.clientSecretSha256 } : {}),
    ...(app.jwks ? { jwks: app.jwks } : {}),
    ...(app.rateLimitPerSecond !== undefined ? { rateLimitPerSecond: app.rateLimitPerSecond } : {}),
  };
}

export function platformAuthPolicy(platform: Platform): AuthPolicy {
  return {
    async findClient(clientId) {
      const app = await platform.activeApplication(clientId);
      return app ? clientOf(app) : undefined;
    },
    async consentRefusal(req) {
      const application = await platform.activeApplication(req.clientId);
      if (!application) return "the application may not act";
      const refused = await refusal(platform, { application, subscriberId: req.subscriberId, scopes: req.apiScopes, purpose: req.purpose });
      return refused ? describe(refused.capability.apiName, refused.reason) : undefined;
    },
  };
}

function describe(api: string, reason: string | undefined): string {
  if (reason === "OBJECTED") return `the end user objected to the use of ${api} for this purpose`;
  return `the end user has no valid consent for ${api} with this purpose (${reason ?? "not valid"})`;
}

/**
 * The pipeline's token-validity hook: an ApiError when a verified token may no longer be used. A
 * 2-legged token over an in-memory store is answered at once (no promise): that is most requests.
 */
export function liveTokenRefusal(platform: Platform, claims: AccessClaims): ApiError | undefined | Promise<ApiError | undefined> {
  if (claims.subscriberId === undefined) {
    const application = platform.activeApplicationAtOnce(claims.clientId);
    if (application !== AT_ONCE_UNKNOWN) return application ? undefined : new ApiError("UNAUTHENTICATED");
  }
  return liveTokenRefusalLater(platform, claims);
}

async function liveTokenRefusalLater(platform: Platform, claims: AccessClaims): Promise<ApiError | undefined> {
  const application = await platform.activeApplication(claims.clientId);
  if (!application) return new ApiError("UNAUTHENTICATED");
  if (claims.subscriberId === undefined) return undefined;
  const refused = await refusal(platform, { application, subscriberId: claims.subscriberId, scopes: claims.scopes, purpose: claims.purpose });
  if (!refused) return undefined;
  return new ApiError("PERMISSION_DENIED", `The token's consent for ${refused.capability.apiName} is no longer valid (${refused.reason}).`);
}
