/**
 * In-home Detection 1.0.0 operations (seed 003): sign-on, the STB's update-in-home token, and the
 * open device's in-home status. Checks, in order: the token is the device's current one (401), it
 * names a household (400 IN_HOME.ACCOUNT_MISSING), then the broadcast token (400 IN_HOME.TOKEN_*,
 * IN_HOME.ACCOUNT_MISMATCH), then the network (403 IN_HOME.OFF_NETWORK). Nothing changes on an error.
 */
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import type { ModuleDeps } from "../module.ts";
import { type DeviceClaims, requireCurrentToken } from "../shared/device-session.ts";
import { householdKey, inHomeData } from "../shared/in-home-data.ts";
import { openBroadcastToken, sealBroadcastToken } from "./broadcast-token.ts";
import { issueDeviceToken, signOn } from "./device-tokens.ts";
import { isOnNetwork, positionOf, startBroadcast } from "./home-network.ts";

type Household = Partial<DeviceClaims> & { accountId: string; tenantId: string; deviceId: string };

function requireHousehold(device: Partial<DeviceClaims> | undefined): Household {
  if (!device || typeof device.accountId !== "string" || typeof device.tenantId !== "string" || typeof device.deviceId !== "string") {
    throw new ApiError("IN_HOME.ACCOUNT_MISSING", "The access token carries no accountId or no tenantId: sign the device on first.");
  }
  return device as Household;
}

export function inHomeDetectionHandlers(deps: ModuleDeps): HandlerSet {
  return {
    async signOn({ input, claims }) {
      const body = input.body as { deviceId: string; deviceSecret: string };
      return { status: 200, body: await signOn(deps, claims.clientId, body.deviceId, body.deviceSecret) };
    },

    async generateUpdateInHomeToken({ claims }) {
      const device = requireHousehold(await requireCurrentToken(deps.store, claims));
      const lifetime = inHomeData(deps.data()).settings.broadcastTokenSeconds;
      const payload = { accountId: device.accountId, tenantId: device.tenantId, deviceId: device.deviceId };
      const { token, expiresAt } = await sealBroadcastToken(deps.store, deps.clock, payload, lifetime);
      // the simulated STB broadcasts what it was given, until it asks again
      await startBroadcast(deps.store, { deviceId: device.deviceId, household: householdKey(device.tenantId, device.accountId), token, expiresAt });
      return { status: 200, body: { updateInHomeToken: token, expiresAt: new Date(expiresAt).toISOString() } };
    },

    async updateInHomeStatus({ input, claims }) {
      const device = requireHousehold(await requireCurrentToken(deps.store, claims));
      const body = input.body as { updateInHomeToken?: string; inHome: boolean };
      const known = inHomeData(deps.data()).devices.find((d) => d.deviceId === device.deviceId);
      const onNetwork = known ? isOnNetwork(await positionOf(deps.store, known)) : device.onNetwork === true;
      if (body.inHome) {
        if (body.updateInHomeToken === undefined) throw new ApiError("IN_HOME.TOKEN_MISSING");
        const household = await openBroadcastToken(deps.store, deps.clock, body.updateInHomeToken);
        if (household.accountId !== device.accountId || household.tenantId !== device.tenantId) {
          throw new ApiError("IN_HOME.ACCOUNT_MISMATCH", "The updateInHomeToken belongs to another account or tenant than the access token.");
        }
        if (!onNetwork) throw new ApiError("IN_HOME.OFF_NETWORK", "inHome true needs a connection through the operator's network; this device is away.");
      }
      const { typ: _typ, ver: _ver, ...rest } = device as DeviceClaims;
      const answer = await issueDeviceToken(deps, claims.clientId, claims.scopes, { ...rest, inHome: body.inHome, onNetwork });
      return { status: 200, body: answer };
    },
  };
}
