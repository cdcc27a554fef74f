/**
 * The duration and port rules of QoD v0.10.1 that differ from 1.x (specs/qod/0.10.1.yaml):
 *   - `duration` is optional, 1..86,400 (schema); "Maximal value of 24 hours is used if not set"
 *     (official text): we read it as the longest duration allowed, i.e. min(86,400, the profile's
 *     maxDuration), so a body without duration is valid for every profile;
 *   - a duration outside the profile's [minDuration, maxDuration] is 400 OUT_OF_RANGE (the spec's
 *     DURATION_NOT_ALLOWED_FOR_PROFILE example; 1.x uses INVALID_ARGUMENT);
 *   - a port range whose `from` exceeds its `to` is 400 OUT_OF_RANGE (BAD_PORTS example);
 *   - extend: the remaining time (expiresAt - now) may not exceed 86,400 s; a longer request is
 *     trimmed, not refused; the overall duration itself may exceed one day (official example:
 *     80,000 s + 16,400 s).
 */
import { ApiError } from "../../core/errors.ts";
import type { QosProfile } from "../../core/testdata.ts";
import { durationSeconds } from "../shared/qos-catalogue.ts";
import type { CreateSessionV0, PortsSpecV0 } from "./wire.ts";

export const MAX_REMAINING_SECONDS = 86_400;

/** The duration a new session gets, or 400 OUT_OF_RANGE. */
export function sessionDuration(profile: QosProfile, requested: number | undefined): number {
  const min = durationSeconds(profile.minDuration) ?? 1;
  const max = Math.min(durationSeconds(profile.maxDuration) ?? MAX_REMAINING_SECONDS, MAX_REMAINING_SECONDS);
  const duration = requested ?? max;
  if (duration < min || duration > max) {
    throw new ApiError("OUT_OF_RANGE", `Profile ${profile.name} accepts durations between ${min} and ${max} seconds.`);
  }
  return duration;
}

function checkRanges(field: string, ports: PortsSpecV0 | undefined): void {
  for (const range of ports?.ranges ?? []) {
    if (range.from > range.to) {
      throw new ApiError("OUT_OF_RANGE", `${field} has a range whose 'from' (${range.from}) is greater than its 'to' (${range.to}).`);
    }
  }
}

export function checkPorts(body: CreateSessionV0): void {
  checkRanges("devicePorts", body.devicePorts);
  checkRanges("applicationServerPorts", body.applicationServerPorts);
}

/** Seconds actually added by an extension: the remaining time is capped at 86,400 s. */
export function grantedExtension(expiresAtMs: number, nowMs: number, requested: number): number {
  const remaining = Math.max(0, expiresAtMs - nowMs);
  const room = Math.floor((MAX_REMAINING_SECONDS * 1000 - remaining) / 1000);
  return Math.max(0, Math.min(requested, room));
}
