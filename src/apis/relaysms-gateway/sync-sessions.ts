/**
 * Synchronisation sessions (seed 004, "Synchronization flow"; our AsyncAPI document fixes the details):
 * a session's URL changes every sessionSleepTimeout seconds, at most sessionChangeLimit times, then the
 * unused session expires (4410); the handshake pauses it (`201- pause`, no more changes) until the user
 * authenticates (`200- ack`) or sessionPausedTimeout passes (4408). Transitions run on the operator's
 * clock (tests advance it); the state lives in the store, the live connections in the hub (channel.ts).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Scheduler } from "../../core/clock.ts";
import type { Store } from "../../core/store.ts";
import type { GatewaySettings } from "./settings.ts";

const SESSIONS = "relaysms-gateway:sync-sessions";
const CHANGE = "relaysms-sync:url-change";
const PAUSED_TIMEOUT = "relaysms-sync:paused-timeout";
/** the channel's address prefix (specs/relaysms-gateway/1.0.0.asyncapi.yaml) */
export const CHANNEL_PREFIX = "/relaysms-gateway/v2/sync/sessions/";

export const PAUSE = "201- pause";
export const ACK = "200- ack";
export const CLOSE = {
  complete: { code: 1000, reason: "sync complete" },
  invalid: { code: 4400, reason: "invalid message" },
  unauthenticated: { code: 4401, reason: "not authenticated" },
  pausedTimeout: { code: 4408, reason: "paused timeout" },
  processing: { code: 4409, reason: "already processing" },
  expired: { code: 4410, reason: "session expired" },
} as const;
export type CloseKind = keyof typeof CLOSE;

export interface SyncSession {
  id: string;
  userId: string;
  /** ws: or wss: origin the session's URLs point to */
  wsOrigin: string;
  urlKey: string;
  /** 0 for the first URL, then 1..changeLimit */
  change: number;
  changeLimit: number;
  sleepSeconds: number;
  pausedTimeoutSeconds: number;
  urlExpiresAtMs: number;
  state: "waiting" | "paused" | "done" | "closed";
}

/** What the sessions tell the connected clients; implemented by the channel. */
export interface SessionHub {
  broadcast(sessionId: string, text: string): void;
  closeAll(sessionId: string, kind: CloseKind, message: string): void;
}

export const urlOf = (s: SyncSession) => `${s.wsOrigin}${CHANNEL_PREFIX}${s.id}/${s.urlKey}`;

export function sessionUrlMessage(s: SyncSession) {
  return { type: "session_url" as const, url: urlOf(s), change: s.change, changeLimit: s.changeLimit, expiresAt: new Date(s.urlExpiresAtMs).toISOString() };
}

export class SyncSessions {
  constructor(
    private readonly store: Store,
    private readonly clock: Scheduler,
    private readonly hub: SessionHub,
  ) {
    clock.define(CHANGE, (args) => this.change(String(args.id), Number(args.change)));
    clock.define(PAUSED_TIMEOUT, (args) => this.pausedTimeout(String(args.id)));
  }

  get(id: string): Promise<SyncSession | undefined> {
    return this.store.get<SyncSession>(SESSIONS, id);
  }

  private save(s: SyncSession): Promise<void> {
    return this.store.put(SESSIONS, s.id, s);
  }

  async create(userId: string, httpOrigin: string, settings: GatewaySettings): Promise<SyncSession> {
    const s: SyncSession = {
      id: randomUUID(),
      userId,
      wsOrigin: httpOrigin.replace(/^http/, "ws"),
      urlKey: randomBytes(16).toString("base64url"),
      change: 0,
      changeLimit: settings.sessionChangeLimit,
      sleepSeconds: settings.sessionSleepTimeout,
      pausedTimeoutSeconds: settings.sessionPausedTimeout,
      urlExpiresAtMs: this.clock.now() + settings.sessionSleepTimeout * 1000,
      state: "waiting",
    };
    await this.save(s);
    await this.scheduleChange(s);
    return s;
  }

  /** At the URL's expiry: a new URL while changes remain, else the unused session expires. */
  private async scheduleChange(s: SyncSession): Promise<void> {
    await this.clock.schedule(s.urlExpiresAtMs, CHANGE, { id: s.id, change: s.change });
  }

  private async change(id: string, change: number): Promise<void> {
    const now = await this.get(id);
    if (!now || now.state !== "waiting" || now.change !== change) return;
    if (now.change >= now.changeLimit) {
      await this.save({ ...now, state: "closed" });
      this.hub.closeAll(id, "expired", `the URL changed ${now.changeLimit} times and no handshake started`);
      return;
    }
    const next: SyncSession = { ...now, change: change + 1, urlKey: randomBytes(16).toString("base64url"), urlExpiresAtMs: now.urlExpiresAtMs + now.sleepSeconds * 1000 };
    await this.save(next);
    this.hub.broadcast(id, JSON.stringify(sessionUrlMessage(next)));
    await this.scheduleChange(next);
  }

  private async pausedTimeout(id: string): Promise<void> {
    const now = await this.get(id);
    if (!now || now.state !== "paused") return;
    await this.save({ ...now, state: "closed" });
    this.hub.closeAll(id, "pausedTimeout", `paused longer than ${now.pausedTimeoutSeconds} s without authentication`);
  }

  /** The handshake started: no more URL changes, `201- pause` to everyone, the paused timeout runs. */
  async pause(s: SyncSession): Promise<void> {
    await this.save({ ...s, state: "paused" });
    this.hub.broadcast(s.id, PAUSE);
    await this.clock.schedule(this.clock.now() + s.pausedTimeoutSeconds * 1000, PAUSED_TIMEOUT, { id: s.id });
  }

  /** The user is authenticated: `200- ack` to everyone; the caller then sends the data and closes. */
  async acknowledge(s: SyncSession): Promise<void> {
    await this.save({ ...s, state: "done" });
    this.hub.broadcast(s.id, ACK);
  }

  async end(s: SyncSession): Promise<void> {
    await this.save({ ...s, state: "closed" });
  }
}
