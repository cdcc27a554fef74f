/**
 * The runner's notification sink (src/target/sink-server.ts) is what a tunnel (--sink-url) exposes:
 * it keeps what a target posts, with the Authorization token reduced to a fingerprint, and refuses a
 * body over the runner's 1 MiB limit instead of holding it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSinkServer, type SinkServer, tokenFingerprint } from "../../src/target/sink-server.ts";
import { MAX_BODY_BYTES } from "../../src/target/network-error.ts";

let sink: SinkServer;
beforeAll(async () => {
  sink = await startSinkServer();
});
afterAll(() => sink.close());

const read = async (id: string) => (await (await fetch(`${sink.readUrl}/${id}`)).json()) as { headers: Record<string, string>; body: unknown }[];

describe("the runner's sink", () => {
  it("keeps an event, its token only as a fingerprint", async () => {
    const res = await fetch(`${sink.url}/kept`, { method: "POST", headers: { authorization: "Bearer s3cret", "content-type": "application/json" }, body: '{"id":"1"}' });
    expect(res.status).toBe(204);
    const [event] = await read("kept");
    expect(event.body).toEqual({ id: "1" });
    expect(event.headers.authorization).toBe(`Bearer ${tokenFingerprint("s3cret")}`);
  });

  it("answers 413 to a body over 1 MiB and keeps nothing of it", async () => {
    const res = await fetch(`${sink.url}/big`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(await read("big")).toEqual([]);
  });
});
