/**
 * The test data of the in-home detection family (seed 003): households (accounts of a tenant),
 * their devices (the managed STB, open devices), and the content catalogue whose channels and items
 * may be flagged in-home only. Section `inHome` of data/testdata.yaml, owned by the In-home Detection
 * module and read by the In-home Content module.
 */
import type { TestData } from "../../core/testdata.ts";

export interface InHomeSettings {
  /** lifetime of a device access token, seconds (never past the session's fixed_exp) */
  deviceTokenSeconds: number;
  /** a device session's absolute end (fixed_exp), seconds after sign-on */
  sessionSeconds: number;
  /** lifetime of an STB's update-in-home (broadcast) token, seconds */
  broadcastTokenSeconds: number;
}

export interface InHomeAccount {
  accountId: string;
  tenantId: string;
  accountProfileId: string;
  sessionControl: { maxSessions: number; sessionControlEnabled: boolean };
}

export interface InHomeDevice {
  deviceId: string;
  secret: string;
  accountId: string;
  tenantId: string;
  /** managed: a set-top box; open: an app on a phone, tablet or browser */
  kind: "managed" | "open";
  deviceProfileId: string;
  /** where an open device starts in the simulated network: at its home, or away (off the operator's network) */
  network?: "home" | "away";
}

export interface CatalogueChannel {
  channelId: string;
  name: string;
  inHomeOnly: boolean;
}

export interface CatalogueItem {
  contentId: string;
  title: string;
  channelId?: string;
  inHomeOnly: boolean;
}

export interface InHomeData {
  settings: InHomeSettings;
  accounts: InHomeAccount[];
  devices: InHomeDevice[];
  channels: CatalogueChannel[];
  content: CatalogueItem[];
}

export const IN_HOME_SECTION = "inHome";

const DEFAULT_SETTINGS: InHomeSettings = { deviceTokenSeconds: 3600, sessionSeconds: 30 * 86400, broadcastTokenSeconds: 3600 };

/** The section of the active test data (empty when the data has none). */
export function inHomeData(data: TestData): InHomeData {
  const section = (data[IN_HOME_SECTION] ?? {}) as Partial<InHomeData>;
  return {
    settings: { ...DEFAULT_SETTINGS, ...(section.settings ?? {}) },
    accounts: section.accounts ?? [],
    devices: section.devices ?? [],
    channels: section.channels ?? [],
    content: section.content ?? [],
  };
}

/** A household is an account of a tenant: the same accountId in two tenants is two households. */
export function householdKey(tenantId: string, accountId: string): string {
  return `${tenantId}/${accountId}`;
}

export function accountOf(data: InHomeData, tenantId: string, accountId: string): InHomeAccount | undefined {
  return data.accounts.find((a) => a.tenantId === tenantId && a.accountId === accountId);
}

const id = { type: "string", minLength: 1 };

/** JSON schema of the section (checked when the test data loads). */
export const IN_HOME_SCHEMA: Record<string, unknown> = {
  type: "object",
  additionalProperties: false,
  properties: {
    settings: {
      type: "object",
      additionalProperties: false,
      properties: {
        deviceTokenSeconds: { type: "integer", minimum: 1 },
        sessionSeconds: { type: "integer", minimum: 1 },
        broadcastTokenSeconds: { type: "integer", minimum: 1 },
      },
    },
    accounts: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["accountId", "tenantId", "accountProfileId", "sessionControl"],
        properties: {
          accountId: id,
          tenantId: id,
          accountProfileId: id,
          sessionControl: {
            type: "object",
            additionalProperties: false,
            required: ["maxSessions", "sessionControlEnabled"],
            properties: { maxSessions: { type: "integer", minimum: 1 }, sessionControlEnabled: { type: "boolean" } },
          },
        },
      },
    },
    devices: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["deviceId", "secret", "accountId", "tenantId", "kind", "deviceProfileId"],
        properties: {
          deviceId: id,
          secret: id,
          accountId: id,
          tenantId: id,
          kind: { enum: ["managed", "open"] },
          deviceProfileId: id,
          network: { enum: ["home", "away"] },
        },
      },
    },
    channels: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["channelId", "name", "inHomeOnly"],
        properties: { channelId: id, name: id, inHomeOnly: { type: "boolean" } },
      },
    },
    content: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["contentId", "title", "inHomeOnly"],
        properties: { contentId: id, title: id, channelId: id, inHomeOnly: { type: "boolean" } },
      },
    },
  },
};
