/**
 * OAuth 2.0 error answers (RFC 6749 §5.2, OIDC CIBA §13 and §11, CAMARA Security & Interoperability
 * profile Appendix A). Handlers throw one error type; the server renders it in one place, so every
 * answer of the token and backchannel endpoints gets the same body shape and cache headers.
 */
import { json, type MockResponse } from "../core/http.ts";

export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "invalid_scope"
  | "access_denied"
  | "unknown_user_id"
  | "authorization_pending"
  | "slow_down"
  | "expired_token";

/** Token responses and their errors must never be cached (RFC 6749 §5.1). */
export const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" } as const;

export class OAuthError extends Error {
  override name = "OAuthError";

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** 400 unless said otherwise; invalid_client is 401 (RFC 6749 §5.2) */
    readonly status: number = code === "invalid_client" ? 401 : 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${code}: ${description}`);
  }

  toResponse(): MockResponse {
    return json(
      this.status,
      { error: this.code, error_description: this.description },
      { ...NO_STORE, ...this.headers },
    );
  }
}

/**
 * Reads an application/x-www-form-urlencoded body. RFC 6749 §3.2 requires that media type, and
 * §3.1 forbids repeating a parameter, so both are refused with invalid_request.
 */
export function readForm(contentType: string | undefined, body: string): URLSearchParams {
  const media = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (media !== "application/x-www-form-urlencoded") {
    throw new OAuthError("invalid_request", "the body must be application/x-www-form-urlencoded");
  }
  const form = new URLSearchParams(body);
  rejectRepeated(form);
  return form;
}

/** RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once." */
export function rejectRepeated(params: URLSearchParams): void {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) throw new OAuthError("invalid_request", `parameter '${name}' is repeated`);
    seen.add(name);
  }
}
