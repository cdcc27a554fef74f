import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_RELEASE, HARNESS_APIS } from "../openapi/releases.ts";
import type { Command } from "./command.ts";
import { stopOnShutdown } from "./shutdown.ts";
import { applyOverrides } from "./test-data-overrides.ts";
import { UsageError } from "./usage-error.ts";

const HELP = `usage: camara-harness mock [--port 4010] [--host 127.0.0.1] [--data file.yaml] [--cors origins]
                          [--release fall25] [--allow-insecure-sinks] [--sink-ca FILE] [--issuer URL]
                          [--set path=value ...]

Serves every API of specs/ under its CAMARA base path, the authorization server and the /_harness
control plane on one port. PORT is honoured when --port is not given.

  --port N                 port (default 4010, or $PORT)
  --host H                 interface to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --data FILE              test data YAML replacing data/testdata.yaml
  --cors ORIGINS           comma-separated allowed browser origins, or * for any
  --release NAMES          CAMARA release(s) to serve: spring26, fall25, spring25, fall24, pre-meta;
                           several (comma-separated) when their base paths differ. Default: latest,
                           the newest public version of every API (each under its release's rules)
  --allow-insecure-sinks   accept http:// notification sinks (the specs require https)
  --sink-ca FILE           also trust the CA certificate(s) in FILE (PEM) when delivering to https
                           sinks, e.g. your own self-signed sink or the conformance runner's (it prints
                           the path of its certificate); repeatable. The public roots stay trusted
  --issuer URL             the authorization server's issuer (discovery, client assertion audience);
                           default the listening URL. Set it when clients reach the mock under
                           another name (a container name, a proxy): the Host header never decides it
  --set PATH=VALUE         change one test-data setting, repeatable, e.g.
                           --set relaysmsGateway.sessionSleepTimeout=5 --set operator.rateLimitPerSecond=50`;

/** The PEM certificates of a --sink-ca file; a usage error when there is none. */
function readCertificates(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--sink-ca ${file}: ${code === "ENOENT" ? "file not found" : (error as Error).message}`);
  }
  const certificates = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  for (const pem of certificates) {
    try {
      new X509Certificate(pem);
    } catch (error) {
      throw new UsageError(`--sink-ca ${file}: not a valid certificate (${(error as Error).message})`);
    }
  }
  if (certificates.length === 0) throw new UsageError(`--sink-ca ${file}: no PEM certificate in the file`);
  return certificates.join("\n");
}

export const mockCommand: Command = {
  summary: "run the stateful mock operator (APIs, authorization server, control plane)",
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        data: { type: "string" },
        cors: { type: "string" },
        release: { type: "string" },
        "allow-insecure-sinks": { type: "boolean" },
        "sink-ca": { type: "string", multiple: true },
        set: { type: "string", multiple: true },
        issuer: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const portText = values.port ?? process.env.PORT ?? "4010";
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got '${portText}'`);
    // loaded once the arguments are known good, so --help and a flag error answer at once
    const sinkCa = (values["sink-ca"] ?? []).map(readCertificates);
    const [{ createMock }, { listen }, { loadOperatorTestData }] = await Promise.all([
      import("../mock/app.ts"),
      import("../mock/server.ts"),
      import("../apis/registry.ts"),
    ]);
    const started = performance.now();
    const testdata = applyOverrides(loadOperatorTestData(values.data), values.set ?? []);
    const release = values.release ?? DEFAULT_RELEASE;
    const problem = (await import("../apis/registry.ts")).unknownRelease(release);
    if (problem) throw new UsageError(problem);
    if (values.issuer !== undefined && !/^https?:\/\/[^/]+$/.test(values.issuer.replace(/\/$/, ""))) {
      throw new UsageError(`--issuer must be an origin such as http://mock:4010, got '${values.issuer}'`);
    }
    const app = await createMock({
      issuer: values.issuer,
      testdata,
      release,
      allowInsecureSinks: values["allow-insecure-sinks"] ?? false,
      sinkCa: sinkCa.length > 0 ? sinkCa : undefined,
      corsOrigins: values.cors ? values.cors.split(",").map((s) => s.trim()).filter(Boolean) : [],
    });
    let server;
    try {
      server = await listen(app, { port, host: values.host ?? "127.0.0.1" });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === "EADDRINUSE" ? `port ${port} is already in use (try --port)` : (error as Error).message);
    }
    const running = server;
    // before the first line is printed: whoever waits for it may signal at once
    stopOnShutdown(async () => {
      await running.close();
      app.close();
      return 0;
    });
    const ms = Math.round(performance.now() - started);
    const client = testdata.clients.find((c) => c.clientSecret) ?? testdata.clients[0];
    console.log(`camara-harness mock (${release}) listening on ${server.url} (ready in ${ms} ms)`);
    for (const spec of app.specs.filter((s) => s.basePath && !HARNESS_APIS.includes(s.api))) {
      const kind = app.stateless.includes(`${spec.api} ${spec.version}`) ? "stateless (Prism)" : "stateful";
      console.log(`  ${spec.api.padEnd(22)} ${spec.version.padEnd(8)} ${kind.padEnd(18)} ${server.url}${spec.basePath}`);
    }
    console.log(`  discovery: ${server.url}/.well-known/openid-configuration (issuer ${app.issuer})`);
    console.log(`  test data: ${server.url}/_harness/testdata`);
    for (const file of values["sink-ca"] ?? []) console.log(`  https sinks: also trusting ${file}`);
    console.log(`  test client: ${client.clientId} / ${client.clientSecret ?? "(private_key_jwt)"}`);
    console.log(`  try: curl -s -u ${client.clientId}:${client.clientSecret} -d grant_type=client_credentials -d scope=qos-profiles:read ${server.url}/token`);
    await new Promise(() => {});
  },
};
