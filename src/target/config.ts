/**
 * The target configuration file (YAML) for targets that are not our mock: see
 * examples/operator-sandbox.target.yaml. `${VAR}` anywhere in a value is replaced by the environment
 * variable VAR, so secrets stay out of the file. Problems are reported in one line naming the place.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import { WORKSPACE_NAME } from "../core/harness-wire.ts";
import { DEFAULT_RELEASE } from "../openapi/releases.ts";
import { KNOWN_LINES_SCHEMA } from "./known-lines.ts";
import type { TargetContext, TestSubscriber } from "./target.ts";

export class ConfigError extends Error {
  override name = "ConfigError";
}

const subscriber = {
  type: "object",
  required: ["phoneNumber"],
  additionalProperties: false,
  properties: { phoneNumber: { type: "string", pattern: "^\\+[1-9][0-9]{4,14}$" }, device: { type: "object", minProperties: 1 } },
};
const client = {
  type: "object",
  required: ["clientId"],
  additionalProperties: false,
  properties: { clientId: { type: "string" }, clientSecret: { type: "string" }, privateKeyFile: { type: "string" } },
};

const SCHEMA = {
  type: "object",
  required: ["apiRoot"],
  additionalProperties: false,
  properties: {
    apiRoot: { type: "string", pattern: "^https?://" },
    workspace: { type: "string", pattern: WORKSPACE_NAME.source },
    controlToken: { type: "string", minLength: 1 },
    apiRoots: { type: "object", additionalProperties: { type: "string", pattern: "^https?://" } },
    release: { type: "string" },
    timeoutSeconds: { type: "number", exclusiveMinimum: 0 },
    auth: {
      type: "object",
      additionalProperties: false,
      properties: {
        tokenUrl: { type: "string" },
        bcAuthorizeUrl: { type: "string" },
        purpose: { type: "string" },
        client,
        secondClient: client,
        throttledClient: {
          type: "object",
          required: ["clientId", "rateLimitPerSecond"],
          additionalProperties: false,
          properties: {
            clientId: { type: "string" },
            clientSecret: { type: "string" },
            privateKeyFile: { type: "string" },
            rateLimitPerSecond: { type: "number", exclusiveMinimum: 0, maximum: 50 },
          },
        },
        tokens: {
          type: "object",
          additionalProperties: false,
          properties: {
            twoLegged: { type: "string" },
            threeLegged: { type: "string" },
            expired: { type: "string" },
            noScope: { type: "string" },
          },
        },
      },
    },
    subscribers: {
      type: "object",
      required: ["unknown"],
      additionalProperties: false,
      properties: { plain: subscriber, plain2: subscriber, notApplicable: subscriber, qodUnavailable: subscriber, unknown: subscriber },
    },
    unsupportedIdentifiers: {
      type: "array",
      items: { enum: ["phoneNumber", "ipv4Address", "ipv6Address", "networkAccessIdentifier"] },
    },
    qosProfiles: {
      type: "object",
      additionalProperties: false,
      properties: {
        active: { type: "string" },
        inactive: { type: "string" },
        deprecated: { type: "string" },
        activeMaxDurationSeconds: { type: "number" },
        activeMinDurationSeconds: { type: "number" },
        restricted: {
          description: "QoS profiles offered only to certain devices, and a subscriber whose device may use them",
          type: "object",
          required: ["names", "subscriber"],
          additionalProperties: false,
          properties: { names: { type: "array", minItems: 1, items: { type: "string" } }, subscriber },
        },
      },
    },
    qosAssignmentDeletion: { enum: ["synchronous", "asynchronous"] },
    lines: KNOWN_LINES_SCHEMA,
    sink: {
      description:
        "url: the public https address the target delivers to (the runner appends /{id}); readUrl: where the runner reads " +
        "what arrived, when the sink is your own service (else the runner's own sink, which a tunnel must forward url to); " +
        "port: the runner's local sink port (for that tunnel)",
      type: "object",
      minProperties: 1,
      additionalProperties: false,
      properties: {
        url: { type: "string", pattern: "^https?://" },
        readUrl: { type: "string", pattern: "^https?://" },
        port: { type: "integer", minimum: 1, maximum: 65535 },
      },
    },
    sections: {
      description: "test-data sections of API modules (e.g. relaysmsGateway: users, seedTtlSeconds), as the target has them",
      type: "object",
    },
    deviations: {
      type: "array",
      items: {
        type: "object",
        required: ["scenario", "reason"],
        additionalProperties: false,
        properties: { scenario: { type: "string" }, reason: { type: "string", minLength: 1 } },
      },
    },
  },
};

const validate = new Ajv({ allErrors: false }).compile(SCHEMA);

function substitute(value: unknown, where: string): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = process.env[name];
      if (v === undefined) throw new ConfigError(`${where}: environment variable ${name} is not set`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(v, `${where}/${i}`));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, `${where}/${k}`)]));
  }
  return value;
}

/** The release of a run: an explicit one wins; else the target file's `release:`; else the default. */
export function runRelease(explicit: string | undefined, configFile: string | undefined): string {
  return explicit ?? (configFile ? releaseInConfig(configFile) : undefined) ?? DEFAULT_RELEASE;
}

