/**
 * Time for the domain logic. Nothing in src/mock/apis or src/auth calls Date.now(): it asks a Clock,
 * so tests and the control plane (`POST /_harness/clock`) can move time without sleeping.
 */
export interface Clock {
  /** milliseconds since the epoch, virtual */
  now(): number;
}

import { MAX_INSTANT } from "./date-time.ts";
import { TaskHeap } from "./task-heap.ts";

/**
 * A virtual clock that flows with real time (unless frozen) plus an offset that `advance` increases,
 * and a scheduler of tasks due at virtual instants. Due tasks run on `advance`, on `runDue`, and, when
 * the clock flows, from a real timer armed for the next due task.
 */
export class VirtualClock implements Clock {
  private offset = 0;
  /** the offset the clock started with, restored by reset() */
  private readonly initialOffset: number;
  private seq = 0;
  private readonly tasks = new TaskHeap();
  /** due instant the real timer is armed for */
  private armedFor: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly frozenAt: number | undefined;

  constructor(options: { start?: number; frozen?: boolean } = {}) {
    const start = options.start ?? Date.now();
    this.frozenAt = options.frozen ? start : undefined;
    this.offset = options.frozen ? 0 : start - Date.now();
    this.initialOffset = this.offset;
  }

  /** Back to where the clock started (its start instant, or real time), every task forgotten. */
  reset(): void {
    this.offset = this.initialOffset;
    this.clearTasks();
  }

  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offset;
  }

  /**
   * Moves virtual time forward and runs every task that became due, in time order, each at its own
   * due instant (a session expiring in the middle of a jump ends at its expiry, not at the jump's end).
   */
  async advance(seconds: number): Promise<number> {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError("advanceSeconds must be a number >= 0");
    const target = this.now() + seconds * 1000;
    // every instant the mock writes must stay RFC 3339 (years 0000..9999)
    if (!(target <= MAX_INSTANT)) throw new RangeError("advanceSeconds moves the clock beyond 9999-12-31T23:59:59.999Z");
    let count = 0;
    while (this.tasks.size > 0 && this.tasks.peek()!.at <= target) {
      const task = this.tasks.pop()!;
      if (task.at > this.now()) this.offset += task.at - this.now();
      count++;
      await task.run();
    }
    if (target > this.now()) this.offset += target - this.now();
    count += await this.runDue();
    this.arm();
    return count;
  }

  schedule(at: number, run: () => void | Promise<void>): void {
    // a NaN task would sit at the top of the heap forever, never due, and block every later task
    if (!Number.isFinite(at)) throw new RangeError(`a task must be due at a finite instant, got ${at}`);
    this.tasks.push({ at, seq: this.seq++, run });
    // re-arm only when the earliest task changed
    if (this.armedFor === undefined || at < this.armedFor) this.arm();
  }

  /** Runs every task due now; returns how many ran. */
  async runDue(): Promise<number> {
    let count = 0;
    while (this.tasks.size > 0 && this.tasks.peek()!.at <= this.now()) {
      const task = this.tasks.pop()!;
      count++;
      await task.run();
    }
    if (count > 0) this.arm();
    return count;
  }

  /** Forgets every scheduled task (used by the control plane's reset). */
  clearTasks(): void {
    this.tasks.clear();
    this.arm();
  }

  /** Whether a task is due (cheap; lets the request path skip an await). */
  hasDue(): boolean {
    return this.tasks.size > 0 && this.tasks.peek()!.at <= this.now();
  }

  /** Stops the real timer; the clock still answers now(). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = undefined;
    const next = this.tasks.peek();
    if (this.frozenAt !== undefined || !next) return;
    const delay = Math.max(0, Math.min(next.at - this.now(), 2 ** 31 - 1));
    this.armedFor = next.at;
    this.timer = setTimeout(() => {
      this.armedFor = undefined;
      void this.runDue().then(() => this.arm());
    }, delay);
    this.timer.unref();
  }
}
