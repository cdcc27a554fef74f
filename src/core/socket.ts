/**
 * Websocket connections as API modules see them (RFC 6455), free of any library: the real-port server
 * (src/mock/server.ts) adapts `ws` to these shapes, tests and faulty targets can wrap them. A module
 * declares routes by path prefix; an upgrade request is refused with an HTTP answer (a CAMARA
 * ErrorInfo) or accepted and handed over as a SocketConnection.
 */
import type { MockRequest, MockResponse } from "./http.ts";

export interface SocketConnection {
  /** sends one text frame (ignored once the connection is closing) */
  send(text: string): void;
  /** closes with a code (1000, or 4000-4999 for application codes) and a short reason */
  close(code: number, reason: string): void;
  onMessage(listener: (text: string) => void): void;
  onClose(listener: (code: number) => void): void;
}

/** Answer to an upgrade request: refuse it with an HTTP response, or accept it and take the connection. */
export type UpgradeDecision = { refuse: MockResponse } | { accept(connection: SocketConnection): void };

export interface SocketRoute {
  /** absolute path prefix this route owns, e.g. "/relaysms-gateway/v2/sync/sessions/" */
  prefix: string;
  upgrade(req: MockRequest): Promise<UpgradeDecision>;
}
