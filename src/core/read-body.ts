import type { IncomingMessage } from "node:http";

/**
 * A request's body as text, or undefined when it is larger than maxBytes. A larger body is still
 * read to its end and dropped (nothing beyond maxBytes is kept), so the server can still answer it.
 */
export function readBodyUpTo(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) chunks.push(c);
    });
    req.on("end", () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
