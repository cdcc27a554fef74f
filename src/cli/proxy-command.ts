import { existsSync } from "node:fs";
import { basename, dirname, extname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type SpecFile } from "../openapi/catalogue.ts";
import { PROJECT_ROOT } from "../core/paths.ts";
import type { ApiSpec } from "../openapi/operations.ts";
import type { Command } from "./command.ts";
import { stopOnShutdown } from "./shutdown.ts";
import { UsageError } from "./usage-error.ts";

const HELP = `usage: camara-harness proxy --target URL [--port 4020] [--host 127.0.0.1] [--spec specs/<api>/<version>.yaml ...]
                           [--errors]

Runs Prism's validation proxy in front of TARGET: every request is forwarded unchanged, and the
request and the answer are checked against the operation of the spec whose base path the request
hits. Each violation is printed as one line (method, path, operationId, where, message); the count
is printed on exit (Ctrl-C). Paths outside every spec are forwarded without checks.

  --target URL   base URL of the implementation under test (the API base paths are appended)
  --port N       port (default 4020; 0 for any free port)
  --host H       interface to bind (default 127.0.0.1)
  --spec FILE    a spec to check against; repeat for several (default: every spec under specs/)
  --errors       answer violations with errors, like prism --errors: an invalid request gets 422
                 without reaching the target, an invalid answer becomes 500

Exit code on Ctrl-C: 1 if any answer of the target violated its spec, else 0; 2 for bad options
or a target that cannot be reached at start-up.`;

/** specs/<api>/<version>.yaml, given on the command line, relative to the working directory. */
function specFileOf(path: string): SpecFile {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`--spec ${path}: no such file`);
  return { api: basename(dirname(file)), version: basename(file, extname(file)), file, relativeFile: relative(PROJECT_ROOT, file) };
}

async function loadSpecs(paths: string[] | undefined): Promise<ApiSpec[]> {
  const files = paths?.map(specFileOf);
  const { loadApiSpecs } = await import("../openapi/operations.ts");
  try {
    return await loadApiSpecs(files);
  } catch (error) {
    throw new UsageError(`cannot load the specs: ${(error as Error).message.split("\n")[0]}`);
  }
}

export const proxyCommand: Command = {
  summary: "run Prism's validation proxy in front of a target and report spec violations",
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          target: { type: "string" },
          port: { type: "string" },
          host: { type: "string" },
          spec: { type: "string", multiple: true },
          errors: { type: "boolean" },
          help: { type: "boolean", short: "h" },
        },
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const target = values.target;
    if (!target) throw new UsageError("--target URL is required (the base URL of the implementation to check)");
    if (!/^https?:\/\/[^/]/.test(target) || !URL.canParse(target)) throw new UsageError(`--target must be an http(s) URL, got '${target}'`);
    const portText = values.port ?? "4020";
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got '${portText}'`);
    const specs = await loadSpecs(values.spec);
    // Prism loads only now, so --help and a flag error answer at once
    const { startProxy, TargetUnreachableError } = await import("../proxy/validation-proxy.ts");
    const { formatViolation, summariseViolations } = await import("../prism/violations.ts");

    let proxy;
    try {
      proxy = await startProxy({
        target,
        specs,
        port,
        host: values.host ?? "127.0.0.1",
        errors: values.errors ?? false,
        onViolation: (v) => console.log(formatViolation(v)),
      });
    } catch (error) {
      if (error instanceof TargetUnreachableError) throw new UsageError(error.message);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE") throw new UsageError(`port ${port} is already in use (try --port)`);
      throw error;
    }
    const running = proxy;
    stopOnShutdown(async () => {
      await running.close();
      console.log(summariseViolations(running.violations));
      const targetFault = running.violations.some((v) => v.where === "response" && v.severity === "error");
      return targetFault ? 1 : 0;
    });
    console.log(`camara-harness proxy listening on ${proxy.url} -> ${target}${values.errors ? " (--errors)" : ""}`);
    for (const spec of specs) {
      console.log(`  ${spec.api.padEnd(22)} ${spec.version.padEnd(8)} ${proxy.url}${spec.basePath || "/"}`);
    }
    await new Promise(() => {});
  },
};
