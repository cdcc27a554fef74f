/** Serves a MockApp on a real port with node:http (no web Request/Response conversion on the hot path). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { MockApp } from "./app.ts";
import { X_CORRELATOR_PATTERN } from "../openapi/correlator.ts";
import { errorResponse } from "../core/errors.ts";
import type { MockRequest, MockResponse } from "../core/http.ts";
import { readBody } from "../core/read-body.ts";
import { websocketUpgrades } from "./websocket-upgrade.ts";

const MAX_BODY_BYTES = 1024 * 1024;
const MAX_ORIGIN_STRINGS = 64;
/** shared by every request without a query string; nothing writes to it */
const EMPTY_QUERY = new URLSearchParams();

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Writes an answer with its Content-Length, so that node:http sends it in one write instead of the
 * chunked encoding's several (a header of the app's own wins).
 */
function send(res: ServerResponse, answer: MockResponse): void {
  if (answer.body !== undefined && answer.status !== 204 && answer.status !== 304 && answer.headers["content-length"] === undefined) {
    answer.headers["content-length"] = String(Buffer.byteLength(answer.body));
  }
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

/**
 * An answer is written from setImmediate (the event loop's check phase), not as soon as it is ready:
 * node runs the immediates queued during one pass of the loop over its sockets together, in order,
 * right after that pass. Under concurrent load a client then finds several answers per wake-up
 * instead of being woken for each one, and its next requests arrive together too: on loopback with
 * 10 connections that is about a quarter more POSTs per second for less CPU per request
 * (bench/run.ts). A lone request waits for nothing: the check phase follows its own callback at once.
 */
function sendSoon(res: ServerResponse, answer: MockResponse): void {
  setImmediate(sendOrFail, res, answer);
}

function sendOrFail(res: ServerResponse, answer: MockResponse): void {
  try {
    send(res, answer);
  } catch (error) {
    // node:http refused the answer (an invalid header value): a 500 instead
    failed(res, error);
  }
}

function failed(res: ServerResponse, error: unknown): void {
  console.error(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  send(res, errorResponse("INTERNAL", "Unexpected error in the mock."));
}

export async function listen(app: MockApp, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    // a request without content (most GETs) is not read at all: no extra tick on the hot path
    const hasBody = req.headers["content-length"] !== undefined ? req.headers["content-length"] !== "0" : req.headers["transfer-encoding"] !== undefined;
    if (!hasBody) {
      answerWith(req, res, "");
      return;
    }
    readBody(
      req,
      MAX_BODY_BYTES,
      (body) => {
        if (body !== undefined) return answerWith(req, res, body);
        // no CAMARA operation documents 413: a body this large is an invalid argument
        const correlator = req.headers["x-correlator"];
        const echo = typeof correlator === "string" && X_CORRELATOR_PATTERN.test(correlator) && correlator ? correlator : randomUUID();
        send(res, errorResponse("INVALID_ARGUMENT", "The request body is larger than 1 MiB.", { "x-correlator": echo, connection: "close" }));
      },
      (error) => failed(res, error),
    );
  });

  function answerWith(req: IncomingMessage, res: ServerResponse, body: string): void {
    try {
      app
        .handle(toMockRequest(req, body))
        .then((answer) => sendSoon(res, answer))
        .catch((error: unknown) => failed(res, error));
    } catch (error) {
      failed(res, error);
    }
  }

  /** one origin string per Host (sessions keep it: no copy per request); bounded, any client names any Host */
  const origins = new Map<string, string>();
  function originOf(hostHeader: string): string {
    let origin = origins.get(hostHeader);
    if (origin === undefined) {
      if (origins.size >= MAX_ORIGIN_STRINGS) origins.clear();
      origins.set(hostHeader, (origin = `http://${hostHeader}`));
    }
    return origin;
  }

  function toMockRequest(req: IncomingMessage, body: string): MockRequest {
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const headers = req.headers as Record<string, string | undefined>;
    // network-based authentication identifies the device by its address: behind no proxy, the peer's
    if (!headers["x-forwarded-for"] && req.socket.remoteAddress) {
      const peer = req.socket.remoteAddress;
      headers["x-forwarded-for"] = peer.startsWith("::ffff:") ? peer.slice(7) : peer;
    }
    return {
      method: (req.method ?? "GET").toUpperCase(),
      path: q < 0 ? raw : raw.slice(0, q),
      query: q < 0 ? EMPTY_QUERY : new URLSearchParams(raw.slice(q + 1)),
      headers,
      body,
      origin: originOf(headers.host ?? `${host}:${(server.address() as AddressInfo).port}`),
    };
  }
  server.keepAliveTimeout = 65_000;
  // websocket channels of the served APIs (modules declare them; the mock frame knows none by name)
  const upgrades = websocketUpgrades((req) => app.upgrade(req));
  server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => {
    void upgrades.handle(req, socket, head, toMockRequest(req, ""));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  // the authorization server's identity is where it listens (or --issuer), never a request's Host
  // (a wildcard bind has no name of its own: localhost, or --issuer for the name clients use)
  const named = host === "0.0.0.0" || host === "::" ? "localhost" : shownHost;
  app.bindIssuer(`http://${named}:${port}`);
  return {
    url: `http://${shownHost}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        upgrades.closeAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
