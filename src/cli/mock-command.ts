import { parseArgs } from "node:util";
import { createMock } from "../mock/app.ts";
import { listen } from "../mock/server.ts";
import { loadOperatorTestData, unknownRelease } from "../apis/registry.ts";
import { DEFAULT_RELEASE } from "../openapi/releases.ts";
import type { Command } from "./command.ts";
import { UsageError } from "./usage-error.ts";

const HELP = `usage: camara-harness mock [--port 4010] [--host 127.0.0.1] [--data file.yaml] [--cors origins]
                          [--release latest] [--allow-insecure-sinks]

Serves every API of specs/ under its CAMARA base path, the authorization server and the /_harness
control plane on one port. PORT is honoured when --port is not given.

  --port N                 port (default 4010, or $PORT)
  --host H                 interface to bind (default 127.0.0.1; 0.0.0.0 for every interface)
  --data FILE              test data YAML replacing data/testdata.yaml
  --cors ORIGINS           comma-separated allowed browser origins, or * for any
  --release NAMES          CAMARA release(s) to serve: spring26, fall25, spring25, fall24, pre-meta;
                           several (comma-separated) when their base paths differ. Default: latest,
                           the newest public version of every API (each under its release's rules)
  --allow-insecure-sinks   accept http:// notification sinks (the specs require https)`;

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
    const started = performance.now();
    const testdata = loadOperatorTestData(values.data);
    const release = values.release ?? DEFAULT_RELEASE;
    const problem = unknownRelease(release);
    if (problem) throw new UsageError(problem);
    const app = await createMock({
      testdata,
      release,
      allowInsecureSinks: values["allow-insecure-sinks"] ?? false,
      corsOrigins: values.cors ? values.cors.split(",").map((s) => s.trim()).filter(Boolean) : [],
    });
    let server;
    try {
      server = await listen(app, { port, host: values.host ?? "127.0.0.1" });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(code === "EADDRINUSE" ? `port ${port} is already in use (try --port)` : (error as Error).message);
    }
    const ms = Math.round(performance.now() - started);
    const client = testdata.clients.find((c) => c.clientSecret) ?? testdata.clients[0];
    console.log(`camara-harness mock (${release}) listening on ${server.url} (ready in ${ms} ms)`);
    for (const spec of app.specs.filter((s) => s.basePath)) {
      console.log(`  ${spec.api.padEnd(22)} ${spec.version.padEnd(8)} ${server.url}${spec.basePath}`);
    }
    console.log(`  discovery: ${server.url}/.well-known/openid-configuration`);
    console.log(`  test data: ${server.url}/_harness/testdata`);
    console.log(`  test client: ${client.clientId} / ${client.clientSecret ?? "(private_key_jwt)"}`);
    console.log(`  try: curl -s -u ${client.clientId}:${client.clientSecret} -d grant_type=client_credentials -d scope=qos-profiles:read ${server.url}/token`);
    const stop = async () => {
      await server.close();
      app.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    await new Promise(() => {});
  },
};
