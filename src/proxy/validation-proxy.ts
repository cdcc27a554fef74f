/**
 * Prism's validation proxy in front of any target: every request is forwarded unchanged, and the
 * request and the target's answer are checked by Prism against the operation of the spec whose base
 * path the request hits. Violations are recorded (and reported through `onViolation`); with
 * `errors: true` they turn into error answers as with `prism proxy --errors` (a request violation is
 * answered 422 without reaching the target, a response violation becomes a 500).
 *
 * One Prism instance per spec, built at start-up; its upstream is the target plus the spec's base
 * path, and Prism sees the path relative to that base path, as its spec's `paths` do.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { posix } from "node:path";
import type { IHttpConfig } from "@stoplight/prism-http";
import type { ApiSpec } from "../openapi/operations.ts";
import { Router } from "../openapi/router.ts";
import { readBodyUpTo } from "../core/read-body.ts";
import { fromPrismResponse, toPrismRequest } from "../prism/exchange.ts";
import { pathInSpec } from "../prism/fallback.ts";
import { createPrism, loadPrismOperations, type PrismOperation, problemJson, runPrism, SEVERITY_ERROR } from "../prism/runtime.ts";
import { toViolations, type Violation, type ViolationContext } from "../prism/violations.ts";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ProxyOptions {
  /** base URL of the implementation under test, e.g. "http://127.0.0.1:4010" or "https://host/prefix" */
  target: string;
  specs: ApiSpec[];
  /** default 4020; 0 picks a free port */
  port?: number;
  host?: string;
  /** answer violations with errors, like Prism's --errors (default false: report only) */
  errors?: boolean;
  onViolation?: (violation: Violation) => void;
}

export interface RunningProxy {
  url: string;
  /** every violation seen so far, in order */
  readonly violations: Violation[];
  close(): Promise<void>;
}

/** The target did not answer at all at start-up (refused, unknown host, timed out). */
export class TargetUnreachableError extends Error {
  override name = "TargetUnreachableError";
}

interface SpecProxy {
  spec: ApiSpec;
  operations: PrismOperation[];
  prism: ReturnType<typeof createPrism>;
  config: IHttpConfig;
}

function proxyConfig(upstream: URL, errors: boolean): IHttpConfig {
  return {
    isProxy: true,
    upstream,
    upstreamProxy: undefined,
    errors,
    validateRequest: true,
    validateResponse: true,
    // the target enforces authentication; a suite's unauthenticated requests are not spec violations
    checkSecurity: false,
    mock: { dynamic: false },
  };
}

/** Any HTTP answer, even a 404, proves the target is there. */
export async function probeTarget(target: string, timeoutMs = 5000): Promise<void> {
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    await res.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new TargetUnreachableError(`target ${target} is unreachable (${reason})`);
  }
}

function withBase(target: URL, basePath: string): URL {
  const url = new URL(target.href);
  url.pathname = posix.join(url.pathname, basePath);
  return url;
}

function sendProblem(res: ServerResponse, error: Error & { status?: number; additional?: Record<string, unknown> }): void {
  const status = error.status ?? (error.name === "FetchError" ? 502 : 500);
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  const extra = error.additional?.headers as Record<string, string> | undefined;
  if (extra) Object.assign(headers, extra);
  res.writeHead(status, headers);
  res.end(JSON.stringify({ ...problemJson(error), status }));
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const target = new URL(options.target);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new TypeError(`target must be an http(s) URL, got ${options.target}`);
  await probeTarget(target.href);
  const errors = options.errors ?? false;
  const violations: Violation[] = [];

  const proxies = await Promise.all(
    options.specs.map(async (spec): Promise<SpecProxy> => {
      const config = proxyConfig(withBase(target, spec.basePath), errors);
      return { spec, operations: await loadPrismOperations(spec), prism: createPrism(config), config };
    }),
  );
  const bySpec = new Map(proxies.map((p) => [`${p.spec.api}/${p.spec.version}`, p]));
  // longest base path first, so /a/v1/b never goes to the spec of /a/v1 when a spec of /a/v1/b exists
  const withBasePath = proxies.filter((p) => p.spec.basePath !== "").sort((a, b) => b.spec.basePath.length - a.spec.basePath.length);
  const router = new Router(options.specs.flatMap((s) => s.operations));
  // paths outside every spec are forwarded as they are, validated by nobody
  const passthroughConfig = proxyConfig(target, false);
  const passthroughPrism = createPrism(passthroughConfig);

  function choose(method: string, path: string): { proxy?: SpecProxy; operationId?: string } {
    let route;
    try {
      route = router.match(method, path);
    } catch {
      route = undefined; // malformed %-escape in a path parameter: let Prism and the target judge
    }
    if (route) return { proxy: bySpec.get(`${route.op.api}/${route.op.version}`), operationId: route.op.operationId };
    const proxy = withBasePath.find((p) => path === p.spec.basePath || path.startsWith(`${p.spec.basePath}/`));
    return { proxy };
  }

  function record(found: Violation[]): void {
    for (const v of found) {
      violations.push(v);
      options.onViolation?.(v);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBodyUpTo(req, MAX_BODY_BYTES);
    if (body === undefined) {
      res.writeHead(413, { "content-type": "application/problem+json" });
      res.end(JSON.stringify({ type: "PAYLOAD_TOO_LARGE", title: "Request body larger than 10 MiB", status: 413, detail: "" }));
      return;
    }
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
    const method = (req.method ?? "GET").toUpperCase();
    const { proxy, operationId } = choose(method, path);
    const context: ViolationContext = { method, path, operationId };

    const request = toPrismRequest(method, proxy ? pathInSpec(path, proxy.spec.basePath) : path, query, req.headers, body);
    const outcome = proxy
      ? await runPrism(proxy.prism, request, proxy.operations, proxy.config)
      : await runPrism(passthroughPrism, request, [], passthroughConfig);

    if (!outcome.ok) {
      // with errors on, Prism refuses an invalid request itself (422) and lists why
      const listed = outcome.error.additional?.validation;
      if (Array.isArray(listed)) record(toViolations(context, "request", listed));
      sendProblem(res, outcome.error);
      return;
    }
    const requestViolations = proxy ? toViolations(context, "request", outcome.input) : [];
    const responseViolations = proxy ? toViolations(context, "response", outcome.outputViolations) : [];
    record([...requestViolations, ...responseViolations]);

    const responseErrors = outcome.outputViolations.filter((d) => d.severity === SEVERITY_ERROR);
    if (errors && responseErrors.length > 0) {
      const error = Object.assign(new Error("Request/Response not valid"), {
        name: "https://stoplight.io/prism/errors#VIOLATIONS",
        status: 500,
        detail: "The target's answer is not valid and --errors is set, so the proxy answers this error instead.",
        additional: { validation: responseViolations.filter((v) => v.severity === "error") },
      });
      sendProblem(res, error);
      return;
    }
    const answer = fromPrismResponse(outcome.output);
    const seen = [...requestViolations, ...responseViolations];
    // Prism's header listing the violations of this exchange (cut like Prism cuts it; ASCII only)
    if (seen.length > 0) answer.headers["sl-violations"] = JSON.stringify(seen).replace(/[^\x20-\x7e]/g, "?").slice(0, 8 * 1024 - 100);
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) sendProblem(res, error);
      else res.end();
    });
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4020, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    violations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
