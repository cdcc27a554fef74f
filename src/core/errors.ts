/**
 * The CAMARA ErrorInfo catalogue (Commonalities design guide, error responses) as data, and the one
 * error type every handler throws. One error handler (app.ts) renders it and echoes x-correlator.
 */
import { json, type MockResponse } from "./http.ts";

export const ERROR_CATALOGUE = {
  INVALID_ARGUMENT: { status: 400, message: "The request has an invalid argument, body or parameter." },
  OUT_OF_RANGE: { status: 400, message: "A value of the request is outside the allowed range." },
  INVALID_PROTOCOL: { status: 400, message: "Only HTTP is supported as the delivery protocol." },
  INVALID_CREDENTIAL: { status: 400, message: "Only an access token (ACCESSTOKEN) is accepted as sink credential." },
  INVALID_TOKEN: { status: 400, message: "Only bearer access tokens are accepted as sink credential." },
  INVALID_SINK: { status: 400, message: "The sink is not valid for the requested protocol." },
  UNAUTHENTICATED: {
    status: 401,
    message: "The request is not authenticated: the credentials are missing, invalid or expired.",
  },
  PERMISSION_DENIED: { status: 403, message: "The client is not allowed to perform this action." },
  INVALID_TOKEN_CONTEXT: { status: 403, message: "The request is not consistent with the access token." },
  NOT_FOUND: { status: 404, message: "The resource does not exist." },
  IDENTIFIER_NOT_FOUND: { status: 404, message: "No device or phone number matches the given identifier." },
  METHOD_NOT_ALLOWED: { status: 405, message: "This method is not allowed on this resource." },
  CONFLICT: { status: 409, message: "A conflicting resource already exists." },
  ALREADY_EXISTS: { status: 409, message: "The resource already exists." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "The request content type is not supported." },
  SERVICE_NOT_APPLICABLE: { status: 422, message: "The service is not available for this identifier." },
  MISSING_IDENTIFIER: { status: 422, message: "No identifier was given and the access token does not identify one." },
  UNSUPPORTED_IDENTIFIER: { status: 422, message: "None of the given identifier types is supported." },
  UNNECESSARY_IDENTIFIER: { status: 422, message: "The access token already identifies the subject; do not send an identifier." },
  NOT_IMPLEMENTED: { status: 501, message: "This functionality is not implemented." },
  // codes of older releases, reached through release-errors.ts
  UNIDENTIFIABLE_DEVICE: { status: 422, message: "The device cannot be identified." },
  IDENTIFIER_MISMATCH: { status: 422, message: "The device identifiers given do not designate the same device." },
  TOO_MANY_REQUESTS: { status: 429, message: "Rate limit reached; retry later." },
  QUOTA_EXCEEDED: { status: 429, message: "The business quota is exhausted." },
  INTERNAL: { status: 500, message: "Unexpected server error." },
  "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE": {
    status: 422,
    message: "The QoS profile cannot be used for a new session.",
  },
  "QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED": {
    status: 409,
    message: "The session can only be extended while it is AVAILABLE.",
  },
  "QUALITY_ON_DEMAND.DURATION_OUT_OF_RANGE": {
    status: 400,
    message: "The duration is outside the range allowed by the QoS profile.",
  },
  "QOS_PROVISIONING.QOS_PROFILE_NOT_APPLICABLE": {
    status: 422,
    message: "The QoS profile cannot be assigned to a device.",
  },
  // Click to Dial 0.1.0 (its own 422 codes, without an API prefix in the official definition)
  INVALID_PHONE_NUMBER: { status: 422, message: "Caller or callee number is not a valid E.164 phone number." },
  SAME_CALLER_CALLEE: { status: 422, message: "The caller and the callee must be different numbers." },
  RECORDING_NOT_SUPPORTED: { status: 422, message: "Recording is not offered for this call." },
  CALLER_NOT_AVAILABLE: { status: 422, message: "The caller cannot start a call at the moment." },
  CALLEE_NOT_AVAILABLE: { status: 422, message: "The callee cannot receive a call at the moment." },
  "NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK": {
    status: 403,
    message: "Client must authenticate via the mobile network to use this service.",
  },
  // In-home Detection and In-home Content (our own APIs, seed 003)
  "IN_HOME.ACCOUNT_MISSING": { status: 400, message: "The access token carries no accountId or no tenantId." },
  "IN_HOME.TOKEN_MISSING": { status: 400, message: "updateInHomeToken is required when inHome is true." },
  "IN_HOME.TOKEN_INVALID": { status: 400, message: "The updateInHomeToken is not a valid token of this service." },
  "IN_HOME.TOKEN_EXPIRED": { status: 400, message: "The updateInHomeToken has expired." },
  "IN_HOME.ACCOUNT_MISMATCH": { status: 400, message: "The updateInHomeToken belongs to another account or tenant." },
  "IN_HOME.SIGN_ON_REFUSED": { status: 403, message: "The device credentials are not accepted." },
  "IN_HOME.OFF_NETWORK": { status: 403, message: "The device is not connected through the operator's network." },
  "IN_HOME.IN_HOME_ONLY": { status: 403, message: "This item may only be consumed at home." },
  "IN_HOME.MAX_SESSIONS_REACHED": { status: 409, message: "The account already has as many devices signed on as it may." },
  "CONSENT_INFO.NOT_ALLOWED_SCOPES_PURPOSE": {
    status: 403,
    message: "The requested scope(s) and purpose combination is not allowed for this API consumer.",
  },
  "CONSENT_INFO.CAPTURE_FREQUENCY_EXCEEDED": {
    status: 403,
    message: "Too many consent capture requests for this phone number; try again later.",
  },
  "CONSENT_INFO.INVALID_CALLBACK_URL": { status: 403, message: "The callback URL is not acceptable." },
  "OPEN_GATEWAY_PLATFORM.NOT_ALLOWED_SCOPES_PURPOSE": {
    status: 422,
    message: "The scopes and purpose are not offered together by one capability of the catalogue.",
  },
  "OPEN_GATEWAY_PLATFORM.LEGAL_BASIS_MISMATCH": {
    status: 422,
    message: "The decision does not fit the capability's legal basis (grant for consent, objection for legitimate interest).",
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message?: string) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
  }

  toErrorInfo(): { status: number; code: string; message: string } {
    return { status: this.status, code: this.code, message: this.message };
  }
}

/** An ErrorInfo answer from the catalogue (status from the code), with extra headers. */
export function errorResponse(code: ErrorCode, message?: string, headers: Record<string, string> = {}): MockResponse {
  const status = ERROR_CATALOGUE[code].status;
  return json(status, { status, code, message: message ?? ERROR_CATALOGUE[code].message }, headers);
}
