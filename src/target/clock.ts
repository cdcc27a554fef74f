/**
 * Time on the target: its virtual clock where it exposes one (our mock's /_harness/clock), else the
 * runner's own clock with a skew allowance. Waiting for a state moves the virtual clock one second at
 * a time instead of sleeping; only a target without a clock costs real seconds.
 */
import { describeFetchFailure } from "./network-error.ts";
import type { TargetContext } from "./target.ts";

export interface TargetTime {
  /** the target's "now", ms since the epoch */
  now: number;
  /** how far the target's clock may be from ours, ms */
  tolerance: number;
}

/** Moves the target's virtual clock forward (POST {clockUrl} {advanceSeconds}). */
export async function advanceTargetClock(target: TargetContext, seconds: number): Promise<void> {
  if (!target.clockUrl) throw new Error("the target exposes no clock to advance");
  let res: Response;
  try {
    res = await fetch(target.clockUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ advanceSeconds: seconds }),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (error) {
    throw new Error(describeFetchFailure(`moving the target's clock (POST ${target.clockUrl})`, error, target.timeoutMs));
  }
  await res.body?.cancel();
  if (!res.ok) throw new Error(`moving the target's clock (POST ${target.clockUrl}) answered ${res.status}: check the control plane (a --control-token?)`);
}

/**
 * The target's notion of now: its virtual clock where exposed (within `virtualTolerance` ms), else
 * ours with a minute's allowance for skew.
 */
export async function targetNow(target: TargetContext, virtualTolerance = 1000): Promise<TargetTime> {
  if (target.clockUrl) {
    try {
      const res = await fetch(target.clockUrl, { signal: AbortSignal.timeout(target.timeoutMs) });
      const now = Date.parse(((await res.json()) as { now?: string }).now ?? "");
      if (res.ok && Number.isFinite(now)) return { now, tolerance: virtualTolerance };
    } catch {
      /* fall back to our clock */
    }
  }
  return { now: Date.now(), tolerance: 60_000 };
}

export const MAX_WAIT_STEPS = 30;

export interface WaitOptions<T> {
  target: TargetContext;
  /** reads the current state (a request, or a value already known) */
  read: (step: number) => Promise<T>;
  done: (value: T) => boolean;
  /** moves the target's clock (default: advanceTargetClock); only called when it has one */
  advance?: (seconds: number) => Promise<void>;
  /** reads at most this many times (default MAX_WAIT_STEPS) */
  steps?: number;
}

/**
 * Reads until `done` holds: between reads the target's clock moves one second where it exposes one,
 * else one real second passes. Returns the last value read and whether `done` held.
 */
export async function waitForState<T>(options: WaitOptions<T>): Promise<{ value: T; reached: boolean }> {
  const { target, read, done } = options;
  const advance = options.advance ?? ((s: number) => advanceTargetClock(target, s));
  const steps = options.steps ?? MAX_WAIT_STEPS;
  let value = await read(0);
  for (let step = 1; !done(value) && step < steps; step++) {
    if (target.clockUrl) await advance(1);
    else await new Promise((resolve) => setTimeout(resolve, 1000));
    value = await read(step);
  }
  return { value, reached: done(value) };
}
