/**
 * A transparent forwarding proxy on a real port, optionally changing one thing: `intercept` may
 * answer a request itself (a gateway's 404 for an API it does not route) or rewrite its body.
 */
import { type IncomingMessage, request } from "node:http";
import { tinyServer, type TinyServer } from "./misbehaving-server.ts";

export interface Intercept {
  /** answer this request without forwarding it */
  answer?(req: IncomingMessage): { status: number; type: string; body: string } | undefined;
  /** change the request body before forwarding */
  rewrite?(req: IncomingMessage, body: string): string;
}

const HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

export function forwardingProxy(upstream: string, intercept: Intercept = {}): Promise<TinyServer> {
  return tinyServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const own = intercept.answer?.(req);
      if (own) {
        res.writeHead(own.status, { "content-type": own.type });
        res.end(own.body);
        return;
      }
      let body: string | undefined = chunks.length ? Buffer.concat(chunks).toString("utf8") : undefined;
      if (body !== undefined && intercept.rewrite) body = intercept.rewrite(req, body);
      // node:http, not fetch: headers go through as the client sent them (a malformed token too)
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const up = request(`${upstream}${req.url}`, { method: req.method, headers }, (answer) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(answer.headers)) if (!HOP.has(k) && v !== undefined) out[k] = v;
        const parts: Buffer[] = [];
        answer.on("data", (c: Buffer) => parts.push(c));
        answer.on("end", () => {
          res.writeHead(answer.statusCode ?? 502, out);
          res.end(Buffer.concat(parts));
        });
      });
      up.on("error", () => {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end("bad gateway");
      });
      up.end(body);
    });
  });
}
