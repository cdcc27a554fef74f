/**
 * The runner's sink without a target: a refusal of the offered sink is recognised (and only that),
 * the target file's `sink` section (a forwarded public URL and its port, or a sink of your own), and
 * one port answering both https (targets) and http (the runner's reads, a tunnel).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTargetConfig, readSinkSettings } from "../../src/target/config.ts";
import { openRunnerSink } from "../../src/target/runner-sink.ts";
import { sinkRefusal } from "../../src/target/sink.ts";

const SINK = "https://127.0.0.1:4444/sink/abc";
const sent = JSON.stringify({ sink: SINK, qosProfile: "QOS_E" });

describe("sinkRefusal", () => {
  it.each([
    ["400 INVALID_ARGUMENT about the sink", 400, { status: 400, code: "INVALID_ARGUMENT", message: 'sink must match pattern "^https:\\/\\/.+$"' }, true],
    ["400 INVALID_SINK", 400, { status: 400, code: "INVALID_SINK", message: "sink not reachable" }, true],
    ["400 INVALID_ARGUMENT about sinkCredential", 400, { status: 400, code: "INVALID_ARGUMENT", message: "sinkCredential.credentialType must be ACCESSTOKEN" }, false],
    ["400 INVALID_ARGUMENT about something else", 400, { status: 400, code: "INVALID_ARGUMENT", message: "duration must be >= 1" }, false],
    ["422 about the sink", 422, { status: 422, code: "INVALID_SINK", message: "sink" }, false],
  ])("%s", (_what, status, body, refused) => {
    const reason = sinkRefusal([SINK], sent, status, JSON.stringify(body));
    expect(reason !== undefined).toBe(refused);
    if (refused) expect(reason).toMatch(/refused the runner's notification sink https:\/\/127\.0\.0\.1:4444 \(400 .*--sink-url/);
  });

  it("only for a request that carried one of the offered sinks", () => {
    const body = JSON.stringify({ status: 400, code: "INVALID_ARGUMENT", message: "sink must match pattern" });
    expect(sinkRefusal([SINK], JSON.stringify({ sink: "http://elsewhere/x" }), 400, body)).toBeUndefined();
    expect(sinkRefusal(["http://127.0.0.1:4444/sink/abc"], JSON.stringify({ sink: "http://127.0.0.1:4444/sink/abc" }), 400, body)).toMatch(
      /--allow-insecure-sinks/,
    );
  });
});

describe("the target file's sink section", () => {
  const file = (yaml: string) => {
    const path = join(mkdtempSync(join(tmpdir(), "camara-sinkcfg-")), "t.yaml");
    writeFileSync(path, `apiRoot: https://sandbox.example\nsubscribers: {unknown: {phoneNumber: "+34699999999"}}\n${yaml}`);
    return path;
  };

  it("a forwarded public url with its port: for the runner's own sink, not a readable sink of the target's", () => {
    const path = file("sink: {url: https://tunnel.example/sink, port: 8787}\n");
    expect(readSinkSettings(path)).toEqual({ url: "https://tunnel.example/sink", port: 8787 });
    expect(loadTargetConfig(path).sink).toBeUndefined();
  });

  it("url with readUrl: a sink of the user's own", () => {
    const path = file("sink: {url: https://hooks.example/s/, readUrl: https://hooks.example/read}\n");
    expect(loadTargetConfig(path).sink).toEqual({ url: "https://hooks.example/s", readUrl: "https://hooks.example/read" });
  });

  it("a bad port is a one-line configuration error", () => {
    expect(() => readSinkSettings(file("sink: {port: 0}\n"))).toThrow(/\/sink\/port/);
  });
});

describe("one port, https for targets and http for reads", () => {
  it("offers https, records a POST over TLS, lists it over http; --sink-url is offered instead", async () => {
    const dir = mkdtempSync(join(tmpdir(), "camara-cert-"));
    const sink = await openRunnerSink({ certificateDir: dir });
    try {
      expect(sink.sink.url).toBe(`https://127.0.0.1:${sink.port}/sink`);
      expect(sink.sink.readUrl).toBe(`http://127.0.0.1:${sink.port}/sink`);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${sink.sink.url}/x1`, { method: "POST", ca: sink.certificate.cert, headers: { "content-type": "application/json" } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on("error", reject);
        req.end(JSON.stringify({ hello: "tls" }));
      });
      expect(status).toBe(204);
      const listed = (await (await fetch(`${sink.sink.readUrl}/x1`)).json()) as { body: unknown }[];
      expect(listed.map((e) => e.body)).toEqual([{ hello: "tls" }]);
    } finally {
      await sink.close();
    }
    const forwarded = await openRunnerSink({ certificateDir: dir, url: "https://tunnel.example/sink/" });
    expect(forwarded.sink.url).toBe("https://tunnel.example/sink");
    expect(forwarded.public).toBe(true);
    expect(forwarded.sink.readUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sink$/);
    await forwarded.close();
  });
});
