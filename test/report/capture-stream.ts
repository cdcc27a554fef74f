/** A real writable stream that keeps what was written, optionally claiming to be a TTY. */
import { PassThrough } from "node:stream";

export function captureStream(options: { isTTY?: boolean } = {}): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (options.isTTY) stream.isTTY = true;
  const chunks: string[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
  return { stream, text: () => chunks.join("") };
}
