/**
 * Issue 11, done-when: a conformant target never fails. The mock as `npx camara-harness mock` starts it
 * (no flags: https sinks only, no certificate of the runner's trusted), tested through a transparent
 * proxy, is CONFORMANT; the notification scenarios it cannot deliver are skipped with the reason and
 * the fix, never failed. (The same mock without the proxy: test/conformance/https-sink.test.ts.)
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMock, type MockApp } from "../../src/mock/app.ts";
import { listen, type RunningServer } from "../../src/mock/server.ts";
import { runConformance } from "../../src/run-conformance.ts";
import { forwardingProxy } from "./forwarding-proxy.ts";
import type { TinyServer } from "./misbehaving-server.ts";

let app: MockApp;
let server: RunningServer;
let proxy: TinyServer;

beforeAll(async () => {
  app = await createMock(); // the CLI's defaults: no insecure sinks, no extra CA
  server = await listen(app, { port: 0 });
  proxy = await forwardingProxy(server.url);
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await server?.close();
  await app?.close();
});

it("a no-flag mock behind a transparent proxy: CONFORMANT, notification scenarios skipped with the fix", async () => {
  const report = await runConformance({ baseUrl: proxy.url, apis: ["quality-on-demand", "sim-swap-subscriptions", "qos-provisioning"] });
  const problems = report.results.filter((r) => r.status === "fail" || r.status === "error").map((r) => `${r.id}: ${r.reason}`);
  expect(report.exitCode, [...report.harnessErrors, ...problems].join("\n")).toBe(0);
  expect(report.counts.pass).toBeGreaterThan(200);
  const sinkSkips = report.results.filter((r) => r.status === "skip" && /--sink-ca/.test(r.reason ?? ""));
  expect(sinkSkips.length).toBeGreaterThan(5);
}, 300_000);
