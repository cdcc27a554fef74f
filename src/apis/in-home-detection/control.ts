/**
 * Control-plane simulations of the home networks (under /_harness/in-home), so a test or a frontend
 * can play the STB's broadcast and move an open device in and out of home:
 *   GET    /in-home/network                           households, devices, positions, broadcasts, sessions
 *   PUT    /in-home/devices/{deviceId}/network        {"at": "home" | "away" | "<tenantId>/<accountId>"}
 *   GET    /in-home/devices/{deviceId}/broadcasts     the update-in-home tokens the device hears now
 *   PUT    /in-home/stbs/{deviceId}/broadcast         {"updateInHomeToken": "..."}: the STB broadcasts it
 *   DELETE /in-home/stbs/{deviceId}/broadcast         the STB stops broadcasting (switched off)
 *   POST   /in-home/broadcast-tokens                  {"accountId"?, "tenantId"?, "expiresInSeconds"?}: a token
 *                                                     of the service with any payload (expired, incomplete)
 */
import { json, type MockRequest, type MockResponse, noContent } from "../../core/http.ts";
import type { ControlDeps, ControlRoute } from "../module.ts";
import { sessionOf } from "../shared/device-session.ts";
import { householdKey, inHomeData, type InHomeDevice } from "../shared/in-home-data.ts";
import { sealBroadcastToken } from "./broadcast-token.ts";
import { broadcastOf, heardBy, isOnNetwork, moveDevice, ownHome, type Position, positionOf, startBroadcast, stopBroadcast } from "./home-network.ts";

const problem = (status: 400 | 404, message: string) => json(status, { status, code: status === 404 ? "NOT_FOUND" : "INVALID_ARGUMENT", message });

function body(req: MockRequest): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(req.body || "{}");
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function withDevice(kind: InHomeDevice["kind"] | undefined, run: (device: InHomeDevice, req: MockRequest, deps: ControlDeps) => Promise<MockResponse>) {
  return async (req: MockRequest, params: Record<string, string>, deps: ControlDeps) => {
    const device = inHomeData(deps.data()).devices.find((d) => d.deviceId === params.deviceId);
    if (!device) return problem(404, `no in-home test device ${params.deviceId}`);
    if (kind && device.kind !== kind) return problem(400, `${device.deviceId} is a ${device.kind} device`);
    return run(device, req, deps);
  };
}

const describePosition = (p: Position) => (p.at === "home" ? p.household : "away");
const iso = (ms: number | undefined) => (ms === undefined ? {} : { expiresAt: new Date(ms).toISOString() });

async function deviceView(deps: ControlDeps, device: InHomeDevice) {
  const position = await positionOf(deps.store, device);
  const session = await sessionOf(deps.store, device.deviceId);
  const broadcast = device.kind === "managed" ? await broadcastOf(deps.store, device.deviceId) : undefined;
  return {
    deviceId: device.deviceId,
    kind: device.kind,
    connectedAt: describePosition(position),
    onNetwork: isOnNetwork(position),
    ...(broadcast ? { broadcasting: { updateInHomeToken: broadcast.token, ...iso(broadcast.expiresAt) } } : {}),
    ...(session
      ? { session: { inHome: session.inHome, live: session.expiresAt > deps.clock.now(), expiresAt: new Date(session.expiresAt).toISOString(), fixedExp: new Date(session.fixedExp).toISOString() } }
      : {}),
  };
}

export const IN_HOME_CONTROL: ControlRoute[] = [
  {
    method: "GET",
    path: "/in-home/network",
    summary: "the simulated home networks: households, devices, where each is connected, STB broadcasts, device sessions",
    async handle(_req, _params, deps) {
      const data = inHomeData(deps.data());
      const households = await Promise.all(
        data.accounts.map(async (a) => ({
          household: householdKey(a.tenantId, a.accountId),
          accountId: a.accountId,
          tenantId: a.tenantId,
          sessionControl: a.sessionControl,
          devices: await Promise.all(data.devices.filter((d) => d.accountId === a.accountId && d.tenantId === a.tenantId).map((d) => deviceView(deps, d))),
        })),
      );
      return json(200, { households });
    },
  },
  {
    method: "PUT",
    path: "/in-home/devices/{deviceId}/network",
    summary: "connect an open device at its home, at another household's home (<tenantId>/<accountId>) or away: 200",
    handle: withDevice("open", async (device, req, deps) => {
      const at = body(req)?.at;
      const data = inHomeData(deps.data());
      let position: Position | undefined;
      if (at === "home") position = ownHome(device);
      else if (at === "away") position = { at: "away" };
      else if (typeof at === "string" && data.accounts.some((a) => householdKey(a.tenantId, a.accountId) === at)) position = { at: "home", household: at };
      if (!position) return problem(400, 'body must be {"at": "home" | "away" | "<tenantId>/<accountId>" of a test household}');
      await moveDevice(deps.store, device, position);
      return json(200, await deviceView(deps, device));
    }),
  },
  {
    method: "GET",
    path: "/in-home/devices/{deviceId}/broadcasts",
    summary: "the update-in-home tokens an open device hears where it is connected now",
    handle: withDevice("open", async (device, _req, deps) => {
      const position = await positionOf(deps.store, device);
      const heard = await heardBy(deps.store, inHomeData(deps.data()), device);
      return json(200, {
        connectedAt: describePosition(position),
        onNetwork: isOnNetwork(position),
        broadcasts: heard.map((b) => ({ from: b.deviceId, updateInHomeToken: b.token, ...iso(b.expiresAt) })),
      });
    }),
  },
  {
    method: "PUT",
    path: "/in-home/stbs/{deviceId}/broadcast",
    summary: "the STB broadcasts this update-in-home token from now on: 200",
    handle: withDevice("managed", async (device, req, deps) => {
      const token = body(req)?.updateInHomeToken;
      if (typeof token !== "string" || token === "") return problem(400, 'body must be {"updateInHomeToken": "<token>"}');
      await startBroadcast(deps.store, { deviceId: device.deviceId, household: householdKey(device.tenantId, device.accountId), token });
      return json(200, await deviceView(deps, device));
    }),
  },
  {
    method: "DELETE",
    path: "/in-home/stbs/{deviceId}/broadcast",
    summary: "the STB stops broadcasting (switched off): 204",
    handle: withDevice("managed", async (device, _req, deps) => {
      await stopBroadcast(deps.store, device.deviceId);
      return noContent();
    }),
  },
  {
    method: "POST",
    path: "/in-home/broadcast-tokens",
    summary: "an update-in-home token of the service with the given accountId/tenantId (either may be left out) and lifetime: 201",
    async handle(req, _params, deps) {
      const b = body(req);
      if (!b) return problem(400, "body must be a JSON object");
      const payload: Record<string, string> = {};
      for (const f of ["accountId", "tenantId"]) if (typeof b[f] === "string") payload[f] = b[f] as string;
      const lifetime = typeof b.expiresInSeconds === "number" ? b.expiresInSeconds : inHomeData(deps.data()).settings.broadcastTokenSeconds;
      const { token, expiresAt } = await sealBroadcastToken(deps.store, deps.clock, payload, lifetime);
      return json(201, { updateInHomeToken: token, expiresAt: new Date(expiresAt).toISOString() });
    },
  },
];
