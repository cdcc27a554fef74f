/**
 * The operator's test data: API clients, subscribers (with their devices and traits) and the QoS
 * profile catalogue. Loaded from a YAML file (data/testdata.yaml by default, `--data` to replace it),
 * checked against a schema, and served as-is by `GET /_harness/testdata`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { parseDateTime } from "./date-time.ts";
import { PROJECT_ROOT } from "../core/paths.ts";

export const DEFAULT_TESTDATA_FILE = join(PROJECT_ROOT, "data", "testdata.yaml");

/**
 * Behaviours of the authorization server a subscriber can be configured with, so clients can exercise
 * each path. API modules add their own (manifest `traits`).
 */
export const TRAITS = {
  "ciba-pending": "CIBA authentication stays pending (authorization_pending) until the request expires",
  "ciba-denied": "CIBA and authorization-code consent are denied (access_denied)",
  "ciba-expired": "CIBA authentication requests expire at once (expired_token)",
  "no-network-auth": "the subscriber cannot be authenticated by the mobile network (authorization code fails)",
} as const;
/** A trait name: one of TRAITS or one an API module declares. */
export type Trait = string;

export interface Client {
  clientId: string;
  clientSecret?: string;
  /** SHA-256 (hex) of the secret, for clients registered at run time (the secret itself is never kept) */
  clientSecretSha256?: string;
  name?: string;
  redirectUris?: string[];
  /** scopes this client may be granted; "*" allows every scope */
  scopes: string[];
  /** public keys for private_key_jwt client authentication */
  jwks?: { keys: Record<string, unknown>[] };
  /** requests per second allowed before 429 TOO_MANY_REQUESTS (default: operator.rateLimitPerSecond) */
  rateLimitPerSecond?: number;
}

export interface Device {
  phoneNumber?: string;
  ipv4Address?: { publicAddress: string; publicPort?: number; privateAddress?: string };
  ipv6Address?: string;
  networkAccessIdentifier?: string;
}

/**
 * One SIM change of a line (the number got tied to a SIM it was not tied to before; the earliest one
 * is the SIM's activation). Give exactly one of `at` (absolute) or `hoursAgo` / `daysAgo`, which are
 * counted back from the virtual clock when the SIM history is loaded into the store (at start-up and
 * after each reset).
 */
export interface SimChange {
  /** RFC 3339 date-time of the SIM change */
  at?: string;
  hoursAgo?: number;
  daysAgo?: number;
}

export interface Subscriber {
  /** stable pseudonymous id, used as the token subject */
  id: string;
  description?: string;
  phoneNumber: string;
  device?: Omit<Device, "phoneNumber">;
  traits?: Trait[];
  /**
   * SIM history, oldest first or in any order. Absent: the SIM was activated long ago (365 days
   * before loading) and never changed. Empty list: the number was never associated with a SIM.
   */
  simChanges?: SimChange[];
}

export interface Duration {
  value: number;
  unit: "Days" | "Hours" | "Minutes" | "Seconds" | "Milliseconds" | "Microseconds" | "Nanoseconds";
}

export interface QosProfile {
  name: string;
  status: "ACTIVE" | "INACTIVE" | "DEPRECATED";
  description?: string;
  minDuration?: Duration;
  maxDuration?: Duration;
  /** ids of the only subscribers this profile is offered to (a profile restricted to certain devices) */
  restrictedTo?: string[];
  [property: string]: unknown;
}

export interface OperatorSettings {
  /** identifier types the operator does not support (422 UNSUPPORTED_IDENTIFIER) */
  unsupportedIdentifiers: ("phoneNumber" | "ipv4Address" | "ipv6Address" | "networkAccessIdentifier")[];
  /** default per-client rate limit, requests per second */
  rateLimitPerSecond: number;
  /** seconds a QoD session stays REQUESTED before it becomes AVAILABLE */
  qodActivationSeconds: number;
  /** seconds an UNAVAILABLE session stays readable before it is removed */
  qodRetentionSeconds: number;
  /** lifetime of access tokens, seconds */
  accessTokenSeconds: number;
  /**
   * days the operator may look back on SIM changes (local regulation): SIM Swap check refuses a
   * maxAge above simSwapMonitoredDays * 24 hours with 400 OUT_OF_RANGE; retrieve-date reports it as
   * monitoredPeriod for lines with trait sim-history-limited
   */
  simSwapMonitoredDays: number;
}

export interface TestData {
  operator: OperatorSettings;
  clients: Client[];
  subscribers: Subscriber[];
  qosProfiles: QosProfile[];
  /** sections API modules add (manifest `testData`), checked against their schema at load */
  [section: string]: unknown;
}

const DEFAULT_OPERATOR: OperatorSettings = {
  unsupportedIdentifiers: ["networkAccessIdentifier"],
  rateLimitPerSecond: 1000,
  qodActivationSeconds: 1,
  qodRetentionSeconds: 360,
  accessTokenSeconds: 3600,
  simSwapMonitoredDays: 30,
};

