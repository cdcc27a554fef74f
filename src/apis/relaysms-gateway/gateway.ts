/**
 * One gateway server per mock: the sessions (state in the store, transitions on the clock) and the hub
 * of live websocket connections, shared by the REST handlers and the websocket channel.
 */
import type { KeyObject } from "node:crypto";
import type { SocketConnection } from "../../core/socket.ts";
import type { ModuleDeps } from "../module.ts";
import { CLOSE, type CloseKind, type SessionHub, SyncSessions } from "./sync-sessions.ts";

/** The connections of each session, and the client that started its handshake. */
export class Hub implements SessionHub {
  private readonly clients = new Map<string, Set<SocketConnection>>();
  readonly apps = new Map<string, { connection: SocketConnection; key: KeyObject }>();

  add(sessionId: string, c: SocketConnection): void {
    let set = this.clients.get(sessionId);
    if (!set) this.clients.set(sessionId, (set = new Set()));
    set.add(c);
  }

  remove(sessionId: string, c: SocketConnection): void {
    this.clients.get(sessionId)?.delete(c);
  }

  broadcast(sessionId: string, text: string): void {
    for (const c of this.clients.get(sessionId) ?? []) c.send(text);
  }

  /** Closes one connection; an application close code is preceded by an `error` frame saying why. */
  closeOne(c: SocketConnection, kind: CloseKind, message: string): void {
    const { code, reason } = CLOSE[kind];
    if (code !== 1000) c.send(JSON.stringify({ type: "error", code, message }));
    c.close(code, reason);
  }

  closeAll(sessionId: string, kind: CloseKind, message: string): void {
    for (const c of this.clients.get(sessionId) ?? []) this.closeOne(c, kind, message);
    this.clients.delete(sessionId);
    this.apps.delete(sessionId);
  }
}

export interface Gateway {
  hub: Hub;
  sessions: SyncSessions;
}

const gateways = new WeakMap<ModuleDeps["store"], Gateway>();

/** The gateway of the mock these deps belong to (one store per mock). */
export function gatewayOf(deps: ModuleDeps): Gateway {
  let g = gateways.get(deps.store);
  if (!g) {
    const hub = new Hub();
    gateways.set(deps.store, (g = { hub, sessions: new SyncSessions(deps.store, deps.clock, hub) }));
  }
  return g;
}
