/**
 * The contract of an API module: everything that is specific to one API lives in
 * `src/apis/<api>/manifest.ts` and the files it names. The mock (handlers, control-plane hooks, test
 * data), the release profiles, the runners (well-formed requests, cleanup, --api aliases) and the
 * README's table are derived from the manifests; nothing outside the module is edited per API.
 * See docs/adding-an-api.md.
 */
import type { TokenService } from "../auth/tokens.ts";
import type { WorldClock } from "../core/clock.ts";
import type { MockRequest, MockResponse } from "../core/http.ts";
import type { Notifier } from "../core/notifications.ts";
import type { SocketRoute } from "../core/socket.ts";
import type { Store } from "../core/store.ts";
import type { TestData } from "../core/testdata.ts";
import type { HandlerSet } from "./handler.ts";
import type { Platform } from "./shared/platform/platform.ts";
import type { SimHistory } from "./shared/sim-history.ts";

/** What a module's handlers and hooks are built from: one set per mock. */
export interface ModuleDeps {
  store: Store;
  clock: WorldClock;
  notifier: Notifier;
  /** the active test data (replaced by reset and by the control plane) */
  data: () => TestData;
  /** the SIM history of every line, shared by SIM Swap and its subscriptions */
  simHistory: SimHistory;
  /** the operator's token service: APIs that issue access tokens of their own kind (device sign-on) */
  tokens: TokenService;
  /** the Open Gateway platform: tenants, applications, capabilities, views, consents */
  platform: Platform;
}

/** One served version of the API. */
export interface ApiVersion {
  /** the CAMARA meta-releases that contain this version (src/openapi/releases.ts names them) */
  releases: string[];
  /** the stateful implementation; without it the version is answered by Prism's mocker */
  handlers?: (deps: ModuleDeps) => HandlerSet;
  /**
   * GET operations of this version that change state (e.g. RelaySMS createSyncSession opens a
   * session). The mock journals every other method's writes and undoes them when the answer fails
   * (src/core/store-journal.ts); GETs are taken as reads and not journaled, except these.
   */
  writingReads?: string[];
  /** the official CAMARA file of this version, relative to CAMARA_REFERENCE_DIR (contract test) */
  official?: string;
  /** error codes this version's release names differently for this API (canonical -> theirs) */
  errorRenames?: Record<string, { code: string; status?: number }>;
  /** websocket routes of this version (message channels of its AsyncAPI document), served on the real port */
  sockets?: (deps: ModuleDeps) => SocketRoute[];
}

/** A simulation the mock offers under /_harness for this API (e.g. a SIM change). */
export interface ControlRoute {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** path below /_harness, with `{name}` segments, e.g. "/subscribers/{phoneNumber}/sim-change" */
  path: string;
  summary: string;
  handle(req: MockRequest, params: Record<string, string>, deps: ControlDeps): Promise<MockResponse>;
}

export interface ControlDeps extends ModuleDeps {
  subscriberByPhoneNumber(phoneNumber: string): { id: string; phoneNumber: string } | undefined;
}

/** A page of the mock for people, outside any API base path (e.g. Consent Info's capture page). */
export interface PageRoute {
  method: "GET" | "POST";
  /** absolute path with `{name}` segments, e.g. "/consent-capture/{captureId}" */
  path: string;
  summary: string;
  handle(req: MockRequest, params: Record<string, string>, deps: ModuleDeps): Promise<MockResponse>;
}

/** What the runners know of a target, as far as a module's requests need it. */
export interface TargetFacts {
  subscribers: { plain?: { phoneNumber: string } };
  qosProfiles: { active?: string; activeMaxDurationSeconds?: number };
}

/** A request the generic layers start from; they break one thing at a time. */
export interface WellFormedRequest {
  /** path below the base path, parameters filled in */
  path: string;
  body?: unknown;
  /** the 3-legged token must be for this subscriber (APIs that need one); else 2-legged */
  subscriber?: { phoneNumber: string };
  /** the 3-legged token must come from network-based authentication */
  networkAuth?: boolean;
  /** why no request can be built for this target (the scenario is skipped with it) */
  unavailable?: string;
}

/** How to undo what a successful create made, so a run leaves nothing behind. */
export interface Cleanup {
  /** path below the base path of the resource to DELETE, from the create's answer */
  path(created: Record<string, unknown>): string | undefined;
  scopes: string[];
}

export interface ApiModule {
  /** the api-name of specs/<api>/ and of the base path, e.g. "quality-on-demand" */
  name: string;
  /** a line for the README's table and the mock's banner */
  title: string;
  /** our own API: no official CAMARA counterpart */
  own?: boolean;
  /** short names accepted by --api */
  aliases?: string[];
  versions: Record<string, ApiVersion>;
  /** subscriber traits this API reacts to (name -> what it triggers), for the test data */
  traits?: Record<string, string>;
  /** top-level sections of the test data this module owns: name -> JSON schema of the section */
  testData?: Record<string, Record<string, unknown>>;
  /** simulations under /_harness */
  control?: ControlRoute[];
  /** pages for people (HTML), served at their own paths */
  pages?: PageRoute[];
  /** a well-formed request per operationId, from what the target offers */
  requests?: Record<string, (target: TargetFacts) => WellFormedRequest>;
  /** operationId of a create -> how to delete what it made */
  cleanup?: Record<string, Cleanup>;
  /** operations whose device / phoneNumber is data, not the subject of the call (no identification layer) */
  notIdentifying?: string[];
  /** a scope of another API, so a token holding only it lacks every scope of this one */
  foreignScope?: string;
}
