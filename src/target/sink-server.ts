/**
 * The runner's own notification sink: a small HTTP server on loopback that records every POST to
 * /sink/{id} and lists them on GET /sink/{id}. Scenarios give the target `<url>/sink/{id>` as `sink`
 * and read what arrived. Headers are kept (the Authorization value only as the scheme plus a SHA-256
 * fingerprint, enough to check the sinkCredential token was used without storing it).
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SinkEvent } from "./sink.ts";


export function tokenFingerprint(token: string): string {
  return `sha256:${createHash("sha256").update(token).digest("hex").slice(0, 16)}`;
}

export async function startSinkServer(host = "127.0.0.1"): Promise<{ url: string; close(): Promise<void> }> {
  const received = new Map<string, SinkEvent[]>();
  const server: Server = createServer((req, res) => {
    const m = /^\/sink\/([A-Za-z0-9-]+)$/.exec(req.url ?? "");
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received.get(m[1]) ?? []));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      if (headers.authorization) {
        const [scheme, token] = headers.authorization.split(/\s+/, 2);
        headers.authorization = token ? `${scheme} ${tokenFingerprint(token)}` : "<redacted>";
      }
      let body: unknown = Buffer.concat(chunks).toString("utf8");
      try {
        body = JSON.parse(body as string);
      } catch {
        /* keep text */
      }
      received.set(m[1], [...(received.get(m[1]) ?? []), { headers, body }]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/sink`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
