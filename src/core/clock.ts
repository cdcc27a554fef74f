/**
 * Time for the domain logic. Nothing in src/apis or src/auth calls Date.now(): it asks a Clock,
 * so tests and the control plane (`POST /_harness/clock`) can move time without sleeping.
 */
import { MAX_INSTANT } from "./date-time.ts";
import { TaskQueue, type TaskArgs } from "./task-queue.ts";

export type { TaskArgs } from "./task-queue.ts";

export interface Clock {
  /** milliseconds since the epoch, virtual */
  now(): number;
}

/** What a task kind does when it falls due; `dueAt` is the virtual instant it was scheduled for. */
export type TaskRunner = (args: TaskArgs, dueAt: number) => void | Promise<void>;

/**
 * Scheduled work as data: a task is a kind (a name defined once per world) plus JSON arguments, never a
 * closure, so that a scheduler shared by several replicas (src/core/redis/) can hold it, hand it to one
 * replica exactly once and survive the replica that scheduled it.
 */
export interface Scheduler extends Clock {
  /**
   * Says what `kind` does. A kind names one behaviour: defining it again (a second instance of the same
   * domain service over the same world) keeps the first definition.
   */
  define(kind: string, run: TaskRunner): void;
  schedule(at: number, kind: string, args?: TaskArgs): Promise<void>;
}

/** The clock of one world of the mock: the scheduler plus what the control plane and the app drive. */
export interface WorldClock extends Scheduler {
  /** moves virtual time forward, running every task that falls due at its own instant; returns how many ran */
  advance(seconds: number): Promise<number>;
  /** runs every task due now; returns how many ran */
  runDue(): Promise<number>;
  /** whether a task may be due (cheap; lets the request path skip an await) */
  hasDue(): boolean;
  /**
   * picks up what other replicas changed (the shared clock's offset); undefined (nothing to wait
   * for) in one process, so that the request path awaits nothing there
   */
  sync(): Promise<void> | undefined;
  /** back to the start instant, every task forgotten */
  reset(): Promise<void>;
  /** forgets every scheduled task */
  clearTasks(): Promise<void>;
  /** stops real-time timers; now() still answers */
  stop(): void;
}

/** Runs one task through its kind's definition (shared by the in-memory and the Redis scheduler). */
export class TaskKinds {
  private readonly runners = new Map<string, TaskRunner>();

  define(kind: string, run: TaskRunner): void {
    if (!this.runners.has(kind)) this.runners.set(kind, run);
  }

  async run(kind: string, args: TaskArgs, at: number): Promise<void> {
    const runner = this.runners.get(kind);
    if (!runner) throw new Error(`no task kind "${kind}" is defined in this mock (a replica of another version?)`);
    await runner(args, at);
  }
}

export function checkInstant(at: number): void {
  // a NaN task would sit at the head of the queue forever, never due, and block every later task
  if (!Number.isFinite(at)) throw new RangeError(`a task must be due at a finite instant, got ${at}`);
}

/** advanceSeconds as the control plane accepts it; the target instant of the move. */
export function advanceTarget(now: number, seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError("advanceSeconds must be a number >= 0");
  const target = now + seconds * 1000;
  // every instant the mock writes must stay RFC 3339 (years 0000..9999)
  if (!(target <= MAX_INSTANT)) throw new RangeError("advanceSeconds moves the clock beyond 9999-12-31T23:59:59.999Z");
  return target;
}

/** the settled promise every in-process schedule() returns (no allocation per task) */
const SCHEDULED: Promise<void> = Promise.resolve();

/**
 * A virtual clock in one process: real time (unless frozen) plus an offset that `advance` increases,
 * and a scheduler of tasks due at virtual instants. Due tasks run on `advance`, on `runDue`, and, when
 * the clock flows, from a real timer armed for the next due task.
 */
export class VirtualClock implements WorldClock {
  private offset = 0;
  /** the offset the clock started with, restored by reset() */
  private readonly initialOffset: number;
  private seq = 0;
  private readonly tasks = new TaskQueue();
  private readonly kinds = new TaskKinds();
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

  async reset(): Promise<void> {
    this.offset = this.initialOffset;
    await this.clearTasks();
  }

  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offset;
  }

  sync(): undefined {
    return undefined;
  }

  define(kind: string, run: TaskRunner): void {
    this.kinds.define(kind, run);
  }

  /**
   * Moves virtual time forward and runs every task that became due, in time order, each at its own
   * due instant (a session expiring in the middle of a jump ends at its expiry, not at the jump's end).
   */
  async advance(seconds: number): Promise<number> {
    const target = advanceTarget(this.now(), seconds);
    let count = 0;
    while (this.tasks.size > 0 && this.tasks.peek()!.at <= target) {
      const task = this.tasks.pop()!;
      if (task.at > this.now()) this.offset += task.at - this.now();
      count++;
      await this.kinds.run(task.kind, task.args, task.at);
    }
    if (target > this.now()) this.offset += target - this.now();
    count += await this.runDue();
    this.arm();
    return count;
  }

  schedule(at: number, kind: string, args: TaskArgs = {}): Promise<void> {
    try {
      checkInstant(at);
    } catch (error) {
      return Promise.reject(error);
    }
    this.tasks.push({ at, seq: this.seq++, kind, args });
    // re-arm only when the earliest task changed
    if (this.armedFor === undefined || at < this.armedFor) this.arm();
    return SCHEDULED;
  }

  async runDue(): Promise<number> {
    let count = 0;
    while (this.tasks.size > 0 && this.tasks.peek()!.at <= this.now()) {
      const task = this.tasks.pop()!;
      count++;
      await this.kinds.run(task.kind, task.args, task.at);
    }
    if (count > 0) this.arm();
    return count;
  }

  async clearTasks(): Promise<void> {
    this.tasks.clear();
    this.arm();
  }

  hasDue(): boolean {
    return this.tasks.size > 0 && this.tasks.peek()!.at <= this.now();
  }

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
