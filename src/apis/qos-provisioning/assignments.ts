/**
 * QoS Provisioning 0.3.0 assignments as a state machine on the store and the virtual clock:
 *   REQUESTED --(operator.qodActivationSeconds)--> AVAILABLE, or UNAVAILABLE / NETWORK_TERMINATED
 *   for a line the network cannot serve (trait qod-unavailable). Revoking (synchronous, 204) makes
 *   it UNAVAILABLE / DELETE_REQUESTED (an AVAILABLE one with that event) and frees the device.
 *   An UNAVAILABLE assignment stays readable by id operator.qodRetentionSeconds (the spec: at least
 *   360 s), then is removed; one the network ended still holds the device until revoked or removed.
 * One assignment per device, whichever client made it (409 CONFLICT, naming no other client's id).
 */
import { randomUUID } from "node:crypto";
import type { Scheduler } from "../../core/clock.ts";
import { ApiError } from "../../core/errors.ts";
import type { Notifier, SinkCredential } from "../../core/notifications.ts";
import type { Store } from "../../core/store.ts";
import type { Device, TestData } from "../../core/testdata.ts";
import type { Identified } from "../handler.ts";
import { profileForNewSession } from "../shared/qos-catalogue.ts";
import { checkSinkCredential } from "../shared/sink-credential.ts";

export const EVENT_TYPE = "org.camaraproject.qos-provisioning.v0.status-changed";
export const BASE_PATH = "/qos-provisioning/v0.3";
const ASSIGNMENTS = "qos-assignments";
const BY_SUBSCRIBER = "qos-assignments-by-subscriber";
const SETTLE = "qos-assignment:settle";
const FORGET = "qos-assignment:forget";

export type Status = "REQUESTED" | "AVAILABLE" | "UNAVAILABLE";
export type StatusInfo = "NETWORK_TERMINATED" | "DELETE_REQUESTED";

export interface Caller {
  clientId: string;
  /** the token's subject (3-legged tokens) */
  subscriberId?: string;
}

export interface Assignment {
  assignmentId: string;
  clientId: string;
  subscriberId: string;
  device?: Device;
  qosProfile: string;
  sink?: string;
  sinkCredential?: SinkCredential;
  status: Status;
  statusInfo?: StatusInfo;
  startedAt?: number;
  origin: string;
}

export interface CreateAssignmentBody {
  device?: Device;
  qosProfile: string;
  sink?: string;
  sinkCredential?: SinkCredential;
}

export interface AssignmentDeps {
  store: Store;
  clock: Scheduler;
  notifier: Notifier;
  data: () => TestData;
}

/** A line QoD is not offered to (trait qod-not-applicable) gets no assignment either: 422 SERVICE_NOT_APPLICABLE. */
export function checkApplicable(subject: Identified): void {
  if (subject.subscriber.traits?.includes("qod-not-applicable")) {
    throw new ApiError("SERVICE_NOT_APPLICABLE", "QoS provisioning is not offered for this device.");
  }
}

export class Assignments {
  constructor(private readonly deps: AssignmentDeps) {
    deps.clock.define(SETTLE, (args) => this.settle(String(args.assignmentId), args.unavailable === true));
    deps.clock.define(FORGET, async (args) => {
      const current = await this.deps.store.get<Assignment>(ASSIGNMENTS, String(args.assignmentId));
      if (current) await this.remove(current);
    });
  }

  async create(caller: Caller, subject: Identified, body: CreateAssignmentBody, origin: string): Promise<Assignment> {
    checkSinkCredential(body.sinkCredential);
    const profile = profileForNewSession(this.deps.data(), body.qosProfile, "QOS_PROVISIONING.QOS_PROFILE_NOT_APPLICABLE", subject.subscriber.id);
    checkApplicable(subject);
    if ((await this.deps.store.indexGet(BY_SUBSCRIBER, subject.subscriber.id)).length > 0) {
      throw new ApiError("CONFLICT", "The device already has a QoS assignment; revoke it before assigning another profile.");
    }
    const assignment: Assignment = {
      assignmentId: randomUUID(),
      clientId: caller.clientId,
      subscriberId: subject.subscriber.id,
      device: subject.deviceResponse,
      qosProfile: profile.name,
      sink: body.sink,
      sinkCredential: body.sinkCredential,
      status: "REQUESTED",
      origin,
    };
    await this.deps.store.put(ASSIGNMENTS, assignment.assignmentId, assignment);
    await this.deps.store.indexAdd(BY_SUBSCRIBER, assignment.subscriberId, assignment.assignmentId);
    const unavailable = subject.subscriber.traits?.includes("qod-unavailable") ?? false;
    const settleAt = this.deps.clock.now() + this.deps.data().operator.qodActivationSeconds * 1000;
    await this.deps.clock.schedule(settleAt, SETTLE, { assignmentId: assignment.assignmentId, unavailable });
    return assignment;
  }

