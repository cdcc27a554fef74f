/** Defaults of a shared mock's workspaces (apart from workspaces.ts, so the CLI reads them without loading the mock). */
export const DEFAULT_MAX_WORKSPACES = 32;
/** wall-clock idleness after which a workspace may be dropped to make room for another */
export const DEFAULT_IDLE_SECONDS = 30 * 60;
