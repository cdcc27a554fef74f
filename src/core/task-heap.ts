/**
 * A binary min-heap of scheduled tasks ordered by (due instant, insertion order): O(log n) insert and
 * removal, so scheduling stays cheap however many sessions are alive (a sorted array made every
 * createSession O(n log n); see bench/).
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

export class TaskHeap {
  private items: Task[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Task | undefined {
    return this.items[0];
  }

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

  pop(): Task | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
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

  clear(): void {
    this.items = [];
  }
}
