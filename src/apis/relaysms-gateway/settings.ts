/**
 * The operator settings of the RelaySMS gateway server (seed 004, gateway_server conf.ini [sync]),
 * read from the test data section `relaysmsGateway`, with the seed's defaults where it gives them.
 */
import type { TestData } from "../../core/testdata.ts";

export interface Platform {
  name: string;
  description?: string;
}

export interface GatewayUser {
  userId: string;
  platforms: Platform[];
}

export interface GatewaySettings {
  /** a node leaves GET /seeds when its last ping is older than this */
  seedTtlSeconds: number;
  /** seconds between two changes of a session's URL (seed: session_sleep_timeout, default 15) */
  sessionSleepTimeout: number;
  /** how many times a session's URL changes (seed: session_change_limit, default 3) */
  sessionChangeLimit: number;
  /** seconds a paused session waits for the user's authentication (seed: session_paused_timeout) */
  sessionPausedTimeout: number;
  users: GatewayUser[];
}

export const SECTION = "relaysmsGateway";

export const DEFAULT_SETTINGS: GatewaySettings = {
  seedTtlSeconds: 600,
  sessionSleepTimeout: 15,
  sessionChangeLimit: 3,
  sessionPausedTimeout: 60,
  users: [],
};

/** JSON schema of the section (checked when the test data is loaded). */
export const SECTION_SCHEMA: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  properties: {
    seedTtlSeconds: { type: "integer", minimum: 1 },
    sessionSleepTimeout: { type: "integer", minimum: 1 },
    sessionChangeLimit: { type: "integer", minimum: 0, maximum: 100 },
    sessionPausedTimeout: { type: "integer", minimum: 1 },
    users: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["userId", "platforms"],
        properties: {
          userId: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
          platforms: {
            type: "array",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["name"],
              properties: { name: { type: "string" }, description: { type: "string" } },
            },
          },
        },
      },
    },
  },
};

export function settingsOf(data: TestData): GatewaySettings {
  return { ...DEFAULT_SETTINGS, ...((data[SECTION] as Partial<GatewaySettings> | undefined) ?? {}) };
}
