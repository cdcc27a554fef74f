/**
 * Per-client rate limit: a fixed one-second window of the virtual clock per client id, counted by the
 * world (in memory, or on Redis so that every replica counts the same requests).
 * Over the limit -> 429 TOO_MANY_REQUESTS (only for operations that document 429).
 */
import type { Clock } from "../../core/clock.ts";
import { ApiError } from "../../core/errors.ts";
import type { World } from "../../core/world.ts";

/** real time a window's counter is kept: a virtual second may last long on a frozen clock, not forever */
const WINDOW_TTL_MS = 2000;

export class RateLimiter {
  private lastKey: { clientId: string; second: number; text: string } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly world: Pick<World, "count" | "clearCounters">,
  ) {}

  /** Counts the request; throws TOO_MANY_REQUESTS over the limit. Returns a promise only when the count is shared (Redis). */
  hit(clientId: string, limitPerSecond: number): void | Promise<void> {
    const second = Math.floor(this.clock.now() / 1000);
    // the same counter key as the last request's when client and second are the same: no new string to hash
    let key = this.lastKey;
    if (!key || key.second !== second || key.clientId !== clientId) this.lastKey = key = { clientId, second, text: `rate:${clientId}:${second}` };
    const count = this.world.count(key.text, WINDOW_TTL_MS);
    if (typeof count !== "number") return count.then((n) => refuseOver(n, limitPerSecond));
    refuseOver(count, limitPerSecond);
  }

  reset(): Promise<void> {
    return this.world.clearCounters();
  }
}

function refuseOver(count: number, limitPerSecond: number): void {
  if (count > limitPerSecond) throw new ApiError("TOO_MANY_REQUESTS", `Rate limit of ${limitPerSecond} requests per second reached.`);
}
