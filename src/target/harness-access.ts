/**
 * How a runner reaches its world on a shared harness mock (issue 18): every request to the target's
 * API roots carries `x-harness-workspace: NAME` (when a workspace is chosen), and every control-plane
 * request (`/_harness/...`) carries `x-harness-control-token` (when the mock's control plane is
 * protected). Applied in one place, the thread's `fetch` (the runner's main thread and each suite
 * worker install it), so that no call site (typed clients, token requests, the clock, sinks,
 * helpers in suites/support) can forget it. The token is registered as a known secret: it never
 * reaches evidence, reports or logs (src/core/redact.ts).
 */
import { CONTROL_TOKEN_HEADER, WORKSPACE_HEADER } from "../core/harness-wire.ts";
import { knownSecrets } from "../core/redact.ts";


export interface HarnessAccess {
  /** the target's API roots (apiRoot and apiRoots): only requests to them get the headers */
  roots: string[];
  workspace?: string;
  controlToken?: string;
}

/** What is installed in this thread, by key (several runs side by side each have theirs, on their own roots). */
const installed = new Map<string, { access: HarnessAccess; uses: number }>();
let original: typeof fetch | undefined;

const httpOf = (url: string) => url.replace(/^ws(s?):/, "http$1:");

function rootOf(access: HarnessAccess, url: string): string | undefined {
  const u = httpOf(url);
  return access.roots.find((r) => u === r || u.startsWith(r.endsWith("/") ? r : `${r}/`));
}

/** The access installed for the target `url` belongs to, if any. */
function installedFor(url: string): HarnessAccess | undefined {
  for (const { access } of installed.values()) if (rootOf(access, url) !== undefined) return access;
  return undefined;
}

/** The headers a request to `url` gets (none when it is not for the target, or nothing is configured). */
export function harnessHeadersFor(url: string, access: HarnessAccess | undefined = installedFor(url)): Record<string, string> {
  if (!access || (!access.workspace && !access.controlToken)) return {};
  const root = rootOf(access, url);
  if (root === undefined) return {};
  const out: Record<string, string> = {};
  if (access.workspace) out[WORKSPACE_HEADER] = access.workspace;
  const path = new URL(httpOf(url)).pathname;
  if (access.controlToken && path.includes("/_harness/")) out[CONTROL_TOKEN_HEADER] = access.controlToken;
  return out;
}

/** Only the workspace header (what evidence may show: the control token stays out of it). */
export function visibleHarnessHeaders(url: string): Record<string, string> {
  const { [CONTROL_TOKEN_HEADER]: _token, ...visible } = harnessHeadersFor(url);
  return visible;
}

/**
 * Makes this thread's fetch add the headers for `access` to requests for its roots, until the
 * returned function is called. Installing the same access again only counts one more use. Headers
 * the caller set itself are kept.
 */
export function installHarnessAccess(access: HarnessAccess): () => void {
  if (!access.workspace && !access.controlToken) return () => {};
  if (access.controlToken) knownSecrets.remember(access.controlToken);
  const key = JSON.stringify([access.roots, access.workspace, access.controlToken]);
  const entry = installed.get(key) ?? { access, uses: 0 };
  entry.uses++;
  installed.set(key, entry);
  patchFetch();
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    if (--entry.uses === 0) installed.delete(key);
  };
}

function patchFetch(): void {
  if (original) return;
  const base = globalThis.fetch;
  original = base;
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const extra = harnessHeadersFor(url);
    const names = Object.keys(extra);
    if (names.length === 0) return base(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    for (const name of names) if (!headers.has(name)) headers.set(name, extra[name]);
    return base(input, { ...init, headers });
  };
}

/** The access of a target (what TargetContext carries). */
export function accessOf(target: { apiRoot: string; apiRoots: Record<string, string>; workspace?: string; controlToken?: string }): HarnessAccess {
  return {
    roots: [target.apiRoot, ...Object.values(target.apiRoots)].map((r) => r.replace(/\/+$/, "")),
    workspace: target.workspace,
    controlToken: target.controlToken,
  };
}
