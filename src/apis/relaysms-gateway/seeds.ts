/**
 * Gateway nodes ("seeds", seed 004: GET /seeds, POST /seeds/ping). A node is known by its IMSI; its
 * LPS (last ping session, Unix seconds) is the operator's clock at the ping, strictly increasing per
 * node; a node whose LPS is older than seedTtlSeconds is not listed (it comes back with a ping).
 */
import type { Clock } from "../../core/clock.ts";
import type { Store } from "../../core/store.ts";

const NODES = "relaysms-gateway:seeds";

export type SeedType = "seed" | "seeder";

export interface SeedPing {
  IMSI: string;
  MSISDN: string;
  seed_type: SeedType;
}

export interface Seed extends SeedPing {
  LPS: number;
}

interface StoredNode extends SeedPing {
  /** last ping, ms on the operator's clock */
  lastPingMs: number;
}

const asSeed = (n: StoredNode): Seed => ({ IMSI: n.IMSI, MSISDN: n.MSISDN, LPS: n.lastPingMs / 1000, seed_type: n.seed_type });

/** Adds or refreshes a node; its new LPS is later than any it had (1 ms later when the clock did not move). */
export async function pingSeed(store: Store, clock: Clock, ping: SeedPing): Promise<Seed> {
  const before = await store.get<StoredNode>(NODES, ping.IMSI);
  const lastPingMs = Math.max(Math.floor(clock.now()), before ? before.lastPingMs + 1 : 0);
  const node: StoredNode = { IMSI: ping.IMSI, MSISDN: ping.MSISDN, seed_type: ping.seed_type, lastPingMs };
  await store.put(NODES, ping.IMSI, node);
  return asSeed(node);
}

/** The nodes whose last ping is at most ttlSeconds old, by IMSI. */
export async function activeSeeds(store: Store, clock: Clock, ttlSeconds: number): Promise<Seed[]> {
  const oldest = clock.now() - ttlSeconds * 1000;
  const nodes = await store.values<StoredNode>(NODES);
  return nodes
    .filter((n) => n.lastPingMs >= oldest)
    .sort((a, b) => a.IMSI.localeCompare(b.IMSI))
    .map(asSeed);
}
