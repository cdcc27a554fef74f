/**
 * One virtual clock and one task schedule for every replica of a mock, on Redis.
 *
 * - The clock is a hash {offset, initial, frozenAt}: now = (frozenAt or real time) + offset. Each
 *   replica caches it and re-reads it before every request (`sync`), so a move made on any replica
 *   (`POST /_harness/clock`) is seen by all. The offset only grows (a Lua max), whoever moves it.
 * - Tasks are data ({kind, args}, see ../clock.ts) in a sorted set scored by their due instant.
 *   A replica takes a due task with one atomic script that moves it to a claims set scored by a real-time
 *   lease deadline: a task is handed to exactly one replica. The claim is dropped when the task has run.
 *   A replica that dies while running one leaves its claim behind; when the lease ends, any replica puts
 *   the task back, so scheduled work survives the replica that scheduled or took it.
 * - Every replica polls (default every 250 ms): a task scheduled by a replica that died still falls due.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { advanceTarget, checkInstant, TaskKinds, type TaskArgs, type TaskRunner, type WorldClock } from "../clock.ts";

const CLAIM = `
local t = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, 1)
if #t == 0 then return false end
redis.call('ZREM', KEYS[1], t[1])
local claim = t[2] .. '|' .. t[1]
redis.call('ZADD', KEYS[2], ARGV[2], claim)
return {t[1], t[2], claim}`;

const RECOVER = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
for _, c in ipairs(expired) do
  local sep = string.find(c, '|', 1, true)
  redis.call('ZREM', KEYS[2], c)
  redis.call('ZADD', KEYS[1], string.sub(c, 1, sep - 1), string.sub(c, sep + 1))
end
return #expired`;

const RAISE = `
local current = redis.call('HGET', KEYS[1], 'offset')
if tonumber(ARGV[1]) > tonumber(current) then redis.call('HSET', KEYS[1], 'offset', ARGV[1]) return ARGV[1] end
return current`;

const INIT = `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], 'offset', ARGV[1], 'initial', ARGV[1], 'frozenAt', ARGV[2]) end
return redis.call('HMGET', KEYS[1], 'offset', 'frozenAt')`;

export interface RedisClockOptions {
  start?: number;
  frozen?: boolean;
  /** real ms a replica may hold a task before others take it back (default 30 s) */
  leaseMs?: number;
  /** real ms between two looks for due tasks (default 250); 0: no polling */
  pollMs?: number;
  /** where a failing background run is reported */
  onError?: (message: string) => void;
}

interface Claimed {
  kind: string;
  args: TaskArgs;
  at: number;
  claim: string;
}

type Scripted = Redis & {
  harnessClaim(tasks: string, claims: string, limit: number, lease: number): Promise<[string, string, string] | null>;
  harnessRecover(tasks: string, claims: string, now: number): Promise<number>;
  harnessRaise(clock: string, offset: string): Promise<string>;
  harnessInit(clock: string, offset: string, frozenAt: string): Promise<[string | null, string | null]>;
};

export class RedisClock implements WorldClock {
  private offset = 0;
  private frozenAt: number | undefined;
  /** earliest due instant seen at the last sync or schedule */
  private nextDue: number | undefined;
  private readonly kinds = new TaskKinds();
  private readonly keys: { clock: string; tasks: string; claims: string };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly redis: Scripted;

  private constructor(redis: Redis, prefix: string, private readonly options: RedisClockOptions) {
    this.keys = { clock: `${prefix}clock`, tasks: `${prefix}tasks`, claims: `${prefix}claims` };
    if (!("harnessClaim" in redis)) {
      redis.defineCommand("harnessClaim", { numberOfKeys: 2, lua: CLAIM });
      redis.defineCommand("harnessRecover", { numberOfKeys: 2, lua: RECOVER });
      redis.defineCommand("harnessRaise", { numberOfKeys: 1, lua: RAISE });
      redis.defineCommand("harnessInit", { numberOfKeys: 1, lua: INIT });
    }
    this.redis = redis as Scripted;
  }

