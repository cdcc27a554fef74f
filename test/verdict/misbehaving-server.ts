/** Tiny node:http servers on real loopback ports that misbehave in one way each, for the runner's messages. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TinyServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function tinyServer(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<TinyServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers `status` with `mebibytes` MiB of body, chunked (no content-length); counts what it managed to write. */
export function hugeBody(status: number, mebibytes: number, written: { bytes: number }) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let left = mebibytes * 16;
    const pump = () => {
      while (left > 0) {
        left--;
        written.bytes += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end();
    };
    res.on("close", () => (left = 0));
    pump();
  };
}
