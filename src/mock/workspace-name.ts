/**
 * Which workspace (isolated world of a shared mock) a request is for: the `x-harness-workspace`
 * header, or a `/_workspaces/{name}` path prefix (for clients that cannot set headers: a browser's
 * WebSocket, a link, a sink URL). CAMARA paths stay intact after the prefix. No header and no
 * prefix: the default workspace, i.e. the mock of a single user.
 */
import { errorResponse } from "../core/errors.ts";
import { WORKSPACE_HEADER, WORKSPACE_NAME } from "../core/harness-wire.ts";
import type { MockRequest, MockResponse } from "../core/http.ts";

const WORKSPACE_PREFIX = "/_workspaces";
export const DEFAULT_WORKSPACE = "default";

export interface WorkspaceChoice {
  name: string;
  /** the request as the chosen world sees it (prefix removed) */
  req: MockRequest;
}

function invalid(message: string): MockResponse {
  return errorResponse("INVALID_ARGUMENT", message);
}

export function isWorkspaceName(name: string): boolean {
  return WORKSPACE_NAME.test(name);
}

/** The workspace a request names, or the 400 ErrorInfo for a bad name (nothing is created then). */
export function chooseWorkspace(req: MockRequest): WorkspaceChoice | MockResponse {
  const header = req.headers[WORKSPACE_HEADER];
  let fromPath: string | undefined;
  let path = req.path;
  if (path.startsWith(`${WORKSPACE_PREFIX}/`)) {
    const rest = path.slice(WORKSPACE_PREFIX.length + 1);
    const slash = rest.indexOf("/");
    fromPath = slash < 0 ? rest : rest.slice(0, slash);
    path = slash < 0 ? "/" : rest.slice(slash);
    if (!isWorkspaceName(fromPath)) {
      return invalid(`The workspace in the path must match ${WORKSPACE_NAME.source}.`);
    }
  }
  if (header !== undefined && !isWorkspaceName(header)) {
    return invalid(`The ${WORKSPACE_HEADER} header must match ${WORKSPACE_NAME.source}.`);
  }
  if (header !== undefined && fromPath !== undefined && header !== fromPath) {
    return invalid(`The ${WORKSPACE_HEADER} header (${header}) and the path (${WORKSPACE_PREFIX}/${fromPath}) name different workspaces.`);
  }
  const name = fromPath ?? header ?? DEFAULT_WORKSPACE;
  if (name === DEFAULT_WORKSPACE && path === req.path) return { name, req };
  // links a browser follows (a consent capture page, its form) cannot carry the header: they keep the prefix
  const linkPrefix = name === DEFAULT_WORKSPACE ? undefined : `${WORKSPACE_PREFIX}/${name}`;
  return { name, req: { ...req, path, linkPrefix } };
}
