/**
 * The image and the testcontainers module (issue 18): the container starts through
 * `camara-harness/testcontainers`, runs as its unprivileged user, becomes healthy by its own
 * HEALTHCHECK, serves the control plane through the module's helpers, takes test data, and answers
 * the conformance run CONFORMANT. Skipped, with the reason printed, where no engine or image is.
 */
import { execFileSync } from "node:child_process";
import { freePort } from "../support/processes.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../src/core/paths.ts";
import { CamaraHarnessContainer } from "../../src/testcontainers/index.ts";
import { CONTAINER_SKIP_REASON, IMAGE } from "./docker-available.ts";
import { type CliRun, runCli } from "../conformance/run-cli.ts";

/**
 * The first-wave APIs (sessions on the clock, notifications, identification) keep `npm test` short;
 * CAMARA_CONTAINER_FULL_RUN=1 runs every API (measured: 1042 scenarios, 998 pass, 44 skip, 0 fail).
 */
const FULL_RUN = process.env.CAMARA_CONTAINER_FULL_RUN === "1";
const SELECTION = FULL_RUN ? [] : ["--api", "quality-on-demand,qos-profiles,sim-swap,number-verification"];

type Started = Awaited<ReturnType<InstanceType<typeof CamaraHarnessContainer>["start"]>>;

const title = CONTAINER_SKIP_REASON ? `the image in a container (skipped: ${CONTAINER_SKIP_REASON})` : `the image ${IMAGE} in a container`;

describe(title, { timeout: 600_000 }, () => {
  let started: Started;
  let startMs = 0;

  beforeAll(async () => {
    if (CONTAINER_SKIP_REASON) return;
    const t0 = performance.now();
    started = await new CamaraHarnessContainer(IMAGE).withAllowInsecureSinks().start();
    startMs = Math.round(performance.now() - t0);
    console.log(`container ${started.getId().slice(0, 12)} answering on ${started.baseUrl} after ${startMs} ms`);
  }, 180_000);

  afterAll(async () => {
    await started?.stop();
  });

  // on the host's network: the mock delivers notifications to the runner's sink on loopback (http: the
  // container accepts insecure sinks and does not know the runner's certificate)
  it.skipIf(CONTAINER_SKIP_REASON)("answers the conformance run CONFORMANT (a fresh container on the host's network)", async () => {
    const port = await freePort();
    const t0 = performance.now();
    const own = await new CamaraHarnessContainer(IMAGE).withHostNetwork(port).withAllowInsecureSinks().start();
    const ready = Math.round(performance.now() - t0);
    let run: CliRun;
    try {
      run = await runCli(["conformance", "--base-url", own.baseUrl, "--http-sink", ...SELECTION], 540_000);
    } finally {
      await own.stop();
    }
    const [exitCode, output, results] = [run.code, run.stdout + run.stderr, run.report!];
    const seconds = Math.round((performance.now() - t0) / 1000);
    console.log(`conformance against the container (${own.baseUrl}, ready in ${ready} ms): exit ${exitCode}, ${JSON.stringify(results.counts)} in ${seconds} s`);
    expect(exitCode, output.split("\n").filter((l) => /FAIL|ERROR|Verdict/.test(l)).slice(0, 40).join("\n")).toBe(0);
    expect(results.counts.pass).toBeGreaterThan(FULL_RUN ? 900 : 250);
    expect(results.counts.fail + results.counts.error).toBe(0);
  });

  it.skipIf(CONTAINER_SKIP_REASON)("runs as the unprivileged user, the mock serving every interface on 4010", async () => {
    const { output, exitCode } = await started.exec(["node", "-e", "console.log(process.getuid())"]);
    expect(exitCode).toBe(0);
    expect(output.trim()).toBe("10001");
    const discovery = await fetch(`${started.baseUrl}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
  });

  it.skipIf(CONTAINER_SKIP_REASON)("drives the control plane through the module's helpers", async () => {
    const data = await started.testData();
    expect(Array.isArray(data.clients) && data.clients.length).toBeGreaterThan(0);
    const before = await started.now();
    const moved = await started.advanceClock(3600);
    // the virtual clock also follows real time: an hour plus the moments between the two requests
    expect(moved.now.getTime() - before.getTime()).toBeGreaterThanOrEqual(3_600_000);
    expect(moved.now.getTime() - before.getTime()).toBeLessThan(3_660_000);
    await started.reset();
    expect((await started.now()).getTime()).toBeLessThan(moved.now.getTime());
    const token = await started.mintToken({ clientId: (data.clients as { clientId: string }[])[0].clientId, scope: "qos-profiles:read" });
    const profiles = await fetch(`${started.baseUrl}/qos-profiles/v1/retrieve-qos-profiles`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(profiles.status).toBe(200);
  });

  it.skipIf(CONTAINER_SKIP_REASON)("is healthy by the image's own HEALTHCHECK", async () => {
    // the first check runs one interval (10 s) after the start; poll the engine's verdict
    let status = "";
    for (let i = 0; i < 60 && status !== "healthy"; i++) {
      status = execFileSync("docker", ["inspect", "-f", "{{.State.Health.Status}}", started.getId()], { encoding: "utf8" }).trim();
      if (status !== "healthy") await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(status).toBe("healthy");
  });

  it.skipIf(CONTAINER_SKIP_REASON)("takes test data and settings, and restarts with replaced test data", async () => {
    const yaml = readFileSync(join(PROJECT_ROOT, "data", "testdata.yaml"), "utf8");
    const withRate = (n: number) => yaml.replace(/^(  rateLimitPerSecond:) .*$/m, `$1 ${n}`);
    expect(withRate(33)).not.toBe(yaml);
    type Operator = { rateLimitPerSecond: number; accessTokenSeconds: number };
    const first = await new CamaraHarnessContainer(IMAGE).withTestData(withRate(33)).withSetting("operator.accessTokenSeconds", 1234).start();
    let current = first;
    try {
      expect((await first.testData()).operator as Operator).toMatchObject({ rateLimitPerSecond: 33, accessTokenSeconds: 1234 });
      current = await first.restartWithTestData(withRate(44));
      expect(current.getId()).not.toBe(first.getId());
      // the new file, and the settings still applied over it
      expect((await current.testData()).operator as Operator).toMatchObject({ rateLimitPerSecond: 44, accessTokenSeconds: 1234 });
    } finally {
      await current.stop();
    }
  });
});
