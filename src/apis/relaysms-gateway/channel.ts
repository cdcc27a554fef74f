/**
 * The sync websocket (specs/relaysms-gateway/1.0.0.asyncapi.yaml): who may connect (the session's
 * current URL only; 404 for a replaced, expired or unknown one, 409 once the handshake started) and
 * the handshake: `public_key` pauses the session, `authenticate` with the session's user gets
 * `200- ack`, then `sync_data` (shared key for the app's key, platforms, gateways) and close 1000.
 */
import { errorResponse } from "../../core/errors.ts";
import type { SocketConnection, SocketRoute } from "../../core/socket.ts";
import type { ModuleDeps } from "../module.ts";
import { readClientMessage } from "./client-messages.ts";
import { gatewayOf } from "./gateway.ts";
import { encryptedSharedKey, readPublicKey } from "./handshake.ts";
import { activeSeeds } from "./seeds.ts";
import { settingsOf } from "./settings.ts";
import { CHANNEL_PREFIX, sessionUrlMessage, type SyncSession } from "./sync-sessions.ts";

const URL_PATH = /^\/relaysms-gateway\/v2\/sync\/sessions\/([^/]+)\/([^/]+)$/;

export function syncChannel(deps: ModuleDeps): SocketRoute {
  const { hub, sessions } = gatewayOf(deps);

  async function onMessage(c: SocketConnection, sessionId: string, text: string): Promise<void> {
    const s = await sessions.get(sessionId);
    // the control plane's reset forgets every session: its clients are told so
    if (!s) return hub.closeAll(sessionId, "expired", "the session no longer exists (the operator was reset)");
    if (s.state !== "waiting" && s.state !== "paused") return;
    const msg = readClientMessage(text);
    if (typeof msg === "string") return hub.closeOne(c, "invalid", msg);
    const app = hub.apps.get(sessionId);
    if (msg.type === "public_key") {
      if (s.state === "paused") {
        return app?.connection === c ? hub.closeOne(c, "invalid", "public_key was already sent") : hub.closeOne(c, "processing", "another client already started the handshake");
      }
      const key = readPublicKey(msg.publicKey);
      if (typeof key === "string") return hub.closeOne(c, "invalid", key);
      hub.apps.set(sessionId, { connection: c, key });
      return sessions.pause(s);
    }
    if (s.state !== "paused" || app?.connection !== c) return hub.closeOne(c, "invalid", "authenticate comes after public_key, from the same client");
    if (msg.userId !== s.userId) {
      await sessions.end(s);
      return hub.closeAll(sessionId, "unauthenticated", "the session belongs to another user");
    }
    await complete(s, c, app.key);
  }

  async function complete(s: SyncSession, c: SocketConnection, key: Parameters<typeof encryptedSharedKey>[0]): Promise<void> {
    const settings = settingsOf(deps.data());
    await sessions.acknowledge(s);
    c.send(
      JSON.stringify({
        type: "sync_data",
        encryptedSharedKey: encryptedSharedKey(key),
        platforms: settings.users.find((u) => u.userId === s.userId)?.platforms ?? [],
        gateways: await activeSeeds(deps.store, deps.clock, settings.seedTtlSeconds),
      }),
    );
    await sessions.end(s);
    hub.closeAll(s.id, "complete", "sync complete");
  }

  return {
    prefix: CHANNEL_PREFIX,
    async upgrade(req) {
      const correlator = req.headers["x-correlator"];
      const echo: Record<string, string> = correlator ? { "x-correlator": correlator } : {};
      const m = URL_PATH.exec(req.path);
      const s = m ? await sessions.get(m[1]) : undefined;
      if (!s || !m || s.urlKey !== m[2] || s.state === "done" || s.state === "closed") {
        return { refuse: errorResponse("NOT_FOUND", "No sync session at this URL: it was replaced, it expired or it was never issued.", echo) };
      }
      if (s.state === "paused") return { refuse: errorResponse("CONFLICT", "The handshake of this session has started; it takes no new clients.", echo) };
      return {
        accept(c) {
          hub.add(s.id, c);
          c.onClose(() => hub.remove(s.id, c));
          // frames of one client are handled one after the other, in order
          let queue = Promise.resolve();
          c.onMessage((text) => {
            queue = queue.then(() => onMessage(c, s.id, text)).catch(() => hub.closeOne(c, "invalid", "the message could not be handled"));
          });
          c.send(JSON.stringify(sessionUrlMessage(s)));
        },
      };
    },
  };
}
