/**
 * A transparent forwarding proxy on a real port, optionally changing one thing: `intercept` may
 * answer a request itself (a gateway's 404 for an API it does not route) or rewrite its body.
 */
import type { IncomingMessage } from "node:http";
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
    req.on("end", async () => {
      const own = intercept.answer?.(req);
      if (own) {
        res.writeHead(own.status, { "content-type": own.type });
        res.end(own.body);
        return;
      }
      let body: string | undefined = chunks.length ? Buffer.concat(chunks).toString("utf8") : undefined;
      if (body !== undefined && intercept.rewrite) body = intercept.rewrite(req, body);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && typeof v === "string") headers[k] = v;
      try {
        const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers, body, redirect: "manual" });
        const out: Record<string, string> = {};
        answer.headers.forEach((v, k) => {
          if (!HOP.has(k) && k !== "content-encoding") out[k] = v;
        });
        const buf = Buffer.from(await answer.arrayBuffer());
        res.writeHead(answer.status, out);
        res.end(buf);
      } catch {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end("bad gateway");
      }
    });
  });
}