/**
 * The `release:` of a target file, read before the run is planned: it chooses the APIs and rules
 * unless --release is given explicitly (the CLI's default must not override the file). Problems of
 * the file are left to loadTargetConfig, which reports them.
 */
function releaseInConfig(file: string): string | undefined {
  try {
    const raw = parse(readFileSync(file, "utf8")) as { release?: unknown } | null;
    return typeof raw?.release === "string" && raw.release.trim() ? raw.release.trim() : undefined;
  } catch {
    return undefined;
  }
}

type RawClient = { clientId: string; clientSecret?: string; privateKeyFile?: string };

export interface FileConfig {
  target: Omit<TargetContext, "seed" | "apis" | "builtInMock" | "grep">;
}

/** The `sink` section of a target file: where the target delivers, where to read, the local port. */
export interface SinkSettings {
  url?: string;
  readUrl?: string;
  port?: number;
}

/** The `sink` section of a target file (the runner needs it before it starts its sink). */
export function readSinkSettings(file: string): SinkSettings {
  return (readConfig(file).sink ?? {}) as SinkSettings;
}

/** The file parsed, checked against the schema and with `${VAR}` substituted. */
function readConfig(file: string): Record<string, any> {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, "utf8"));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new ConfigError(`${file}: ${e.code === "ENOENT" ? "file not found" : e.message.split("\n")[0]}`);
  }
  if (!validate(raw)) {
    const e = validate.errors![0];
    const extra = e.keyword === "additionalProperties" ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : "";
    throw new ConfigError(`${file}: ${e.instancePath || "/"} ${e.message}${extra}`);
  }
  return substitute(raw, file) as Record<string, any>;
}

export function loadTargetConfig(file: string): Omit<TargetContext, "seed" | "apis" | "builtInMock" | "grep"> {
  const c = readConfig(file);
  const readClient = (rc: RawClient | undefined) => {
    if (!rc) return undefined;
    let privateKeyJwk: Record<string, unknown> | undefined;
    if (rc.privateKeyFile) {
      const path = resolve(dirname(file), rc.privateKeyFile);
      try {
        privateKeyJwk = JSON.parse(readFileSync(path, "utf8"));
      } catch (error) {
        throw new ConfigError(`${file}: auth client privateKeyFile ${path}: ${(error as Error).message.split("\n")[0]}`);
      }
    }
    if (!rc.clientSecret && !privateKeyJwk) throw new ConfigError(`${file}: client ${rc.clientId} needs clientSecret or privateKeyFile`);
    return { clientId: rc.clientId, clientSecret: rc.clientSecret, privateKeyJwk };
  };
  const subs = (c.subscribers ?? {}) as Record<string, TestSubscriber>;
  const withDevice = (s?: TestSubscriber) => s && { ...s, device: s.device ?? { phoneNumber: s.phoneNumber } };
  return {
    apiRoot: String(c.apiRoot).replace(/\/+$/, ""),
    apiRoots: c.apiRoots ?? {},
    release: c.release ?? "fall25",
    timeoutMs: (c.timeoutSeconds ?? 10) * 1000,
    auth: {
      tokenUrl: c.auth?.tokenUrl,
      bcAuthorizeUrl: c.auth?.bcAuthorizeUrl,
      primary: readClient(c.auth?.client),
      secondary: readClient(c.auth?.secondClient),
      throttled: c.auth?.throttledClient && {
        ...readClient(c.auth.throttledClient)!,
        rateLimitPerSecond: c.auth.throttledClient.rateLimitPerSecond,
      },
      staticTokens: c.auth?.tokens ?? {},
      purpose: c.auth?.purpose ?? "dpv:RequestedServiceProvision",
    },
    subscribers: {
      plain: withDevice(subs.plain),
      plain2: withDevice(subs.plain2),
      notApplicable: withDevice(subs.notApplicable),
      qodUnavailable: withDevice(subs.qodUnavailable),
      unknown: withDevice(subs.unknown) ?? { phoneNumber: "+99999999999" },
    },
    unsupportedIdentifiers: c.unsupportedIdentifiers ?? [],
    qosProfiles: c.qosProfiles?.restricted
      ? { ...c.qosProfiles, restricted: { ...c.qosProfiles.restricted, subscriber: withDevice(c.qosProfiles.restricted.subscriber) } }
      : (c.qosProfiles ?? {}),
    qosAssignmentDeletion: c.qosAssignmentDeletion,
    // a sink of the user's own (it can be read); otherwise the runner's, resolved by prepare-target.ts
    sink: c.sink?.url && c.sink?.readUrl ? { url: c.sink.url.replace(/\/+$/, ""), readUrl: c.sink.readUrl.replace(/\/+$/, "") } : undefined,
    sections: c.sections,
    lines: c.lines,
    workspace: c.workspace,
    controlToken: c.controlToken,
    deviations: Object.fromEntries(((c.deviations ?? []) as { scenario: string; reason: string }[]).map((d) => [d.scenario, d.reason])),
  };
}
