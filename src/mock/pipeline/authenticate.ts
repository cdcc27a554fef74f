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

export async function authenticate(tokens: TokenService, authorization: string | undefined, query?: URLSearchParams): Promise<AccessClaims> {
  if (query?.has("access_token")) throw new ApiError("UNAUTHENTICATED", QUERY_TOKEN_REFUSED);
  const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!m) throw new ApiError("UNAUTHENTICATED");
  try {
    return await tokens.verify(m[1]);
  } catch {
    throw new ApiError("UNAUTHENTICATED");
  }
}
