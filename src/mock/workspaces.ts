/**
 * One shared mock serving isolated worlds side by side (issue 18, workspaces). A request names its
 * workspace (workspace-name.ts); each workspace is a whole mock of today, built by ONE function
 * (`createWorld`): its own virtual clock, store, test data, signing keys (a token of one workspace
 * is refused by another), rate limits, sinks, events log and reset. The default workspace (no
 * header) exists from the start and is the single-user mock; the others are created on first use,
 * at most `maxWorkspaces` of them; when that many exist, the least recently used of those idle for
 * `idleSeconds` (wall time) makes room, else the request gets 429 QUOTA_EXCEEDED and nothing is created.
 *
 * What holds no state is compiled once for all worlds: the specs, validators and scope list are kept
 * for the whole process (src/openapi/operations.ts, src/mock/served-operations.ts, src/auth/scope-catalogue.ts).
 * The shared mock is itself a MockApp (its clock, store, test data... are the default world's), so
 * `listen()` and every caller of a MockApp serve it unchanged. The control token (control-token.ts)
 * is checked here, before any world is chosen or created.
 */
import { fetchVia } from "./fetch-adapter.ts";
import type { WorldClock } from "../core/clock.ts";
import type { UpgradeDecision } from "../core/socket.ts";
import { errorResponse } from "../core/errors.ts";
import type { MockRequest, MockResponse } from "../core/http.ts";
import { loadOperatorTestData } from "../apis/registry.ts";
import { createMock, type MockApp, type MockOptions } from "./app.ts";
import { controlTokenGuard } from "./control-token.ts";
import { DEFAULT_IDLE_SECONDS, DEFAULT_MAX_WORKSPACES } from "./workspace-limits.ts";
import { chooseWorkspace, DEFAULT_WORKSPACE } from "./workspace-name.ts";
import { workspaceControl, type WorkspaceInfo } from "./workspace-control.ts";

export type { WorkspaceInfo };

export interface SharedMockOptions extends MockOptions {
  /** named workspaces besides the default one (default 32) */
  maxWorkspaces?: number;
  /** wall-clock seconds without a request after which a workspace may be dropped to make room (default 1800) */
  idleSeconds?: number;
  /** required on /_harness requests when set (control-token.ts) */
  controlToken?: string;
  /** wall time in ms (tests inject it); only for idleness, never for the worlds' virtual time */
  wallClock?: () => number;
  /** the clock of a named workspace's world (default: a VirtualClock from clockOptions, like the default world's); tests freeze it */
  worldClock?: (name: string) => WorldClock;
}

export interface SharedMock extends MockApp {
  /** the world of a workspace, created if needed (undefined when the cap is reached) */
  workspace(name: string): Promise<MockApp | undefined>;
  workspaces(): WorkspaceInfo[];
  /** drops a named workspace (its state is gone); false when there is none (the default cannot be dropped) */
  dropWorkspace(name: string): Promise<boolean>;
}

interface WorkspaceEntry {
  app: Promise<MockApp>;
  /** set once the world is built (for the list and for close) */
  built?: MockApp;
  createdAt: number;
  lastUsedAt: number;
}

