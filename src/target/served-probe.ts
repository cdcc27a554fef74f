/**
 * Is each API of the selection served by the target at all? One request per API, before its
 * scenarios: an operation of its spec, sent without a token. A target that serves the API answers
 * it (401, or whatever its pipeline says first); one that does not answers 404 with a body that is
 * not a CAMARA ErrorInfo (a gateway's page, nothing), or, when it is our mock, the ErrorInfo that
 * names the base paths it does serve ("No API is served at ..."). Such an API is one harness error
 * (exit 2) instead of dozens of failures, and its scenarios are not run.
 */
import type { ApiSpec } from "../openapi/operations.ts";
import { readLimited } from "./network-error.ts";
import { preflight } from "./preflight.ts";
import { apiRootFor, type TargetContext } from "./target.ts";

const isErrorInfo = (b: unknown): b is { status: number; code: string; message: string } =>
  !!b && typeof b === "object" && typeof (b as { code?: unknown }).code === "string" && typeof (b as { status?: unknown }).status === "number";

function notServedBody(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const s = text.replace(/\s+/g, " ").trim();
    return s ? `a non-CAMARA body (${s.length > 80 ? `${s.slice(0, 80)}…` : s})` : "an empty body";
  }
  if (!isErrorInfo(body)) return "a body that is not a CAMARA ErrorInfo";
  // our mock's answer for a path under no served base path (src/mock/pipeline/route.ts)
  if (/^No API is served at /.test(body.message)) return `"${body.message}"`;
  return undefined;
}

/** api -> one line, for each API of `target.apis` the target does not serve. Network failures are left to preflight. */
export async function unservedApis(target: TargetContext, specs: ApiSpec[], timeoutMs: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const api of target.apis) {
    const spec = specs.find((s) => s.api === api);
    const op = spec?.operations[0];
    if (!spec || !op) continue;
    const root = apiRootFor(target, api);
    const url = `${root}${spec.basePath}${op.path.replace(/\{[^}]+\}/g, "probe")}`;
    const method = op.method.toUpperCase();
    try {
      const withBody = !["GET", "HEAD", "DELETE"].includes(method);
      const res = await fetch(url, {
        method,
        headers: withBody ? { "content-type": "application/json" } : {},
        body: withBody ? "{}" : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const { text } = await readLimited(res, 64 * 1024);
      const why = res.status === 404 ? notServedBody(text) : undefined;
      if (why) out.set(api, `${api} ${spec.version} is not served by ${root}: ${method} ${spec.basePath}${op.path} (no token) answered 404 with ${why}; its scenarios were not run — check the base URL (apiRoots for an API elsewhere) and the release (--release)`);
    } catch {
      /* unreachable: preflight reports it */
    }
  }
  return out;
}

/**
 * What keeps a run from judging `apis` on the target: network problems reaching them (preflight, one
 * line each), else the APIs it does not serve (unservedApis). Both runners ask this before running.
 */
export async function checkServed(target: TargetContext, specs: ApiSpec[], apis: string[]): Promise<{ problems: string[]; unserved: Map<string, string> }> {
  const timeoutMs = Math.min(target.timeoutMs, 10_000);
  const basePaths = new Map(specs.map((s) => [s.api, s.basePath]));
  const problems = await preflight(apis.map((api) => `${apiRootFor(target, api)}${basePaths.get(api) ?? ""}/`), timeoutMs);
  if (problems.length > 0) return { problems, unserved: new Map() };
  return { problems, unserved: await unservedApis({ ...target, apis }, specs, timeoutMs) };
}
