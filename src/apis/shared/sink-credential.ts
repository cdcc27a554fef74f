/**
 * The sink credential rules of the Fall25 APIs with notifications (QoD 1.1.0, qos-provisioning 0.3.0;
 * official tests 400.6 / 400.7): only ACCESSTOKEN credentials, with bearer tokens, and all three of
 * accessToken, accessTokenExpiresUtc and accessTokenType.
 */
import { ApiError } from "../../core/errors.ts";
import type { SinkCredential } from "../../core/notifications.ts";

export function checkSinkCredential(credential: SinkCredential | undefined): void {
  if (!credential) return;
  if (credential.credentialType !== "ACCESSTOKEN") {
    throw new ApiError("INVALID_CREDENTIAL", "sinkCredential.credentialType must be ACCESSTOKEN");
  }
  for (const field of ["accessToken", "accessTokenExpiresUtc", "accessTokenType"] as const) {
    if (credential[field] === undefined) throw new ApiError("INVALID_ARGUMENT", `sinkCredential.${field} is required`);
  }
  if (credential.accessTokenType !== "bearer") {
    throw new ApiError("INVALID_TOKEN", "sinkCredential.accessTokenType must be bearer");
  }
}
