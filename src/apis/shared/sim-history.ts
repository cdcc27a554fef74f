/**
 * The SIM history of every line, kept in the store so that it is shared by the API handlers and the
 * control plane (`POST /_harness/subscribers/{phoneNumber}/sim-change`) and cleared by reset.
 *
 * A SIM change is any event that ties the number to a SIM it was not tied to before (SIM Swap 2.1.0
 * info.description: card replacement, eSIM, port-in, new subscription); the earliest change of a line
 * is its SIM activation. The history is loaded from the test data on first use after start-up or
 * reset: `hoursAgo` / `daysAgo` entries are counted back from the virtual clock at that moment.
 * A subscriber without `simChanges` in the test data was activated DEFAULT_ACTIVATION_DAYS_AGO days
 * before loading and never swapped; an empty list means the number never had a SIM.
 */
import type { Clock } from "../../core/clock.ts";
import { parseDateTime } from "../../core/date-time.ts";
import type { Store } from "../../core/store.ts";
import type { SimChange, Subscriber, TestData } from "../../core/testdata.ts";

const HISTORY = "sim-swap.history";
const META = "sim-swap.meta";
const LOADED = "loaded";
const HOUR_MS = 3_600_000;

/** Activation of a line whose test data says nothing about its SIM. */
export const DEFAULT_ACTIVATION_DAYS_AGO = 365;

export interface SimHistoryDeps {
  store: Store;
  clock: Clock;
  data: () => TestData;
}

/** Changes of one line, ms since the epoch, ascending. */
interface LineHistory {
  changes: number[];
}

export function resolveChange(change: SimChange, now: number): number {
  if (change.at !== undefined) return parseDateTime(change.at)!;
  if (change.hoursAgo !== undefined) return now - change.hoursAgo * HOUR_MS;
  return now - (change.daysAgo ?? 0) * 24 * HOUR_MS;
}

function initialHistory(subscriber: Subscriber, now: number): number[] {
  if (subscriber.simChanges === undefined) return [now - DEFAULT_ACTIVATION_DAYS_AGO * 24 * HOUR_MS];
  return subscriber.simChanges.map((c) => resolveChange(c, now)).sort((a, b) => a - b);
}

/** Told of every SIM change recorded from now on (sim-swap-subscriptions sends its events from here). */
export type SimChangeListener = (subscriberId: string, at: number) => Promise<void>;

export class SimHistory {
  private loading: Promise<void> | undefined;
  private readonly listeners: SimChangeListener[] = [];

  constructor(private readonly deps: SimHistoryDeps) {}

  /** SIM changes of a subscriber that happened up to the virtual now, ascending (ms). */
  async changes(subscriberId: string): Promise<number[]> {
    await this.ensureLoaded();
    const line = await this.deps.store.get<LineHistory>(HISTORY, subscriberId);
    const now = this.deps.clock.now();
    return (line?.changes ?? []).filter((at) => at <= now);
  }

  /** Records a SIM change of the subscriber now (virtual clock); returns its instant (ms). */
  async recordChange(subscriberId: string): Promise<number> {
    await this.ensureLoaded();
    const now = this.deps.clock.now();
    const line = (await this.deps.store.get<LineHistory>(HISTORY, subscriberId)) ?? { changes: [] };
    await this.deps.store.put<LineHistory>(HISTORY, subscriberId, { changes: [...line.changes, now].sort((a, b) => a - b) });
    for (const listener of this.listeners) await listener(subscriberId, now);
    return now;
  }

  /** Adds a listener called, in order and awaited, after each recordChange. */
  onChange(listener: SimChangeListener): void {
    this.listeners.push(listener);
  }

  /** Loads the test data's history unless the store already holds it (it does not after a reset). */
  async ensureLoaded(): Promise<void> {
    if (await this.deps.store.get<boolean>(META, LOADED)) return;
    // single flight: concurrent first requests load once
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<void> {
    const now = this.deps.clock.now();
    for (const subscriber of this.deps.data().subscribers) {
      await this.deps.store.put<LineHistory>(HISTORY, subscriber.id, { changes: initialHistory(subscriber, now) });
    }
    await this.deps.store.put(META, LOADED, true);
  }
}
