/**
 * Number Verification 2.1.0 rules (no HTTP types here).
 * - Only 3-legged tokens whose end user was authenticated by the mobile network are accepted; the
 *   spec suggests telling them apart by the token's `amr`. Accepted: "nba" (what the mock's
 *   authorization-code flow records) and "mnba" (the other value of the CAMARA auth-code diagram).
 *   A 2-legged token, a CIBA token (amr "ciba") or any other login gives
 *   403 NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK.
 * - The verify body holds exactly one of phoneNumber / hashedPhoneNumber. The schema's min/maxProperties
 *   let `{"foo": 1}` through (no additionalProperties: false in 0.6 specs), so an unknown member is
 *   refused here with 400 INVALID_ARGUMENT (official test phone_number_verify_400.3).
 * - hashedPhoneNumber is the hex SHA-256 of the "+E.164" string, compared case-insensitively.
 *   A number that is not the device's is `false`, never an error.
 */
import { createHash } from "node:crypto";
import type { AccessClaims } from "../../auth/tokens.ts";
import { ApiError } from "../../core/errors.ts";

export const NETWORK_AUTHENTICATION_AMR: readonly string[] = ["nba", "mnba"];

export interface VerifyBody {
  phoneNumber?: string;
  hashedPhoneNumber?: string;
}

export function hashPhoneNumber(phoneNumber: string): string {
  return createHash("sha256").update(phoneNumber, "utf8").digest("hex");
}

/**
 * The subscriber id bound to a network-authenticated 3-legged token, else 403. NV 1.0.0 (Fall24)
 * answers a token that carries no phone number at all with 403 INVALID_TOKEN_CONTEXT.
 */
export function requireNetworkAuthentication(claims: AccessClaims, noSubject: "INVALID_TOKEN_CONTEXT" | undefined = undefined): string {
  if (claims.subscriberId === undefined && noSubject) {
    throw new ApiError(noSubject, "Phone number cannot be deduced from the access token context.");
  }
  const byNetwork = claims.amr?.some((m) => NETWORK_AUTHENTICATION_AMR.includes(m)) ?? false;
  if (claims.subscriberId === undefined || !byNetwork) {
    const why = claims.subscriberId === undefined ? "a 2-legged access token identifies no end user" : `the token's authentication (${(claims.amr ?? []).join(", ") || "unknown"}) was not network-based`;
    throw new ApiError(
      "NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK",
      `Client must authenticate via the mobile network to use this service: ${why}.`,
    );
  }
  return claims.subscriberId;
}

/** 400 unless the body names the number in exactly one of the two documented members. */
export function checkVerifyBody(body: Record<string, unknown>): VerifyBody {
  const unknown = Object.keys(body).filter((k) => k !== "phoneNumber" && k !== "hashedPhoneNumber");
  if (unknown.length > 0) {
    throw new ApiError("INVALID_ARGUMENT", `${unknown.join(", ")} is not allowed; send exactly one of phoneNumber or hashedPhoneNumber.`);
  }
  if ((body.phoneNumber === undefined) === (body.hashedPhoneNumber === undefined)) {
    throw new ApiError("INVALID_ARGUMENT", "Send exactly one of phoneNumber or hashedPhoneNumber.");
  }
  return body as VerifyBody;
}

export function matchesDeviceNumber(body: VerifyBody, devicePhoneNumber: string): boolean {
  if (body.phoneNumber !== undefined) return body.phoneNumber === devicePhoneNumber;
  return body.hashedPhoneNumber!.toLowerCase() === hashPhoneNumber(devicePhoneNumber);
}
