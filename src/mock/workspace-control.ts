/**
 * The control-plane routes of a shared mock that are about workspaces, not inside one (so whatever
 * workspace the request names, they answer the same):
 *   GET    /_harness/workspaces          the workspaces held: name, wall-clock creation and last use, virtual now
 *   DELETE /_harness/workspaces/{name}   drop a workspace and all its state (204; 404 when none)
 * The default workspace cannot be dropped (POST /_harness/reset resets it).
 */
import { errorResponse } from "../core/errors.ts";
import { json, type MockRequest, type MockResponse, noContent } from "../core/http.ts";
import { CONTROL_PREFIX } from "./control-plane.ts";
import { WORKSPACE_NAME } from "../core/harness-wire.ts";
import { DEFAULT_WORKSPACE, isWorkspaceName } from "./workspace-name.ts";

export interface WorkspaceInfo {
  name: string;
  /** wall time of creation and of the last request, ISO 8601 */
  createdAt: string;
  lastUsedAt: string;
  /** the workspace's virtual now */
  now: string;
}

export interface WorkspaceControlDeps {
  list(): WorkspaceInfo[];
  /** false when there is no such workspace; resolves once its state is gone */
  drop(name: string): Promise<boolean>;
  max: number;
}

const BASE = `${CONTROL_PREFIX}/workspaces`;

/** The answer of a workspace route, or undefined when the request is not one. */
export function workspaceControl(deps: WorkspaceControlDeps): (req: MockRequest) => Promise<MockResponse | undefined> {
  return async (req) => {
    const path = req.path.replace(/\/$/, "");
    if (path === BASE) {
      if (req.method !== "GET") return errorResponse("METHOD_NOT_ALLOWED", `${req.method} is not allowed here; use GET.`, { allow: "GET" });
      return json(200, { maxWorkspaces: deps.max, workspaces: deps.list() });
    }
    if (!path.startsWith(`${BASE}/`)) return undefined;
    if (req.method !== "DELETE") return errorResponse("METHOD_NOT_ALLOWED", `${req.method} is not allowed here; use DELETE.`, { allow: "DELETE" });
    const name = path.slice(BASE.length + 1);
    if (!isWorkspaceName(name)) return errorResponse("INVALID_ARGUMENT", `A workspace name must match ${WORKSPACE_NAME.source}.`);
    if (name === DEFAULT_WORKSPACE) {
      return errorResponse("INVALID_ARGUMENT", "The default workspace cannot be deleted; POST /_harness/reset resets it.");
    }
    if (!(await deps.drop(name))) return errorResponse("NOT_FOUND", `There is no workspace ${name}.`);
    return noContent();
  };
}
