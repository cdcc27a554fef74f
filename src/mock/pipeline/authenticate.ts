/**
 * Bearer token authentication for every CAMARA API. Whatever is wrong (no header, another scheme,
 * malformed, tampered or expired token) the answer is the same non-descriptive 401 UNAUTHENTICATED
 * (design guide, note on 401).
 */
import type { AccessClaims, TokenService } from "../../auth/tokens.ts";
import { ApiError } from "../../core/errors.ts";

export async function authenticate(tokens: TokenService, authorization: string | undefined): Promise<AccessClaims> {
  const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!m) throw new ApiError("UNAUTHENTICATED");
  try {
    return await tokens.verify(m[1]);
  } catch {
    throw new ApiError("UNAUTHENTICATED");
  }
}
