/**
 * The simulated home networks (seed 003, steps 2-3): where each device is connected now, and which
 * token each STB broadcasts. A managed device (STB) is always at its own home; an open device is at
 * its home, at another household's home, or away (cellular or another provider). Being connected at
 * any household of the operator means being on the operator's network (the `onNetwork` claim).
 * The control plane moves devices; what an open device "hears" is the broadcast of the STBs of the
 * home it is in.
 */
import type { Store } from "../../core/store.ts";
import { householdKey, type InHomeData, type InHomeDevice } from "../shared/in-home-data.ts";

export type Position = { at: "home"; household: string } | { at: "away" };

export interface Broadcast {
  deviceId: string;
  household: string;
  token: string;
  /** ms, when known (a token set through the control plane has none) */
  expiresAt?: number;
}

const POSITIONS = "in-home:positions";
const BROADCASTS = "in-home:broadcasts";

export function ownHome(device: InHomeDevice): Position {
  return { at: "home", household: householdKey(device.tenantId, device.accountId) };
}

/** Where the device is connected now: a move of the control plane, else its start from the test data. */
export async function positionOf(store: Store, device: InHomeDevice): Promise<Position> {
  if (device.kind === "managed") return ownHome(device);
  return (await store.get<Position>(POSITIONS, device.deviceId)) ?? (device.network === "away" ? { at: "away" } : ownHome(device));
}

export async function moveDevice(store: Store, device: InHomeDevice, position: Position): Promise<void> {
  await store.put(POSITIONS, device.deviceId, position);
}

export function isOnNetwork(position: Position): boolean {
  return position.at === "home";
}

/** The STB broadcasts this token from now on (it calls generateUpdateInHomeToken, or a test says so). */
export async function startBroadcast(store: Store, broadcast: Broadcast): Promise<void> {
  await store.put(BROADCASTS, broadcast.deviceId, broadcast);
}

/** The STB stops broadcasting (switched off). */
export async function stopBroadcast(store: Store, deviceId: string): Promise<boolean> {
  return store.delete(BROADCASTS, deviceId);
}

export async function broadcastOf(store: Store, deviceId: string): Promise<Broadcast | undefined> {
  return store.get<Broadcast>(BROADCASTS, deviceId);
}

/** The broadcasts an open device hears now: those of the STBs of the home it is in (expired ones too: the STB keeps sending). */
export async function heardBy(store: Store, data: InHomeData, device: InHomeDevice): Promise<Broadcast[]> {
  const position = await positionOf(store, device);
  if (position.at !== "home") return [];
  const stbs = data.devices.filter((d) => d.kind === "managed" && householdKey(d.tenantId, d.accountId) === position.household);
  const heard = await Promise.all(stbs.map((d) => broadcastOf(store, d.deviceId)));
  return heard.filter((b): b is Broadcast => b !== undefined);
}
