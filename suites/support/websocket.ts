/**
 * A websocket client for scenarios (RFC 6455, with `ws`) that records the whole conversation as one
 * Exchange: the upgrade request, the answer (101, or the HTTP refusal with its body), then every frame
 * sent and received and the close, in order, each with its time since the upgrade request; the
 * reports show it like an HTTP exchange. Waiting for a frame never sleeps longer than asked.
 */
import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import { visibleHarnessHeaders } from "../../src/target/harness-access.ts";
import { makeExchange, redactBody } from "../../src/results/evidence.ts";
import type { Exchange, SocketFrame } from "../../src/results/results.ts";

export interface Closed {
  code: number;
  reason: string;
}

export interface RecordedSocket {
  /** HTTP status of the upgrade: 101 when accepted */
  status: number;
  /** the refusal's body text (an ErrorInfo), when refused */
  refusalBody?: string;
  /** every text frame received so far, in order */
  readonly received: string[];
  send(frame: string | object): void;
  /** the next frame not yet returned by next(), or undefined when none came within ms or the socket closed */
  next(ms?: number): Promise<string | undefined>;
  /** the close, or undefined when the socket is still open after ms */
  closed(ms?: number): Promise<Closed | undefined>;
  close(): void;
}

/** Opens a websocket and records it; resolves once the upgrade was answered (accepted or refused). */
export function openRecordedSocket(url: string, timeoutMs: number, record: (x: Exchange) => void): Promise<RecordedSocket> {
  const started = performance.now();
  const key = randomBytes(16).toString("base64");
  // the run's workspace on a shared harness mock (websockets do not go through fetch)
  const workspace = visibleHarnessHeaders(url);
  const request = { method: "GET", url, headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": key, ...workspace } };
  const frames: SocketFrame[] = [];
  const at = () => Math.round((performance.now() - started) * 10) / 10;
  const received: string[] = [];
  let read = 0;
  let closedWith: Closed | undefined;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  const wait = <T>(ready: () => T | undefined, ms: number): Promise<T | undefined> =>
    new Promise((resolve) => {
      const check = () => {
        const value = ready();
        if (value !== undefined || closedWith) finish(value);
      };
      const finish = (value: T | undefined) => {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => finish(ready()), ms);
      waiters.add(check);
      check();
    });

  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { "sec-websocket-key": key, ...workspace }, handshakeTimeout: timeoutMs });
    let exchange: Exchange | undefined;
    const socket: RecordedSocket = {
      status: 0,
      received,
      send(frame) {
        const text = typeof frame === "string" ? frame : JSON.stringify(frame);
        frames.push({ atMs: at(), direction: "sent", data: redactBody(text)! });
        ws.send(text);
      },
      next: (ms = timeoutMs) => wait(() => (read < received.length ? received[read++] : undefined), ms),
      closed: (ms = timeoutMs) => wait(() => closedWith, ms),
      close: () => ws.close(1000, "done"),
    };
    ws.on("upgrade", (res) => {
      socket.status = 101;
      exchange = makeExchange(request, { status: 101, headers: res.headers as Record<string, string> }, at());
      exchange.frames = frames;
      record(exchange);
      resolve(socket);
    });
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => {
        socket.status = res.statusCode ?? 0;
        socket.refusalBody = body;
        closedWith = { code: 1006, reason: `upgrade refused with ${res.statusCode}` };
        record(makeExchange(request, { status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body }, at()));
        resolve(socket);
      });
    });
    ws.on("message", (data) => {
      const text = data.toString();
      frames.push({ atMs: at(), direction: "received", data: redactBody(text)! });
      received.push(text);
      wake();
    });
    ws.on("close", (code, reason) => {
      closedWith = { code, reason: reason.toString() };
      frames.push({ atMs: at(), direction: "closed", data: `${code} ${closedWith.reason}`.trim() });
      if (exchange) exchange.durationMs = at();
      wake();
    });
    ws.on("error", (error) => {
      if (socket.status === 0) {
        record(makeExchange(request, undefined, at(), error.message));
        reject(new Error(`websocket ${url}: ${error.message}`));
      }
    });
  });
}
