import type { IncomingMessage } from "node:http";

/**
 * A request's body as text, or undefined when it is larger than maxBytes. A larger body is still
 * read to its end and dropped (nothing beyond maxBytes is kept), so the server can still answer it.
 */
export function readBodyUpTo(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => readBody(req, maxBytes, resolve, reject));
}

/** readBodyUpTo with callbacks: the mock's server reads every body with it, without a promise. */
export function readBody(req: IncomingMessage, maxBytes: number, done: (body: string | undefined) => void, failed: (error: Error) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (c: Buffer) => {
    size += c.length;
    if (size <= maxBytes) chunks.push(c);
  });
  req.on("end", () => done(size > maxBytes ? undefined : chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8")));
  req.on("error", failed);
}
