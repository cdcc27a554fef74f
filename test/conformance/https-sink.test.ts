/**
 * Issue 11, "notifications without false alarms": the runner's sink speaks https (CAMARA sinks are
 * `^https://`), our mock delivers to it when it trusts the runner's certificate (`--sink-ca`), and a
 * conformant target is never failed because of the sink: a mock started with no flags is CONFORMANT
 * with the notification scenarios skipped with the reason and the fix; a refused sink is a skip too;
 * `--sink-url` is what the target is given. Real processes, real ports, real TLS.
 */
import { X509Certificate } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMock } from "../../src/mock/app.ts";
import type { ScenarioResult } from "../../src/results/results.ts";
import { openRunnerSink } from "../../src/target/runner-sink.ts";
import { sinkCertificate } from "../../src/target/sink-certificate.ts";
import { readSinkEvents } from "../../src/target/sink.ts";
import { freePort, Processes } from "../support/processes.ts";
import { type CliRun, limited, runCli } from "./run-cli.ts";

// the runner children and this file share one certificate folder of their own
const cacheDir = mkdtempSync(join(tmpdir(), "camara-sink-cache-"));
process.env.CAMARA_HARNESS_CACHE_DIR = cacheDir;
const certDir = join(cacheDir, "sink-tls");

const processes = new Processes();
afterAll(() => processes.killAll());

/** `camara-harness mock --port 0 ...args` as a user starts it; resolves with its URL. */
const startCliMock = async (args: string[]): Promise<string> => (await processes.mock(args)).url;

const byId = (run: CliRun, id: string): ScenarioResult | undefined => run.report?.results.find((r) => r.id === id);
const NOTIFIED = "quality_on_demand_notification_01_available";
const report = (run: CliRun) => `${run.stderr}\n${run.stdout.slice(-3000)}`;

describe("the runner's certificate", () => {
  it("is kept across runs, valid for 127.0.0.1, ::1 and localhost, and a CA for itself", async () => {
    const dir = mkdtempSync(join(tmpdir(), "camara-cert-"));
    const first = await sinkCertificate(dir);
    const again = await sinkCertificate(dir);
    expect(again.cert).toBe(first.cert);
    const x509 = new X509Certificate(first.cert);
    expect(x509.subjectAltName).toMatch(/DNS:localhost/);
    expect(x509.subjectAltName).toMatch(/IP Address:127\.0\.0\.1/);
    expect(x509.subjectAltName).toMatch(/IP Address:0:0:0:0:0:0:0:1|IP Address:::1/);
    expect(x509.ca).toBe(true);
  });
});

describe("delivery from the mock to the runner's https sink", () => {
  it("arrives when the mock trusts the certificate (sinkCa), and fails TLS (logged) when it does not", async () => {
    const sink = await openRunnerSink({ certificateDir: certDir });
    const trusting = await createMock({ sinkCa: sink.certificate.cert, notificationRetryDelaysMs: [] });
    const plain = await createMock({ notificationRetryDelaysMs: [] });
    try {
      expect(sink.sink.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/sink$/);
      const event = trusting.notifier.event("org.example.test", "harness-test", { n: 1 });
      const record = await trusting.notifier.send(`${sink.sink.url}/a1`, { credentialType: "ACCESSTOKEN", accessToken: "secret-token" }, event);
      expect(record.delivered, JSON.stringify(record.attempts)).toBe(true);
      const arrived = await readSinkEvents(`${sink.sink.readUrl}/a1`, 5000);
      expect(arrived.map((e) => e.body.id)).toEqual([event.id]);
      expect(arrived[0].headers.authorization).toMatch(/^Bearer sha256:/);

      const refused = await plain.notifier.send(`${sink.sink.url}/a2`, undefined, plain.notifier.event("org.example.test", "harness-test", {}));
      expect(refused.delivered).toBe(false);
      expect(refused.attempts[0].error).toMatch(/SELF_SIGNED|certificate/i);
      expect(await readSinkEvents(`${sink.sink.readUrl}/a2`, 5000)).toEqual([]);
    } finally {
      trusting.close();
      plain.close();
      await sink.close();
    }
  });
});

describe("conformance through --base-url against our mock started apart", () => {
  let noFlags: string;
  let withCa: string;
  let sinkPort: number;
  const runs: Record<string, CliRun> = {};

  beforeAll(async () => {
    const certificate = await sinkCertificate(certDir);
    [noFlags, withCa] = await Promise.all([startCliMock([]), startCliMock(["--sink-ca", certificate.certFile])]);
    sinkPort = await freePort();
    // "n_01_": notification_01_available and a dozen other QoD scenarios (an all-skipped selection is exit 2, no verdict)
    const qod = ["conformance", "--api", "qod", "--grep", "n_01_"];
    const named = {
      noFlags: [...qod, "--base-url", noFlags],
      withCa: [...qod, "--base-url", withCa],
      // the "public" address is another name of the runner's own sink: what a tunnel would forward
      sinkUrl: [...qod, "--base-url", withCa, "--sink-port", String(sinkPort), "--sink-url", `https://localhost:${sinkPort}/sink`],
      httpRefused: [...qod, "--base-url", noFlags, "--http-sink"],
    };
    const results = await limited(2, Object.values(named).map((args) => () => runCli(args, 240_000)));
    Object.keys(named).forEach((k, i) => (runs[k] = results[i]));
  }, 600_000);

  it("a mock started with no flags is CONFORMANT; its undelivered notifications are skipped with the reason and the fix", () => {
    const run = runs.noFlags;
    expect(run.code, report(run)).toBe(0);
    expect(run.stdout).toMatch(/Verdict: CONFORMANT/);
    expect(run.stdout).toContain(`--sink-ca ${join(certDir, "sink-ca.pem")}`);
    const notified = byId(run, NOTIFIED);
    expect(notified?.status).toBe("skip");
    expect(notified?.reason).toMatch(/did not deliver to the runner's sink https:\/\/127\.0\.0\.1:\d+ \(DEPTH_ZERO_SELF_SIGNED_CERT/);
    expect(notified?.reason).toContain(`--sink-ca ${join(certDir, "sink-ca.pem")}`);
  });

  it("a mock started with --sink-ca delivers: the notification scenarios run and pass", () => {
    const run = runs.withCa;
    expect(run.code, report(run)).toBe(0);
    expect(byId(run, NOTIFIED)?.status, byId(run, NOTIFIED)?.reason).toBe("pass");
  });

  it("--sink-url is the sink the target is given; what it forwards reaches the runner", async () => {
    const run = runs.sinkUrl;
    expect(run.code, report(run)).toBe(0);
    expect(byId(run, NOTIFIED)?.status, byId(run, NOTIFIED)?.reason).toBe("pass");
    const log = (await (await fetch(`${withCa}/_harness/events`)).json()) as { sink: string }[];
    expect(log.some((d) => d.sink.startsWith(`https://localhost:${sinkPort}/sink/`))).toBe(true);
  });

  it("a refused sink (an http sink offered to a mock without --allow-insecure-sinks) is a skip with the reason, not a failure", () => {
    const run = runs.httpRefused;
    expect(run.code, report(run)).toBe(0);
    expect(byId(run, NOTIFIED)?.status).toBe("skip");
    expect(byId(run, NOTIFIED)?.reason).toMatch(/refused the runner's notification sink http:\/\/127\.0\.0\.1:\d+ \(400 INVALID_ARGUMENT: .*--allow-insecure-sinks/);
  });
});
