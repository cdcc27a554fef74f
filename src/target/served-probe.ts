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

export interface ServedCheck {
  /** one line per API root that cannot be reached or answers like no API (preflight) */
  problems: string[];
  /** the APIs under those roots: none of their scenarios can run */
  unreachable: Set<string>;
  /** api -> one line, for the APIs under a reachable root that the target does not serve */
  unserved: Map<string, string>;
}

/**
 * What keeps a run from judging `apis` on the target, per API root (apiRoot, or apiRoots for an API
 * elsewhere): a root that cannot be reached takes only its own APIs out of the run; then the APIs
 * under the reachable roots that the target does not serve (unservedApis). Both runners ask this
 * before running, and run what is left.
 */
export async function checkServed(target: TargetContext, specs: ApiSpec[], apis: string[]): Promise<ServedCheck> {
  const timeoutMs = Math.min(target.timeoutMs, 10_000);
  const basePaths = new Map(specs.map((s) => [s.api, s.basePath]));
  const byRoot = new Map<string, string[]>();
  for (const api of apis) {
    const root = apiRootFor(target, api);
    const under = byRoot.get(root);
    if (under) under.push(api);
    else byRoot.set(root, [api]);
  }
  // the roots side by side: a root that drops packets costs its time-out once, not once per root
  const roots = [...byRoot];
  const found = await Promise.all(roots.map(([root, under]) => preflight(under.map((api) => `${root}${basePaths.get(api) ?? ""}/`), timeoutMs)));
  const problems = found.flat();
  const unreachable = new Set(roots.flatMap(([, under], i) => (found[i].length > 0 ? under : [])));
  const reachable = apis.filter((api) => !unreachable.has(api));
  return { problems, unreachable, unserved: await unservedApis({ ...target, apis: reachable }, specs, timeoutMs) };
}
