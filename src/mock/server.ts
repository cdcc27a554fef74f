/** Serves a MockApp on a real port with node:http (no web Request/Response conversion on the hot path). */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { MockApp } from "./app.ts";
import type { MockRequest } from "./http.ts";

const MAX_BODY_BYTES = 1024 * 1024;

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function listen(app: MockApp, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (body === undefined) {
        res.writeHead(413, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: 413, code: "INVALID_ARGUMENT", message: "request body larger than 1 MiB" }));
        return;
      }
      const raw = req.url ?? "/";
      const q = raw.indexOf("?");
      const headers = req.headers as Record<string, string | undefined>;
      // network-based authentication identifies the device by its address: behind no proxy, the peer's
      if (!headers["x-forwarded-for"] && req.socket.remoteAddress) {
        headers["x-forwarded-for"] = req.socket.remoteAddress.replace(/^::ffff:/, "");
      }
      const mockReq: MockRequest = {
        method: (req.method ?? "GET").toUpperCase(),
        path: q < 0 ? raw : raw.slice(0, q),
        query: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)),
        headers,
        body,
        origin: `http://${headers.host ?? `${host}:${(server.address() as AddressInfo).port}`}`,
      };
      const answer = await app.handle(mockReq);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: 500, code: "INTERNAL", message: "Unexpected error in the mock." }));
      console.error(error);
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
