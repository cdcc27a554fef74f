/**
 * Device access tokens of the in-home detection family (seed 003) and the one live session of each
 * device. A device token is an access token of the mock's TokenService whose extra claims are the
 * platform's device claims (typ DevAuthN, accountId, tenantId, deviceId, ..., inHome, fixed_exp, ver).
 *
 * Each device has at most one current token: a newer one (sign-on again, in-home update) replaces it,
 * and every API of the family refuses a replaced token with 401 UNAUTHENTICATED, so an in-home claim
 * never outlives the update that cleared it.
 */
import type { AccessClaims } from "../../auth/tokens.ts";
import { ApiError } from "../../core/errors.ts";
import type { Store } from "../../core/store.ts";

export const DEVICE_TOKEN_TYPE = "DevAuthN";
export const DEVICE_TOKEN_VERSION = "1.0";

/** The platform's claims in a device access token (exp is the JWT's own). */
export interface DeviceClaims {
  typ: typeof DEVICE_TOKEN_TYPE;
  accountId: string;
  tenantId: string;
  deviceId: string;
  deviceProfileId: string;
  accountProfileId: string;
  onNetwork: boolean;
  sessionControl: { maxSessions: number; sessionControlEnabled: boolean };
  inHome: boolean;
  /** NumericDate (seconds): the session's absolute end */
  fixed_exp: number;
  ver: string;
}

/** The live session of a device: which token is current and what it says. */
export interface DeviceSession {
  deviceId: string;
  household: string;
  tokenId: string;
  inHome: boolean;
  onNetwork: boolean;
  /** ms: expiry of the current token (the session counts as live until then) */
  expiresAt: number;
  /** ms: fixed_exp */
  fixedExp: number;
}

export const SESSIONS = "in-home:sessions";
export const SESSIONS_BY_HOUSEHOLD = "in-home:sessions-by-household";

/** The device claims of a token, or undefined when it is not a device token (e.g. client credentials). */
export function deviceClaimsOf(claims: AccessClaims): Partial<DeviceClaims> | undefined {
  const extra = claims.extra;
  return extra?.typ === DEVICE_TOKEN_TYPE ? (extra as Partial<DeviceClaims>) : undefined;
}

export async function sessionOf(store: Store, deviceId: string): Promise<DeviceSession | undefined> {
  return store.get<DeviceSession>(SESSIONS, deviceId);
}

export async function saveSession(store: Store, session: DeviceSession): Promise<void> {
  await store.put(SESSIONS, session.deviceId, session);
  await store.indexAdd(SESSIONS_BY_HOUSEHOLD, session.household, session.deviceId);
}

/**
 * A device token must be its device's current token; any other token passes unchanged (the APIs
 * decide what a token without device claims may do). Throws 401 UNAUTHENTICATED for a replaced one.
 */
export async function requireCurrentToken(store: Store, claims: AccessClaims): Promise<Partial<DeviceClaims> | undefined> {
  const device = deviceClaimsOf(claims);
  if (!device) return undefined;
  const session = typeof device.deviceId === "string" ? await sessionOf(store, device.deviceId) : undefined;
  if (!session || session.tokenId !== claims.tokenId) {
    throw new ApiError("UNAUTHENTICATED", "This device access token was replaced by a newer one; use the latest token or sign on again.");
  }
  return device;
}
