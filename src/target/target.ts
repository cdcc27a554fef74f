/**
 * What the runner knows about a target: where its APIs are, how to get tokens, which test
 * subscribers it offers and in which state, what it does not support, and which deviations its
 * owner accepts. Plain serialisable data: it is handed to the suites (vitest workers) as is.
 */
import type { Device } from "../core/testdata.ts";
import type { KnownLines } from "./known-lines.ts";

export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
  /** private key (JWK) for private_key_jwt client authentication */
  privateKeyJwk?: Record<string, unknown>;
}

export interface TestSubscriber {
  phoneNumber: string;
  device?: Device;
}

export interface TargetContext {
  /** default apiRoot for every API, e.g. "https://sandbox.operator.example" */
  apiRoot: string;
  /** apiRoot per API where it differs (api-name -> apiRoot) */
  apiRoots: Record<string, string>;
  release: string;
  builtInMock: boolean;
  /** seed of every generated input (printed in the report, --seed to replay) */
  seed: number;
  /** per-request timeout, ms */
  timeoutMs: number;
  auth: {
    tokenUrl?: string;
    /** CIBA backchannel endpoint: 3-legged tokens with login_hint=tel:<phoneNumber> */
    bcAuthorizeUrl?: string;
    primary?: ClientCredentials;
    /** a second API client, for "another client's resource" scenarios */
    secondary?: ClientCredentials;
    /** a client with a low rate limit, for the 429 TOO_MANY_REQUESTS scenarios */
    throttled?: ClientCredentials & { rateLimitPerSecond: number };
    /** /_harness/tokens of our mock: mints expired tokens and tokens for a given subscriber */
    mintUrl?: string;
    /** tokens given by the user (already read from the environment) */
    staticTokens: { twoLegged?: string; threeLegged?: string; expired?: string; noScope?: string };
    /** the purpose (dpv:) requested with 3-legged tokens */
    purpose: string;
  };
  subscribers: {
    /** a subscriber every API serves, in no special state */
    plain?: TestSubscriber;
    /** a second plain subscriber (scenarios that need two) */
    plain2?: TestSubscriber;
    /** the services are not applicable to this one (422 SERVICE_NOT_APPLICABLE) */
    notApplicable?: TestSubscriber;
    /** a QoD session for this one ends UNAVAILABLE / NETWORK_TERMINATED */
    qodUnavailable?: TestSubscriber;
    /** schema-valid identifiers the target does not know (404 IDENTIFIER_NOT_FOUND) */
    unknown: TestSubscriber;
  };
  /** identifier types the target does not support (422 UNSUPPORTED_IDENTIFIER) */
  unsupportedIdentifiers: string[];
  qosProfiles: {
    active?: string;
    inactive?: string;
    deprecated?: string;
    /** max duration of `active`, seconds, when known */
    activeMaxDurationSeconds?: number;
    activeMinDurationSeconds?: number;
    /** profiles offered only to certain devices, and a subscriber whose device may use them all */
    restricted?: { names: string[]; subscriber: TestSubscriber };
  };
  /**
   * How the target revokes a QoS assignment (qos-provisioning revokeQosAssignment): at once (204) or
   * asynchronously (202, then the deletion completes). The official definitions have a scenario for
   * each; only the declared one can run.
   */
  qosAssignmentDeletion?: "synchronous" | "asynchronous";
  /** subscribers per consent state and the platform's clients (Consent Info, Open Gateway platform) */
  consents?: ConsentFacts;
  /** the target's virtual clock, when it exposes one (our mock's POST /_harness/clock) */
  clockUrl?: string;
  /** records a SIM change of a test line now: `${simChangeUrl}/{phoneNumber}/sim-change` (our mock) */
  simChangeUrl?: string;
  /** test lines in a known state (target file `lines:`, or derived from the mock's test data) */
  lines?: KnownLines;
  /** the target's clock (ms) when the run started: the ages of the known lines count back from it */
  clockAtStart?: number;
  /** where the target can deliver notifications, and where the runner reads what arrived */
  sink?: TargetSink;
  /** the target's log of notification deliveries, when it keeps one (our mock's GET /_harness/events) */
  deliveryLogUrl?: string;
  /** test-data sections owned by API modules (manifest `testData`), as the target publishes them */
  sections?: Record<string, unknown>;
  /** accepted deviations: scenario id -> reason */
  deviations: Record<string, string>;
  /** APIs selected for this run (api-name list) */
  apis: string[];
  /** only scenarios whose id or title contains this text */
  grep?: string;
  /** where the specs of the run are (default: the project's specs/) */
  specsDir?: string;
  /** the workspace of a shared harness mock this run uses (header x-harness-workspace on every request) */
  workspace?: string;
  /** the control token of a protected harness mock (sent on /_harness requests only; never reported) */
  controlToken?: string;
}

export interface ConsentFacts {
  /** the consent-based scopes and purpose the subscribers below are in a state for (primary client) */
  scopes: string[];
  purpose: string;
  valid?: TestSubscriber;
  /** valid, with a future expiration date */
  expiring?: TestSubscriber;
  expired?: TestSubscriber;
  requested?: TestSubscriber;
  denied?: TestSubscriber;
  /** no decision recorded (Consent Info: PENDING); scenarios may change their state */
  pending: TestSubscriber[];
  /** a legitimate-interest processing this subscriber objected to */
  objected?: { subscriber: TestSubscriber; scopes: string[]; purpose: string };
  /** Consent Info answers 422 SERVICE_NOT_APPLICABLE */
  notApplicable?: TestSubscriber;
  /** a client of the operator's own tenant (platform administration) */
  admin?: ClientCredentials;
  /** a client of another tenant than the primary client's */
  otherTenant?: ClientCredentials;
}

/** A notification sink offered to the target: `${url}/{id}` is given, `${readUrl}/{id}` lists what arrived. */
export interface TargetSink {
  url: string;
  readUrl: string;
  /** the runner's certificate file, when the sink is the runner's https one (a target must trust it) */
  certFile?: string;
}

export function apiRootFor(target: TargetContext, api: string): string {
  return (target.apiRoots[api] ?? target.apiRoot).replace(/\/+$/, "");
}
