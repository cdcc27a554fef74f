/**
 * Sign-on of managed and open devices, and every later device access token (seed 003): an access
 * token of the operator's TokenService (ES256 JWT) carrying the platform's device claims. Rules:
 * - the session's fixed_exp is set at sign-on and never moves; each token's exp is the sooner of
 *   now + deviceTokenSeconds and fixed_exp;
 * - each new token of a device replaces the previous one (shared/device-session.ts);
 * - sessionControl.maxSessions: with sessionControlEnabled, at most that many devices of a household
 *   have a live session; one more sign-on is 409 IN_HOME.MAX_SESSIONS_REACHED (a device signing on
 *   again reuses its own place).
 */
import { randomUUID } from "node:crypto";
import { ApiError } from "../../core/errors.ts";
import type { ModuleDeps } from "../module.ts";
import {
  DEVICE_TOKEN_TYPE,
  DEVICE_TOKEN_VERSION,
  type DeviceClaims,
  type DeviceSession,
  saveSession,
  SESSIONS_BY_HOUSEHOLD,
  sessionOf,
} from "../shared/device-session.ts";
import { accountOf, householdKey, inHomeData, type InHomeDevice } from "../shared/in-home-data.ts";
import { isOnNetwork, positionOf } from "./home-network.ts";

const CONTENT_SCOPES = ["in-home-content:channels:read", "in-home-content:content:read"];
export const DEVICE_SCOPES: Record<InHomeDevice["kind"], string[]> = {
  managed: ["in-home-detection:in-home-token:generate", ...CONTENT_SCOPES],
  open: ["in-home-detection:in-home-status:update", ...CONTENT_SCOPES],
};

export interface DeviceTokenAnswer {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
}

/** Signs a device token with these claims, records it as the device's current one. */
export async function issueDeviceToken(deps: ModuleDeps, clientId: string, scopes: string[], claims: Omit<DeviceClaims, "typ" | "ver">): Promise<DeviceTokenAnswer> {
  const now = deps.clock.now();
  const fixedExp = claims.fixed_exp * 1000;
  const lifetime = Math.min(inHomeData(deps.data()).settings.deviceTokenSeconds, (fixedExp - now) / 1000);
  if (lifetime <= 0) throw new ApiError("UNAUTHENTICATED", "The device session has reached its fixed expiry; sign on again.");
  const tokenId = randomUUID();
  const extra: DeviceClaims = { typ: DEVICE_TOKEN_TYPE, ...claims, ver: DEVICE_TOKEN_VERSION };
  const token = await deps.tokens.issue({ clientId, scopes, grant: "client_credentials", tokenId, extra: { ...extra } }, lifetime);
  const session: DeviceSession = {
    deviceId: claims.deviceId,
    household: householdKey(claims.tenantId, claims.accountId),
    tokenId,
    inHome: claims.inHome,
    onNetwork: claims.onNetwork,
    expiresAt: now + lifetime * 1000,
    fixedExp,
  };
  await saveSession(deps.store, session);
  return { access_token: token, token_type: "Bearer", expires_in: Math.floor(lifetime) };
}

/** Devices of the household, other than this one, whose current token is still alive. */
async function liveOthers(deps: ModuleDeps, household: string, deviceId: string): Promise<number> {
  const now = deps.clock.now();
  let live = 0;
  for (const id of await deps.store.indexGet(SESSIONS_BY_HOUSEHOLD, household)) {
    if (id === deviceId) continue;
    const s = await sessionOf(deps.store, id);
    if (s && s.expiresAt > now) live++;
  }
  return live;
}

/** POST /token/actions/signOn: the device's credentials against the test data, then a fresh session. */
export async function signOn(deps: ModuleDeps, clientId: string, deviceId: string, secret: string): Promise<DeviceTokenAnswer> {
  const data = inHomeData(deps.data());
  const device = data.devices.find((d) => d.deviceId === deviceId);
  const account = device && accountOf(data, device.tenantId, device.accountId);
  if (!device || device.secret !== secret || !account) throw new ApiError("IN_HOME.SIGN_ON_REFUSED");
  const household = householdKey(device.tenantId, device.accountId);
  const { maxSessions, sessionControlEnabled } = account.sessionControl;
  if (sessionControlEnabled && (await liveOthers(deps, household, device.deviceId)) >= maxSessions) {
    throw new ApiError("IN_HOME.MAX_SESSIONS_REACHED", `Account ${account.accountId} already has ${maxSessions} device(s) signed on (sessionControl.maxSessions).`);
  }
  const fixedExp = Math.floor(deps.clock.now() / 1000) + data.settings.sessionSeconds;
  return issueDeviceToken(deps, clientId, DEVICE_SCOPES[device.kind], {
    accountId: device.accountId,
    tenantId: device.tenantId,
    deviceId: device.deviceId,
    deviceProfileId: device.deviceProfileId,
    accountProfileId: account.accountProfileId,
    onNetwork: isOnNetwork(await positionOf(deps.store, device)),
    sessionControl: { ...account.sessionControl },
    inHome: false,
    fixed_exp: fixedExp,
  });
}