  /** Joins the world's clock, or starts it (at `start`, frozen or flowing) when this replica is the first. */
  static async create(redis: Redis, prefix: string, options: RedisClockOptions = {}): Promise<RedisClock> {
    const clock = new RedisClock(redis, prefix, options);
    await clock.join();
    await clock.sync();
    const pollMs = options.pollMs ?? 250;
    if (pollMs > 0) {
      clock.timer = setInterval(() => void clock.poll(), pollMs);
      clock.timer.unref();
    }
    return clock;
  }

  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offset;
  }

  define(kind: string, run: TaskRunner): void {
    this.kinds.define(kind, run);
  }

  async sync(): Promise<void> {
    const [[, clock], [, first]] = (await this.redis
      .multi()
      .hmget(this.keys.clock, "offset", "frozenAt")
      .zrange(this.keys.tasks, 0, 0, "WITHSCORES")
      .exec()) as [[unknown, [string | null, string | null]], [unknown, string[]]];
    // no clock any more: the workspace was erased (DELETE /_harness/workspaces/{name}); it starts again
    if (clock[0] === null) await this.join();
    else this.adopt(clock[0], clock[1]);
    this.nextDue = first.length === 2 ? Number(first[1]) : undefined;
  }

  /** Joins the world's clock, or starts it (at `start`, frozen or flowing) when there is none yet. */
  private async join(): Promise<void> {
    const start = this.options.start ?? Date.now();
    const offset = this.options.frozen ? 0 : start - Date.now();
    const [stored, frozenAt] = await this.redis.harnessInit(this.keys.clock, String(offset), this.options.frozen ? String(start) : "");
    this.adopt(stored, frozenAt);
  }

  async schedule(at: number, kind: string, args: TaskArgs = {}): Promise<void> {
    checkInstant(at);
    await this.redis.zadd(this.keys.tasks, at, JSON.stringify({ id: randomUUID(), kind, args }));
    if (this.nextDue === undefined || at < this.nextDue) this.nextDue = at;
  }

  hasDue(): boolean {
    return this.nextDue !== undefined && this.nextDue <= this.now();
  }

  async advance(seconds: number): Promise<number> {
    await this.sync();
    const target = advanceTarget(this.now(), seconds);
    let count = 0;
    for (let task = await this.claim(target); task; task = await this.claim(target)) {
      // each task at its own due instant: time moves to it first
      if (task.at > this.now()) await this.raiseTo(task.at);
      count++;
      await this.run(task);
    }
    if (target > this.now()) await this.raiseTo(target);
    return count + (await this.runDue());
  }

  /** Runs the tasks due now that no other replica took; single flight within this replica. */
  runDue(): Promise<number> {
    this.running ??= (async () => {
      let count = 0;
      try {
        for (let task = await this.claim(this.now()); task; task = await this.claim(this.now())) {
          count++;
          await this.run(task);
        }
      } finally {
        this.running = undefined;
      }
      await this.sync();
      return count;
    })();
    return this.running;
  }

  async reset(): Promise<void> {
    const initial = await this.redis.hget(this.keys.clock, "initial");
    if (initial !== null) await this.redis.hset(this.keys.clock, "offset", initial);
    await this.clearTasks();
    await this.sync();
  }

  async clearTasks(): Promise<void> {
    await this.redis.del(this.keys.tasks, this.keys.claims);
    this.nextDue = undefined;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private adopt(offset: string | null, frozenAt: string | null): void {
    if (offset !== null) this.offset = Number(offset);
    this.frozenAt = frozenAt ? Number(frozenAt) : undefined;
  }

  private async raiseTo(instant: number): Promise<void> {
    const wanted = instant - (this.frozenAt ?? Date.now());
    this.offset = Number(await this.redis.harnessRaise(this.keys.clock, String(Math.ceil(wanted))));
  }

  private async claim(limit: number): Promise<Claimed | undefined> {
    const lease = Date.now() + (this.options.leaseMs ?? 30_000);
    const got = await this.redis.harnessClaim(this.keys.tasks, this.keys.claims, limit, lease);
    if (!got) return undefined;
    const { kind, args } = JSON.parse(got[0]) as { kind: string; args: TaskArgs };
    return { kind, args, at: Number(got[1]), claim: got[2] };
  }

  private async run(task: Claimed): Promise<void> {
    try {
      await this.kinds.run(task.kind, task.args, task.at);
    } finally {
      await this.redis.zrem(this.keys.claims, task.claim);
    }
  }

  private async poll(): Promise<void> {
    try {
      await this.redis.harnessRecover(this.keys.tasks, this.keys.claims, Date.now());
      await this.sync();
      if (this.hasDue()) await this.runDue();
    } catch (error) {
      this.options.onError?.(`scheduled work: ${(error as Error).message}`);
    }
  }
}
