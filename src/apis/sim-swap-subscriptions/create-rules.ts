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
import { parseDateTime } from "../../core/date-time.ts";
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
  const expiresAt = parseDateTime(expires);
  if (expiresAt === undefined) {
    throw new ApiError("INVALID_ARGUMENT", "sinkCredential.accessTokenExpiresUtc must be an RFC 3339 date-time with time zone");
  }
  if (expiresAt <= now) {
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
  if (expireTime === undefined) return;
  const expiresAt = parseDateTime(expireTime);
  if (expiresAt === undefined) {
    throw new ApiError("INVALID_ARGUMENT", "config.subscriptionExpireTime must be an RFC 3339 date-time within years 0000..9999");
  }
  if (expiresAt <= now) {
    throw new ApiError("INVALID_ARGUMENT", `config.subscriptionExpireTime ${expireTime} is not in the future.`);
  }
}