  /** The assignment, if the caller may see it: another client's (or subject's) -> 403. */
  async get(caller: Caller, assignmentId: string): Promise<Assignment> {
    const a = await this.deps.store.get<Assignment>(ASSIGNMENTS, assignmentId);
    if (!a) throw new ApiError("NOT_FOUND", `No QoS assignment with id ${assignmentId}.`);
    if (a.clientId !== caller.clientId || (caller.subscriberId && caller.subscriberId !== a.subscriberId)) {
      throw new ApiError("PERMISSION_DENIED", "The QoS assignment belongs to another API client or subscriber.");
    }
    return a;
  }

  /**
   * Revokes at once (204): the device is free for a new assignment; the record stays readable as
   * UNAVAILABLE / DELETE_REQUESTED for the retention period (official getQosAssignmentById_02). An
   * AVAILABLE assignment with a sink gets that event; a revoked one revoked again is removed.
   */
  async revoke(caller: Caller, assignmentId: string): Promise<void> {
    const a = await this.get(caller, assignmentId);
    if (a.statusInfo === "DELETE_REQUESTED") {
      await this.deps.store.delete(ASSIGNMENTS, a.assignmentId);
      return;
    }
    const wasAvailable = a.status === "AVAILABLE";
    await this.deps.store.indexRemove(BY_SUBSCRIBER, a.subscriberId, a.assignmentId);
    await this.end(a, "DELETE_REQUESTED");
    if (!wasAvailable) return;
    await this.notify(a);
  }

  /** The assignment of the subject's device: none -> 404 NOT_FOUND; another client's -> 403 (official 403.2). */
  async forSubject(caller: Caller, subscriberId: string): Promise<Assignment> {
    const [id] = await this.deps.store.indexGet(BY_SUBSCRIBER, subscriberId);
    const a = id === undefined ? undefined : await this.deps.store.get<Assignment>(ASSIGNMENTS, id);
    if (!a) throw new ApiError("NOT_FOUND", "The device has no QoS assignment.");
    if (a.clientId !== caller.clientId) throw new ApiError("PERMISSION_DENIED", "The device's QoS assignment was made by another API client.");
    return a;
  }

  private async settle(assignmentId: string, unavailable: boolean): Promise<void> {
    const a = await this.deps.store.get<Assignment>(ASSIGNMENTS, assignmentId);
    if (!a || a.status !== "REQUESTED") return;
    if (unavailable) {
      await this.end(a, "NETWORK_TERMINATED");
    } else {
      a.status = "AVAILABLE";
      a.startedAt = this.deps.clock.now();
      await this.deps.store.put(ASSIGNMENTS, a.assignmentId, a);
    }
    await this.notify(a);
  }

  /** UNAVAILABLE with the reason, removed after the retention period. */
  private async end(a: Assignment, reason: StatusInfo): Promise<void> {
    a.status = "UNAVAILABLE";
    a.statusInfo = reason;
    await this.deps.store.put(ASSIGNMENTS, a.assignmentId, a);
    const retention = this.deps.data().operator.qodRetentionSeconds * 1000;
    await this.deps.clock.schedule(this.deps.clock.now() + retention, FORGET, { assignmentId: a.assignmentId });
  }

  private async remove(a: Assignment): Promise<void> {
    await this.deps.store.delete(ASSIGNMENTS, a.assignmentId);
    await this.deps.store.indexRemove(BY_SUBSCRIBER, a.subscriberId, a.assignmentId);
  }

  /**
   * The status-changed event. The official EventStatusChanged names the property `status` but lists
   * `qosStatus` as required: both are sent, with the same value, so the event satisfies the schema
   * and the test definitions' `$.data.status`.
   */
  private async notify(a: Assignment): Promise<void> {
    if (!a.sink) return;
    const data: Record<string, unknown> = { assignmentId: a.assignmentId, status: a.status, qosStatus: a.status };
    if (a.statusInfo) data.statusInfo = a.statusInfo;
    const event = this.deps.notifier.event(EVENT_TYPE, `${a.origin}${BASE_PATH}/qos-assignments/${a.assignmentId}`, data);
    await this.deps.notifier.send(a.sink, a.sinkCredential, event);
  }
}

/** The AssignmentInfo body: times as RFC 3339, the sink credential's secrets never returned. */
export function toAssignmentInfo(a: Assignment): Record<string, unknown> {
  const info: Record<string, unknown> = { assignmentId: a.assignmentId, qosProfile: a.qosProfile, status: a.status };
  if (a.device) info.device = a.device;
  if (a.sink) info.sink = a.sink;
  if (a.startedAt !== undefined) info.startedAt = new Date(a.startedAt).toISOString();
  if (a.statusInfo) info.statusInfo = a.statusInfo;
  return info;
}