export async function createSharedMock(options: SharedMockOptions = {}): Promise<SharedMock> {
  const { maxWorkspaces = DEFAULT_MAX_WORKSPACES, idleSeconds = DEFAULT_IDLE_SECONDS, controlToken, wallClock = Date.now, worldClock, ...mockOptions } = options;
  // read once; each named world gets its own copy, so nothing one world does to its data reaches another
  const testdata = mockOptions.testdata ?? loadOperatorTestData();
  let issuer: string | undefined;

  /** a Redis store is shared by every world, each under its own key prefix (camara-harness:<workspace>:) */
  const redis = typeof mockOptions.store === "string" ? mockOptions.store : undefined;

  /** The one place a world is built. */
  const createWorld = async (name: string): Promise<MockApp> => {
    const isDefault = name === DEFAULT_WORKSPACE;
    const app = await createMock({
      ...mockOptions,
      testdata: isDefault ? testdata : structuredClone(testdata),
      // a given clock or store object belongs to the default world only; other worlds get fresh ones
      clock: redis ? undefined : isDefault ? mockOptions.clock : worldClock?.(name),
      store: redis ?? (isDefault ? mockOptions.store : undefined),
      workspace: name,
    });
    if (issuer) app.bindIssuer(issuer);
    return app;
  };

  const defaultApp = await createWorld(DEFAULT_WORKSPACE);
  const worlds = new Map<string, WorkspaceEntry>();
  const now0 = wallClock();
  worlds.set(DEFAULT_WORKSPACE, { app: Promise.resolve(defaultApp), built: defaultApp, createdAt: now0, lastUsedAt: now0 });

  /**
   * Forgets a named world here. `erase` (an explicit delete) also wipes its state for every replica:
   * on Redis every key under its prefix, also when no world of it is open here; in memory the state
   * goes with the world. Making room for another world only closes it here (on Redis its state stays
   * for the other replicas, and comes back if it is used again).
   */
  const drop = async (name: string, erase = false): Promise<boolean> => {
    if (name === DEFAULT_WORKSPACE) return false;
    const world = worlds.get(name);
    if (world) {
      worlds.delete(name);
      await (await world.app.catch(() => undefined))?.close();
    }
    const erased = erase && redis ? await (await import("../core/redis/redis-world.ts")).eraseRedisWorkspace(redis, name) : false;
    return world !== undefined || erased;
  };

  /** The world of `name`, created when needed; undefined when no room can be made. */
  const worldOf = (name: string): Promise<MockApp> | undefined => {
    const now = wallClock();
    let world = worlds.get(name);
    if (!world) {
      if (worlds.size - 1 >= maxWorkspaces) {
        // room for one: the least recently used of those idle long enough (never one still being built)
        const idle = [...worlds].filter(([n, w]) => n !== DEFAULT_WORKSPACE && w.built && now - w.lastUsedAt >= idleSeconds * 1000);
        const oldest = idle.sort(([, x], [, y]) => x.lastUsedAt - y.lastUsedAt)[0];
        if (oldest) void drop(oldest[0]);
      }
      if (worlds.size - 1 >= maxWorkspaces) return undefined;
      world = { app: createWorld(name), createdAt: now, lastUsedAt: now };
      const created = world;
      worlds.set(name, created);
      created.app.then(
        (a) => (created.built = a),
        () => worlds.get(name) === created && worlds.delete(name),
      );
    }
    world.lastUsedAt = now;
    return world.app;
  };

  const full = () =>
    errorResponse(
      "QUOTA_EXCEEDED",
      `This mock holds its maximum of ${maxWorkspaces} workspaces; delete one (DELETE /_harness/workspaces/{name}) or use another.`,
    );

  const guard = controlTokenGuard(controlToken);
  const list = (): WorkspaceInfo[] =>
    [...worlds.entries()].map(([name, w]) => ({
      name,
      createdAt: new Date(w.createdAt).toISOString(),
      lastUsedAt: new Date(w.lastUsedAt).toISOString(),
      now: w.built ? new Date(w.built.clock.now()).toISOString() : new Date(w.createdAt).toISOString(),
    }));
  const control = workspaceControl({ list, drop: (name: string) => drop(name, true), max: maxWorkspaces });

  async function handle(req: MockRequest): Promise<MockResponse> {
    const choice = chooseWorkspace(req);
    if (!("name" in choice)) return choice;
    const refused = guard(choice.req);
    if (refused) return refused;
    const answer = await control(choice.req);
    if (answer) return answer;
    const app = worldOf(choice.name);
    return app ? (await app).handle(choice.req) : full();
  }

  async function upgrade(req: MockRequest): Promise<UpgradeDecision | undefined> {
    const choice = chooseWorkspace(req);
    if (!("name" in choice)) return { refuse: choice };
    const app = worldOf(choice.name);
    return app ? (await app).upgrade(choice.req) : { refuse: full() };
  }

  return {
    ...defaultApp,
    handle,
    upgrade,
    fetch: fetchVia(handle),
    get issuer() {
      return defaultApp.issuer;
    },
    bindIssuer(url: string) {
      issuer ??= url;
      for (const w of worlds.values()) void w.app.then((a) => a.bindIssuer(url), () => {});
    },
    testdata: () => defaultApp.testdata(),
    workspace: async (name) => worldOf(name),
    workspaces: list,
    dropWorkspace: (name) => drop(name, true),
    async close() {
      await Promise.all([...worlds.values()].map((w) => w.app.then((a) => a.close(), () => {})));
    },
  };
}
