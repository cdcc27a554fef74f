/**
 * Time for the domain logic. Nothing in src/mock/apis or src/auth calls Date.now(): it asks a Clock,
 * so tests and the control plane (`POST /_harness/clock`) can move time without sleeping.
 */
export interface Clock {
  /** milliseconds since the epoch, virtual */
  now(): number;
}

type Task = { at: number; seq: number; run: () => void | Promise<void> };

/**
 * A virtual clock that flows with real time (unless frozen) plus an offset that `advance` increases,
 * and a scheduler of tasks due at virtual instants. Due tasks run on `advance`, on `runDue`, and, when
 * the clock flows, from a real timer armed for the next due task.
 */
export class VirtualClock implements Clock {
  private offset = 0;
  private seq = 0;
  private tasks: Task[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly frozenAt: number | undefined;

  constructor(options: { start?: number; frozen?: boolean } = {}) {
    const start = options.start ?? Date.now();
    this.frozenAt = options.frozen ? start : undefined;
    this.offset = options.frozen ? 0 : start - Date.now();
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
    if (Number.isNaN(new Date(target).getTime())) throw new RangeError("advanceSeconds moves the clock beyond the range of dates");
    let count = 0;
    while (this.tasks.length > 0 && this.tasks[0].at <= target) {
      const task = this.tasks.shift()!;
      if (task.at > this.now()) this.offset += task.at - this.now();
      count++;
      await task.run();
    }
    if (target > this.now()) this.offset += target - this.now();
    return count + (await this.runDue());
  }

  schedule(at: number, run: () => void | Promise<void>): void {
    this.tasks.push({ at, seq: this.seq++, run });
    this.tasks.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.arm();
  }

  /** Runs every task due now; returns how many ran. */
  async runDue(): Promise<number> {
    let count = 0;
    while (this.tasks.length > 0 && this.tasks[0].at <= this.now()) {
      const task = this.tasks.shift()!;
      count++;
      await task.run();
    }
    if (count > 0) this.arm();
    return count;
  }

  /** Forgets every scheduled task (used by the control plane's reset). */
  clearTasks(): void {
    this.tasks = [];
    this.arm();
  }

  /** Stops the real timer; the clock still answers now(). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.frozenAt !== undefined || this.tasks.length === 0) return;
    const delay = Math.max(0, Math.min(this.tasks[0].at - this.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => void this.runDue(), delay);
    this.timer.unref();
  }
}
