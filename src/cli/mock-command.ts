import { parseArgs } from "node:util";
import { DEFAULT_RELEASE, HARNESS_APIS } from "../openapi/releases.ts";
import type { Command } from "./command.ts";
import { stopOnShutdown } from "./shutdown.ts";
import { applyOverrides } from "./test-data-overrides.ts";
import { UsageError } from "./usage-error.ts";

const HELP = `usage: camara-harness mock [--port 4010] [--host 127.0.0.1] [--data file.yaml] [--cors origins]
                          [--release fall25] [--allow-insecure-sinks] [--issuer URL] [--set path=value ...]
                          [--store redis://host:6379/0]

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
  --issuer URL             the authorization server's issuer (discovery, client assertion audience);
                           default the listening URL. Set it when clients reach the mock under
                           another name (a container name, a proxy): the Host header never decides it
  --store URL              where the state lives: redis://host:port[/db] shares state, clock, scheduled
                           work, token signing key and rate limits with every replica started with
                           the same URL (default: in memory, this process only). Also $CAMARA_HARNESS_STORE
  --set PATH=VALUE         change one test-data setting, repeatable, e.g.
                           --set relaysmsGateway.sessionSleepTimeout=5 --set operator.rateLimitPerSecond=50`;

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
        set: { type: "string", multiple: true },
        issuer: { type: "string" },
        store: { type: "string" },
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
    const store = values.store ?? process.env.CAMARA_HARNESS_STORE;
    if (store !== undefined && !/^rediss?:\/\/[^/]/i.test(store)) {
      throw new UsageError(`--store must be a redis:// URL such as redis://127.0.0.1:6379/0, got '${store.replace(/\/\/[^@]*@/, "//<credentials>@")}'`);
    }
    const app = await createMock({
      store,
      issuer: values.issuer,
      testdata,
      release,
      allowInsecureSinks: values["allow-insecure-sinks"] ?? false,
      corsOrigins: values.cors ? values.cors.split(",").map((s) => s.trim()).filter(Boolean) : [],
    }).catch((error: Error) => {
      // an unreachable or refused store is the user's to fix: one line, no stack
      throw store !== undefined ? new UsageError(error.message) : error;
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
    console.log(`  state: ${app.storeDescription}`);
    console.log(`  discovery: ${server.url}/.well-known/openid-configuration (issuer ${app.issuer})`);
    console.log(`  test data: ${server.url}/_harness/testdata`);
    console.log(`  test client: ${client.clientId} / ${client.clientSecret ?? "(private_key_jwt)"}`);
    console.log(`  try: curl -s -u ${client.clientId}:${client.clientSecret} -d grant_type=client_credentials -d scope=qos-profiles:read ${server.url}/token`);
    await new Promise(() => {});
  },
};
