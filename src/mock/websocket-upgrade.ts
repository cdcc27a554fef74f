/**
 * Websocket upgrades on the real port (RFC 6455 §4.2): the app decides (a module's socket route, by
 * path prefix); a refusal is an ordinary HTTP answer (a CAMARA ErrorInfo) on the raw socket, an
 * acceptance completes the handshake with `ws` and hands the module a library-free SocketConnection.
 */
import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { errorResponse } from "../core/errors.ts";
import type { MockRequest, MockResponse } from "../core/http.ts";
import type { SocketConnection, UpgradeDecision } from "../core/socket.ts";

function writeRefusal(socket: Duplex, res: MockResponse): void {
  const body = res.body ?? "";
  const headers = { ...res.headers, "content-length": String(Buffer.byteLength(body)), connection: "close" };
  const head = [`HTTP/1.1 ${res.status} ${STATUS_CODES[res.status] ?? ""}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
}

function adapt(ws: WebSocket): SocketConnection {
  return {
    send: (text) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(text);
    },
    close: (code, reason) => ws.close(code, reason),
    onMessage: (listener) => ws.on("message", (data) => listener(data.toString())),
    onClose: (listener) => ws.on("close", (code) => listener(code)),
  };
}

export interface UpgradeHandler {
  handle(req: IncomingMessage, socket: Duplex, head: Buffer, mockReq: MockRequest): Promise<void>;
  /** ends every open websocket (server shutdown) */
  closeAll(): void;
}

export function websocketUpgrades(decide: (req: MockRequest) => Promise<UpgradeDecision | undefined>): UpgradeHandler {
  const wss = new WebSocketServer({ noServer: true });
  return {
    async handle(req, socket, head, mockReq) {
      socket.on("error", () => socket.destroy());
      let decision: UpgradeDecision | undefined;
      try {
        decision = await decide(mockReq);
      } catch {
        writeRefusal(socket, errorResponse("INTERNAL", "Unexpected error in the mock."));
        return;
      }
      if (!decision) return writeRefusal(socket, errorResponse("NOT_FOUND", `No websocket is served at ${mockReq.path}.`));
      if ("refuse" in decision) return writeRefusal(socket, decision.refuse);
      const accept = decision.accept;
      wss.handleUpgrade(req, socket, head, (ws) => accept(adapt(ws)));
    },
    closeAll() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
