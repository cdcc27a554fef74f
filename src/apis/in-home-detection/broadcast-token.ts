/**
 * The update-in-home token an STB broadcasts (seed 003, step 1): the household's account id and
 * tenant id, encrypted by the identity service as a compact JWE (RFC 7516, `dir` + A256GCM) with an
 * expiry, so it is opaque to the STB, to the app that relays it and to anyone listening on the home
 * network. The key is the service's own, kept in the store (so the replicas of one mock on Redis share
 * it): nobody else can make or read one.
 */
import { randomBytes } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import type { Clock } from "../../core/clock.ts";
import { ApiError } from "../../core/errors.ts";
import type { Store } from "../../core/store.ts";

export interface BroadcastPayload {
  accountId?: string;
  tenantId?: string;
  /** the STB that asked for it (information only) */
  deviceId?: string;
}

const KEYS = "in-home.keys";

/** The key; made on the first seal only (reading a token never writes: a refused request changes nothing). */
async function keyOf(store: Store, make: boolean): Promise<Uint8Array | undefined> {
  let key = await store.get<string>(KEYS, "broadcast");
  if (key === undefined && make) await store.put(KEYS, "broadcast", (key = randomBytes(32).toString("base64url")));
  return key === undefined ? undefined : new Uint8Array(Buffer.from(key, "base64url"));
}

/** Encrypts a payload valid for `lifetimeSeconds` (negative: already expired, for tests). */
export async function sealBroadcastToken(store: Store, clock: Clock, payload: BroadcastPayload, lifetimeSeconds: number) {
  const now = Math.floor(clock.now() / 1000);
  const expiresAt = now + Math.floor(lifetimeSeconds);
  const token = await new EncryptJWT({ ...payload })
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", typ: "update-in-home+jwt" })
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .encrypt((await keyOf(store, true))!);
  return { token, expiresAt: expiresAt * 1000 };
}

/**
 * Decrypts and checks a broadcast token: 400 IN_HOME.TOKEN_EXPIRED past its expiry, 400
 * IN_HOME.TOKEN_INVALID when it is not one of ours (unreadable, tampered with, another key) or lacks
 * the account or the tenant.
 */
export async function openBroadcastToken(store: Store, clock: Clock, token: string): Promise<Required<Pick<BroadcastPayload, "accountId" | "tenantId">>> {
  let payload: Record<string, unknown>;
  try {
    const key = await keyOf(store, false);
    if (!key) throw new Error("no token was ever sealed");
    ({ payload } = await jwtDecrypt(token, key, {
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
      currentDate: new Date(clock.now()),
      requiredClaims: ["exp"],
    }));
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_JWT_EXPIRED") throw new ApiError("IN_HOME.TOKEN_EXPIRED", "The updateInHomeToken has expired; listen for a fresh broadcast.");
    throw new ApiError("IN_HOME.TOKEN_INVALID", "The updateInHomeToken cannot be read: it was not issued by this service or was altered.");
  }
  for (const field of ["accountId", "tenantId"] as const) {
    if (typeof payload[field] !== "string" || payload[field] === "") {
      throw new ApiError("IN_HOME.TOKEN_INVALID", `The updateInHomeToken carries no ${field}.`);
    }
  }
  return { accountId: payload.accountId as string, tenantId: payload.tenantId as string };
}