const SCHEMA = {
  type: "object",
  required: ["clients", "subscribers", "qosProfiles"],
  additionalProperties: false,
  properties: {
    operator: {
      type: "object",
      additionalProperties: false,
      properties: {
        unsupportedIdentifiers: {
          type: "array",
          items: { enum: ["phoneNumber", "ipv4Address", "ipv6Address", "networkAccessIdentifier"] },
        },
        rateLimitPerSecond: { type: "number", exclusiveMinimum: 0 },
        qodActivationSeconds: { type: "number", minimum: 0 },
        qodRetentionSeconds: { type: "number", minimum: 0 },
        accessTokenSeconds: { type: "number", exclusiveMinimum: 0 },
        simSwapMonitoredDays: { type: "integer", minimum: 1 },
      },
    },
    clients: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["clientId", "scopes"],
        additionalProperties: false,
        properties: {
          clientId: { type: "string", minLength: 1 },
          clientSecret: { type: "string", minLength: 1 },
          name: { type: "string" },
          redirectUris: { type: "array", items: { type: "string" } },
          scopes: { type: "array", items: { type: "string" } },
          jwks: { type: "object", required: ["keys"], properties: { keys: { type: "array" } } },
          rateLimitPerSecond: { type: "number", exclusiveMinimum: 0 },
        },
      },
    },
    subscribers: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "phoneNumber"],
        additionalProperties: false,
        properties: {
          id: { type: "string", minLength: 1 },
          description: { type: "string" },
          phoneNumber: { type: "string", pattern: "^\\+[1-9][0-9]{4,14}$" },
          device: {
            type: "object",
            additionalProperties: false,
            properties: {
              ipv4Address: {
                type: "object",
                required: ["publicAddress"],
                additionalProperties: false,
                properties: {
                  publicAddress: { type: "string" },
                  publicPort: { type: "integer" },
                  privateAddress: { type: "string" },
                },
              },
              ipv6Address: { type: "string" },
              networkAccessIdentifier: { type: "string" },
            },
          },
          traits: { type: "array", items: { type: "string" } },
          simChanges: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              minProperties: 1,
              maxProperties: 1,
              properties: { at: { type: "string" }, hoursAgo: { type: "number", minimum: 0 }, daysAgo: { type: "number", minimum: 0 } },
            },
          },
        },
      },
    },
    qosProfiles: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "status"],
        properties: {
          name: { type: "string" },
          status: { enum: ["ACTIVE", "INACTIVE", "DEPRECATED"] },
          restrictedTo: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
};

/** What API modules add to the model: trait names, and top-level sections with their schema. */
export interface TestDataModel {
  /** every trait name allowed (undefined: any string) */
  traits?: string[];
  /** section name -> JSON schema of that section */
  sections?: Record<string, Record<string, unknown>>;
}

const validators = new Map<string, ReturnType<Ajv["compile"]>>();

function validatorFor(model: TestDataModel) {
  const key = JSON.stringify(model);
  let v = validators.get(key);
  if (!v) {
    const schema = structuredClone(SCHEMA) as { properties: Record<string, unknown>; additionalProperties: boolean };
    Object.assign(schema.properties, model.sections ?? {});
    // without a model (the core's own check) sections of API modules are passed through unchecked
    if (!model.sections) schema.additionalProperties = true;
    validators.set(key, (v = new Ajv({ allErrors: false }).compile(schema)));
  }
  return v;
}

/** Checks raw data and fills defaults; throws one line naming the file, the place and the problem. */
export function parseTestData(raw: unknown, source = "test data", model: TestDataModel = {}): TestData {
  const validate = validatorFor(model);
  if (!validate(raw)) {
    const e = validate.errors![0];
    throw new Error(`${source}: ${e.instancePath || "/"} ${e.message}`);
  }
  const data = raw as unknown as TestData;
  const seen = new Set<string>();
  for (const s of data.subscribers) {
    if (seen.has(s.id)) throw new Error(`${source}: subscriber id '${s.id}' appears twice`);
    seen.add(s.id);
    const unknownTrait = model.traits && s.traits?.find((t) => !model.traits!.includes(t));
    if (unknownTrait) throw new Error(`${source}: subscriber '${s.id}' has unknown trait '${unknownTrait}'; known: ${model.traits!.join(", ")}`);
    for (const change of s.simChanges ?? []) {
      if (change.at !== undefined && parseDateTime(change.at) === undefined) {
        throw new Error(`${source}: subscriber '${s.id}' has a simChanges date that is not RFC 3339: '${change.at}'`);
      }
    }
  }
  return { ...data, operator: { ...DEFAULT_OPERATOR, ...(data.operator ?? {}) } };
}

export function loadTestData(file: string = DEFAULT_TESTDATA_FILE, model: TestDataModel = {}): TestData {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read test data file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  return parseTestData(raw, file, model);
}
