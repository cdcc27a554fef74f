/**
 * Scheduled tasks ordered by (due instant, insertion order).
 *
 * A world schedules mostly at a few fixed delays from now (a QoD session settles after
 * qodActivationSeconds, ends after its duration, is forgotten after the retention time), so tasks
 * mostly arrive in due order per delay. They are kept in a few "lanes": runs that are already in order,
 * read from their head. A task joins the lane whose last task it follows most closely; one that follows
 * no lane's last task starts a lane, or, once MAX_LANES exist, goes to a binary min-heap. The next task
 * is the earliest of the lane heads and the heap's top, remembered between calls.
 * Push and pop touch a handful of entries instead of walking log(n) levels of a heap spread over
 * memory (a heap of 100,000 sessions' tasks cost the benchmark's POST about a microsecond).
 */
export interface Task {
  at: number;
  seq: number;
  /** what to do, by name (see Scheduler.define): plain data, so a shared scheduler can store it */
  kind: string;
  args: TaskArgs;
}

/** A task's arguments: JSON values only. */
export type TaskArgs = Record<string, string | number | boolean | null>;

const before = (a: Task, b: Task) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** lanes kept in order; beyond them, tasks go to the heap */
const MAX_LANES = 8;
/** a lane drops the entries already read once it has read this many (and half of it) */
const COMPACT_AFTER = 1024;

/** Tasks in due order, read from `head`. */
class Lane {
  items: Task[] = [];
  head = 0;

  get first(): Task {
    return this.items[this.head];
  }

  get last(): Task {
    return this.items[this.items.length - 1];
  }

  get empty(): boolean {
    return this.head === this.items.length;
  }

  shift(): Task {
    const task = this.items[this.head];
    this.items[this.head++] = undefined as unknown as Task;
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return task;
  }
}

/** A binary min-heap, for the tasks no lane takes. */
class Heap {
  items: Task[] = [];

  push(task: Task): void {
    const a = this.items;
    a.push(task);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  pop(): Task {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l], a[m])) m = l;
        if (r < a.length && before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

/** where the next task is: a lane's index, HEAP, or NONE */
const HEAP = -1;
const NONE = -2;

export class TaskQueue {
  private lanes: Lane[] = [];
  private heap = new Heap();
  private count = 0;
  /** where the earliest task is; undefined when it must be looked for again */
  private next: number | undefined = NONE;

  get size(): number {
    return this.count;
  }

  peek(): Task | undefined {
    const where = this.locate();
    return where === NONE ? undefined : where === HEAP ? this.heap.items[0] : this.lanes[where].first;
  }

  push(task: Task): void {
    this.count++;
    // the lane whose last task comes latest among those the task follows
    let best: Lane | undefined;
    for (const lane of this.lanes) {
      if (!before(task, lane.last) && (!best || before(best.last, lane.last))) best = lane;
    }
    if (!best && this.lanes.length < MAX_LANES) this.lanes.push((best = new Lane()));
    if (best) best.items.push(task);
    else this.heap.push(task);
    // a new earliest task: look again; one that comes after the earliest: the remembered position stands
    const earliest = this.next === undefined || this.next === NONE ? undefined : this.peek();
    this.next = earliest === undefined || before(task, earliest) ? undefined : this.next;
  }

  pop(): Task | undefined {
    const where = this.locate();
    if (where === NONE) return undefined;
    this.count--;
    this.next = undefined;
    if (where === HEAP) return this.heap.pop();
    const lane = this.lanes[where];
    const task = lane.shift();
    if (lane.empty) this.lanes.splice(where, 1);
    return task;
  }

  clear(): void {
    this.lanes = [];
    this.heap = new Heap();
    this.count = 0;
    this.next = NONE;
  }

  private locate(): number {
    if (this.next !== undefined) return this.next;
    let where = this.heap.items.length > 0 ? HEAP : NONE;
    let earliest = where === HEAP ? this.heap.items[0] : undefined;
    for (let i = 0; i < this.lanes.length; i++) {
      const first = this.lanes[i].first;
      if (!earliest || before(first, earliest)) {
        earliest = first;
        where = i;
      }
    }
    return (this.next = where);
  }
}
