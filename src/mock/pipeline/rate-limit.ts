/**
 * Per-client rate limit: a fixed one-second window per client id, on the virtual clock.
 * Over the limit -> 429 TOO_MANY_REQUESTS (only for operations that document 429).
 */
import type { Clock } from "../../core/clock.ts";
import { ApiError } from "../../core/errors.ts";

export class RateLimiter {
  private readonly windows = new Map<string, { second: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  hit(clientId: string, limitPerSecond: number): void {
    const second = Math.floor(this.clock.now() / 1000);
    let w = this.windows.get(clientId);
    if (!w || w.second !== second) this.windows.set(clientId, (w = { second, count: 0 }));
    w.count++;
    if (w.count > limitPerSecond) {
      throw new ApiError("TOO_MANY_REQUESTS", `Rate limit of ${limitPerSecond} requests per second reached.`);
    }
  }

  reset(): void {
    this.windows.clear();
  }
}
