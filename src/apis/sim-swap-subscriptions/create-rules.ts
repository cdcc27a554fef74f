/**
 * The 400 rules of `createSimSwapSubscription` that the schema cannot express (the request validator
 * has already refused schema violations with INVALID_ARGUMENT: unknown event type, missing sink,
 * protocol, types or config, a sink that is not a URL). CAMARA event subscription guide §2.2.3 and
 * §4.3; CAMARA_event_common CreateSubscriptionBadRequest400; our spec's
 * CreateSubscriptionBadRequest400 description:
 *   protocol other than HTTP                               -> INVALID_PROTOCOL
 *   sinkCredential.credentialType other than ACCESSTOKEN   -> INVALID_CREDENTIAL (PLAIN, REFRESHTOKEN)
 *   sinkCredential.accessTokenType other than bearer       -> INVALID_TOKEN
 *   an ACCESSTOKEN credential without token, expiry, type  -> INVALID_ARGUMENT (AccessTokenCredential.required)
 *   config.subscriptionExpireTime not in the future        -> INVALID_ARGUMENT
 *   sinkCredential.accessTokenExpiresUtc not in the future -> INVALID_ARGUMENT (the operator could never
 *                                                             authenticate to the sink; same rule as expiry)
 * Ajv ignores OpenAPI discriminators, so the AccessTokenCredential branch is checked here.
 */
import { ApiError } from "../../core/errors.ts";
import type { SinkCredential } from "../../core/notifications.ts";

export interface SubscriptionRequestBody {
  protocol: string;
  sink: string;
  sinkCredential?: SinkCredential;
  types: string[];
  config: {
    subscriptionDetail: { phoneNumber?: string };
    subscriptionExpireTime?: string;
    subscriptionMaxEvents?: number;
  };
}

/** RFC 3339 date-time with a time zone (CAMARA date-time rule). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function checkSinkCredential(credential: SinkCredential | undefined, now: number): void {
  if (!credential) return;
  if (credential.credentialType !== "ACCESSTOKEN") {
    throw new ApiError("INVALID_CREDENTIAL", "Only ACCESSTOKEN is accepted as sinkCredential.credentialType.");
  }
  if (credential.accessTokenType !== undefined && credential.accessTokenType !== "bearer") {
    throw new ApiError("INVALID_TOKEN", "Only bearer tokens are accepted in sinkCredential.accessTokenType.");
  }
  for (const field of ["accessToken", "accessTokenExpiresUtc", "accessTokenType"] as const) {
    if (typeof credential[field] !== "string" || credential[field] === "") {
      throw new ApiError("INVALID_ARGUMENT", `sinkCredential.${field} is required (a non-empty string) for ACCESSTOKEN`);
    }
  }
  const expires = credential.accessTokenExpiresUtc!;
  if (!RFC3339.test(expires) || Number.isNaN(Date.parse(expires))) {
    throw new ApiError("INVALID_ARGUMENT", "sinkCredential.accessTokenExpiresUtc must be an RFC 3339 date-time with time zone");
  }
  if (Date.parse(expires) <= now) {
    throw new ApiError("INVALID_ARGUMENT", "sinkCredential.accessTokenExpiresUtc is not in the future: the sink token has expired");
  }
}

/** Throws the 400 the request deserves, if any; `now` is the virtual clock. */
export function checkCreateRequest(body: SubscriptionRequestBody, now: number): void {
  if (body.protocol !== "HTTP") {
    throw new ApiError("INVALID_PROTOCOL", `Only HTTP is supported as protocol, not ${body.protocol}.`);
  }
  checkSinkCredential(body.sinkCredential, now);
  const expireTime = body.config.subscriptionExpireTime;
  if (expireTime !== undefined && Date.parse(expireTime) <= now) {
    throw new ApiError("INVALID_ARGUMENT", `config.subscriptionExpireTime ${expireTime} is not in the future.`);
  }
}
