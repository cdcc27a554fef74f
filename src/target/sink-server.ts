/**
 * The runner's own notification sink: a small server that records every POST to /sink/{id} and
 * lists them on GET /sink/{id}. Scenarios give the target `<url>/{id}` as `sink` and read what
 * arrived. Headers are kept (the Authorization value only as the scheme plus a SHA-256 fingerprint,
 * enough to check the sinkCredential token was used without storing it).
 *
 * CAMARA sinks are https (`^https://` in the specs), so the address offered to targets is https,
 * with the runner's certificate (sink-certificate.ts). The same port also answers plain http: the
 * runner reads its own sink over it, a tunnel may forward a public https address to it, and a
 * target that accepts http sinks can be offered one when the user asks (`--http-sink`). The first
 * byte of a connection tells the two apart (a TLS handshake record starts with 0x16).
 */
import { createHash } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, type Socket, createServer as createTcpServer } from "node:net";
import { readBody } from "../core/read-body.ts";
import { MAX_BODY_BYTES } from "./network-error.ts";
import type { SinkCertificate } from "./sink-certificate.ts";
import type { SinkEvent } from "./sink.ts";

export function tokenFingerprint(token: string): string {
  return `sha256:${createHash("sha256").update(token).digest("hex").slice(0, 16)}`;
}

export interface SinkServerOptions {
  /** interface to bind (default 127.0.0.1) */
  host?: string;
  /** port (default: any free one); fixed when a tunnel forwards to it */
  port?: number;
  /** the certificate for https; without it the sink speaks http only */
  certificate?: SinkCertificate;
  /** offer an http:// address to targets even with a certificate */
  offerHttp?: boolean;
}

export interface SinkServer {
  /** what targets are given (https unless offerHttp or no certificate): `${url}/{id}` */
  url: string;
  /** where the runner reads what arrived (plain http on loopback): `${readUrl}/{id}` */
  readUrl: string;
  port: number;
  close(): Promise<void>;
}

/** One request to the sink: a POST records, a GET lists. */
function handler(received: Map<string, SinkEvent[]>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/sink\/([A-Za-z0-9-]+)$/.exec(req.url ?? "");
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received.get(m[1]) ?? []));
      return;
    }
    // what a tunnel (--sink-url) lets anyone send: kept up to MAX_BODY_BYTES, like every body the runner reads
    readBody(req, MAX_BODY_BYTES, (text) => {
      if (text === undefined) {
        res.writeHead(413).end();
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      if (headers.authorization) {
        const [scheme, token] = headers.authorization.split(/\s+/, 2);
        headers.authorization = token ? `${scheme} ${tokenFingerprint(token)}` : "<redacted>";
      }
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* keep text */
      }
      received.set(m[1], [...(received.get(m[1]) ?? []), { headers, body }]);
      res.writeHead(204).end();
    }, () => res.destroy());
  };
}

const TLS_HANDSHAKE = 0x16;

export async function startSinkServer(options: SinkServerOptions = {}): Promise<SinkServer> {
  const host = options.host ?? "127.0.0.1";
  const onRequest = handler(new Map());
  const plain = createHttpServer(onRequest);
  const secure = options.certificate
    ? createHttpsServer({ key: options.certificate.key, cert: options.certificate.cert }, onRequest)
    : undefined;
  const sockets = new Set<Socket>();
  const tcp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (secure && first[0] === TLS_HANDSHAKE ? secure : plain).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = tcp.address() as AddressInfo;
  const hostInUrl = host.includes(":") ? `[${host}]` : host;
  const scheme = secure && !options.offerHttp ? "https" : "http";
  return {
    url: `${scheme}://${hostInUrl}:${port}/sink`,
    readUrl: `http://${hostInUrl}:${port}/sink`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        tcp.close(() => resolve());
      }),
  };
}
