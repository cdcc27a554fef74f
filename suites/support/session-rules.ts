/**
 * The constraints a SessionInfo must meet beyond its schema, as the official QoD 1.1.0 test
 * definitions state them (createSession_01 Examples table, getSession_01, extend_01,
 * retrieveSessionsByDevice_01): echoed request properties, and timestamps that agree with
 * qosStatus. One entry per property, so an Outline row checks exactly its own rule.
 *
 * Reading of "startedAt exists only if qosStatus is AVAILABLE": enforced as "absent while REQUESTED,
 * present and in the past while AVAILABLE". It is not enforced as "absent when UNAVAILABLE": the
 * spec's own SESSION_UNAVAILABLE_EXAMPLE carries startedAt, and `duration` of an UNAVAILABLE session
 * is defined from startedAt.
 */
import { expect } from "vitest";
import type { CreateSessionBody, SessionInfo, TargetTime } from "./qod-builders.ts";

export type SessionProperty =
  | "device"
  | "applicationServer"
  | "qosProfile"
  | "devicePorts"
  | "applicationServerPorts"
  | "sink"
  | "startedAt"
  | "expiresAt"
  | "statusInfo";

export interface SessionRule {
  /** the condition column of the official Examples table */
  condition: string;
  check(info: SessionInfo, sent: CreateSessionBody, time: TargetTime): void;
}

function echoedIfSent(property: "devicePorts" | "applicationServerPorts" | "sink"): SessionRule {
  return {
    condition: "exists only if provided in the request body and with the same value",
    check(info, sent) {
      if (sent[property] === undefined) expect(info[property], `$.${property} absent: it was not sent`).toBeUndefined();
      else expect(info[property], `$.${property} as sent`).toEqual(sent[property]);
    },
  };
}

const ms = (s: string | undefined) => (s === undefined ? undefined : Date.parse(s));

export const SESSION_RULES: Record<SessionProperty, SessionRule> = {
  device: {
    condition: "exists only if provided in the request body and with the same value",
    check(info, sent) {
      if (sent.device === undefined) {
        expect(info.device, "$.device absent: no device was sent").toBeUndefined();
        return;
      }
      if (info.device === undefined) return; // with a single identifier sent, returning it is optional
      const keys = Object.keys(info.device) as (keyof typeof info.device)[];
      expect(keys.length, "$.device holds exactly one identifier").toBe(1);
      expect(info.device[keys[0]], `$.device.${keys[0]} has the value sent`).toEqual(sent.device[keys[0]]);
    },
  },
  applicationServer: {
    condition: "same value as in the request body",
    check: (info, sent) => expect(info.applicationServer, "$.applicationServer as sent").toEqual(sent.applicationServer),
  },
  qosProfile: {
    condition: "same value as in the request body",
    check: (info, sent) => expect(info.qosProfile, "$.qosProfile as sent").toBe(sent.qosProfile),
  },
  devicePorts: echoedIfSent("devicePorts"),
  applicationServerPorts: echoedIfSent("applicationServerPorts"),
  sink: echoedIfSent("sink"),
  startedAt: {
    condition: 'exists only if "$.qosStatus" is "AVAILABLE" and value is in the past',
    check(info, _sent, time) {
      if (info.qosStatus === "REQUESTED") expect(info.startedAt, "$.startedAt absent while REQUESTED").toBeUndefined();
      if (info.qosStatus === "AVAILABLE") {
        expect(info.startedAt, "$.startedAt present when AVAILABLE").toBeDefined();
        expect(ms(info.startedAt)!, `$.startedAt ${info.startedAt} is not after the target's now`).toBeLessThanOrEqual(time.now + time.tolerance);
      }
    },
  },
  expiresAt: {
    condition: 'exists only if "$.qosStatus" is not "REQUESTED" and later than "$.startedAt"',
    check(info) {
      if (info.qosStatus === "REQUESTED") expect(info.expiresAt, "$.expiresAt absent while REQUESTED").toBeUndefined();
      if (info.qosStatus === "AVAILABLE") expect(info.expiresAt, "$.expiresAt present when AVAILABLE").toBeDefined();
      if (info.expiresAt !== undefined && info.startedAt !== undefined) {
        expect(ms(info.expiresAt)!, "$.expiresAt later than $.startedAt").toBeGreaterThan(ms(info.startedAt)!);
      }
    },
  },
  statusInfo: {
    condition: 'exists only if "$.qosStatus" is "UNAVAILABLE"',
    check(info) {
      if (info.qosStatus !== "UNAVAILABLE") expect(info.statusInfo, `$.statusInfo absent while ${info.qosStatus}`).toBeUndefined();
    },
  },
};

export const ALL_SESSION_PROPERTIES = Object.keys(SESSION_RULES) as SessionProperty[];

/** Applies the rules of the given properties (default: all) to one SessionInfo. */
export function expectSessionRules(info: SessionInfo, sent: CreateSessionBody, time: TargetTime, properties = ALL_SESSION_PROPERTIES): void {
  for (const p of properties) SESSION_RULES[p].check(info, sent, time);
}
