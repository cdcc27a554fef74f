import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CONTROL_TOKEN_ENV } from "../core/harness-wire.ts";
import { DEFAULT_RELEASE, HARNESS_APIS } from "../openapi/releases.ts";
import { DEFAULT_IDLE_SECONDS, DEFAULT_MAX_WORKSPACES } from "../mock/workspace-limits.ts";
import type { Command } from "./command.ts";
import { stopOnShutdown } from "./shutdown.ts";
import { applyOverrides } from "./test-data-overrides.ts";
import { UsageError } from "./usage-error.ts";

const HELP = `usage: camara-harness mock [--port 4010] [--host 127.0.0.1] [--data file.yaml] [--cors origins]
                          [--release fall25] [--allow-insecure-sinks] [--sink-ca FILE] [--issuer URL]
                          [--set path=value ...] [--store redis://host:6379/0]
                          [--control-token TOKEN] [--max-workspaces 32] [--workspace-idle-minutes 30]

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
  --store URL              where the state lives: redis://host:port[/db] shares state, clock, scheduled
                           work, token signing key and rate limits with every replica started with
                           the same URL (default: in memory, this process only). Also $CAMARA_HARNESS_STORE
  --set PATH=VALUE         change one test-data setting, repeatable, e.g.
                           --set relaysmsGateway.sessionSleepTimeout=5 --set operator.rateLimitPerSecond=50

Sharing one mock (README "Sharing one mock: workspaces and the control token"):
  a request with the header x-harness-workspace: NAME (or under the path prefix /_workspaces/NAME)
  is served by an isolated world of its own: clock, state, test data, tokens, sinks, events, reset.
  NAME matches ^[a-z0-9][a-z0-9-]{0,62}$; without either, the default workspace answers.
  GET /_harness/workspaces lists them, DELETE /_harness/workspaces/NAME drops one.
  --max-workspaces N       named workspaces held at once besides the default (default 32); then the
                           least recently used one idle longer than --workspace-idle-minutes
                           makes room for a new one, else 429
  --workspace-idle-minutes M  wall-clock idleness after which a workspace may be dropped (default 30)
  --control-token TOKEN    require TOKEN on every /_harness request (header x-harness-control-token
                           or Authorization: Bearer), except deliveries to the built-in sinks.
                           Default: $CAMARA_HARNESS_CONTROL_TOKEN. Without it, anyone who reaches
                           the port controls the mock (the banner warns when it is not loopback)`;

/** 127.0.0.0/8, ::1 and localhost: only this machine reaches the port */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

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
        store: { type: "string" },
        "control-token": { type: "string" },
        "max-workspaces": { type: "string" },
        "workspace-idle-minutes": { type: "string" },
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
    const maxWorkspaces = Number(values["max-workspaces"] ?? DEFAULT_MAX_WORKSPACES);
    if (!Number.isInteger(maxWorkspaces) || maxWorkspaces < 0) throw new UsageError(`--max-workspaces must be an integer >= 0, got '${values["max-workspaces"]}'`);
    const idleMinutes = Number(values["workspace-idle-minutes"] ?? DEFAULT_IDLE_SECONDS / 60);
    if (!(idleMinutes >= 0)) throw new UsageError(`--workspace-idle-minutes must be a number >= 0, got '${values["workspace-idle-minutes"]}'`);
    const controlToken = values["control-token"] ?? (process.env[CONTROL_TOKEN_ENV] || undefined);
    if (controlToken !== undefined && controlToken.length < 8) throw new UsageError("--control-token must be at least 8 characters");
    const host = values.host ?? "127.0.0.1";
    // loaded once the arguments are known good, so --help and a flag error answer at once
    const sinkCa = (values["sink-ca"] ?? []).map(readCertificates);
    const [{ createSharedMock }, { listen }, { loadOperatorTestData }] = await Promise.all([
      import("../mock/workspaces.ts"),
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
    const store = values.store ?? process.env.CAMARA_HARNESS_STORE;
    if (store !== undefined && !/^rediss?:\/\/[^/]/i.test(store)) {
      throw new UsageError(`--store must be a redis:// URL such as redis://127.0.0.1:6379/0, got '${store.replace(/\/\/[^@]*@/, "//<credentials>@")}'`);
    }
    const app = await createSharedMock({
      store,
      controlToken,
      maxWorkspaces,
      idleSeconds: idleMinutes * 60,
      issuer: values.issuer,
      testdata,
      release,
      allowInsecureSinks: values["allow-insecure-sinks"] ?? false,
      sinkCa: sinkCa.length > 0 ? sinkCa : undefined,
      corsOrigins: values.cors ? values.cors.split(",").map((s) => s.trim()).filter(Boolean) : [],
    }).catch((error: Error) => {
      // an unreachable or refused store is the user's to fix: one line, no stack
      throw store !== undefined ? new UsageError(error.message) : error;
    });
    let server;
    try {
      server = await listen(app, { port, host });
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
    console.log(`  state: ${app.storeDescription}`);
    console.log(`  workspaces: header x-harness-workspace or ${server.url}/_workspaces/NAME/... (max ${maxWorkspaces}; GET ${server.url}/_harness/workspaces)`);
    console.log(`  control plane: ${controlToken ? "protected (control token required on /_harness)" : "open"}`);
    if (!controlToken && !isLoopback(host)) {
      console.log(`  WARNING: bound to ${host} without --control-token: anyone who reaches this port can reset the mock, move its clock and read its test data (client secrets)`);
    }
    console.log(`  discovery: ${server.url}/.well-known/openid-configuration (issuer ${app.issuer})`);
    console.log(`  test data: ${server.url}/_harness/testdata`);
    for (const file of values["sink-ca"] ?? []) console.log(`  https sinks: also trusting ${file}`);
    console.log(`  test client: ${client.clientId} / ${client.clientSecret ?? "(private_key_jwt)"}`);
    console.log(`  try: curl -s -u ${client.clientId}:${client.clientSecret} -d grant_type=client_credentials -d scope=qos-profiles:read ${server.url}/token`);
    await new Promise(() => {});
  },
};
