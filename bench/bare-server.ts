/**
 * The baseline: the least a node:http JSON API can do. It reads the whole body, JSON.parses it when
 * there is one, and answers a fixed JSON document shaped like a QoD SessionInfo (about the size of the
 * mock's answer), 201 for POST and 200 otherwise. No routing, no auth, no validation, no state.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const SESSION_INFO = JSON.stringify({
  sessionId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  applicationServer: { ipv4Address: "198.51.100.1" },
  qosProfile: "QOS_E",
  duration: 60,
  qosStatus: "REQUESTED",
  device: { phoneNumber: "+34600000001" },
});

export async function listenBare(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (chunks.length > 0) {
        try {
          JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          res.writeHead(400, { "content-type": "application/json" });
          res.end('{"status":400,"code":"INVALID_ARGUMENT","message":"not JSON"}');
          return;
        }
      }
      res.writeHead(req.method === "POST" ? 201 : 200, { "content-type": "application/json" });
      res.end(SESSION_INFO);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
