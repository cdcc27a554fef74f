/**
 * Bearer token authentication for every CAMARA API. Whatever is wrong (no header, another scheme,
 * malformed, tampered or expired token) the answer is the same non-descriptive 401 UNAUTHENTICATED
 * (design guide, note on 401). One exception says what to do instead: a token sent in the query
 * string (`?access_token=`, RFC 6750 §2.3, which the ClickToCall seed offered) is refused with a
 * message pointing to the Authorization header: URLs end up in logs, histories and Referer headers,
 * and the CAMARA security profile (and the OAuth 2.0 Security BCP, RFC 9700) take tokens in the
 * header only.
 */
import type { AccessClaims, TokenService } from "../../auth/tokens.ts";
import { ApiError } from "../../core/errors.ts";

export const QUERY_TOKEN_REFUSED =
  "Access tokens are not accepted in the query string (access_token): send them in the Authorization header as 'Bearer <token>'.";

/**
 * The token's claims: at once (no promise) for a token verified before, the common case, else a
 * promise of the verification.
 */
export function authenticate(tokens: TokenService, authorization: string | undefined, query?: URLSearchParams): AccessClaims | Promise<AccessClaims> {
  if (query?.has("access_token")) throw new ApiError("UNAUTHENTICATED", QUERY_TOKEN_REFUSED);
  const token = authorization === undefined ? undefined : bearerToken(authorization);
  if (!token) throw new ApiError("UNAUTHENTICATED");
  let cached: AccessClaims | undefined;
  try {
    cached = tokens.cached(token);
  } catch {
    throw new ApiError("UNAUTHENTICATED");
  }
  if (cached) return cached;
  // only a token equal to one verified before is cached, and none of those holds whitespace
  if (/\s/.test(token)) throw new ApiError("UNAUTHENTICATED");
  return tokens.verify(token).catch(() => Promise.reject(new ApiError("UNAUTHENTICATED")));
}

/**
 * `Bearer <token>` (scheme case-insensitive, RFC 7235 §2.1): what follows the scheme, trimmed, or
 * undefined for another scheme or an empty token. Whitespace inside is refused by the caller.
 */
function bearerToken(authorization: string): string | undefined {
  if (authorization.length < 8 || !/^bearer\s/i.test(authorization.slice(0, 7))) return undefined;
  const token = authorization.slice(7).trim();
  return token !== "" ? token : undefined;
}
