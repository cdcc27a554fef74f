/**
 * Quality on Demand 1.1.0 sessions as a state machine over the store and the virtual clock.
 *   create -> REQUESTED -> (after qodActivationSeconds) AVAILABLE -> (duration) UNAVAILABLE/DURATION_EXPIRED
 *   a subscriber with trait qod-unavailable goes REQUESTED -> UNAVAILABLE/NETWORK_TERMINATED
 *   delete of an AVAILABLE session notifies UNAVAILABLE/DELETE_REQUESTED
 * UNAVAILABLE sessions stay readable for qodRetentionSeconds (QoD 1.1.0: at least 360 s) and are then removed.
 * No HTTP types here: callers pass the caller identity, the identified subject and the request body.
 */
import { checkSinkCredential } from "./sink-credential.ts";
import { randomUUID } from "node:crypto";
import type { Scheduler, TaskArgs } from "../../core/clock.ts";
import { ApiError } from "../../core/errors.ts";
import type { Identified } from "../handler.ts";
import type { Notifier, SinkCredential } from "../../core/notifications.ts";
import type { Store } from "../../core/store.ts";
import type { Device, TestData } from "../../core/testdata.ts";
import { durationSeconds, findProfile, profileForNewSession } from "./qos-catalogue.ts";

export const EVENT_TYPE = "org.camaraproject.quality-on-demand.v1.qos-status-changed";
const SESSIONS = "qod.sessions";
const BY_SUBSCRIBER = "qod.sessions.by-subscriber";

export type QosStatus = "REQUESTED" | "AVAILABLE" | "UNAVAILABLE";
export type StatusInfo = "DURATION_EXPIRED" | "NETWORK_TERMINATED" | "DELETE_REQUESTED";

export interface Caller {
  clientId: string;
  /** set for 3-legged tokens */
  subscriberId?: string;
}

export interface Session {
  sessionId: string;
  clientId: string;
  subscriberId: string;
  device?: Device;
  applicationServer: Record<string, unknown>;
  devicePorts?: unknown;
  applicationServerPorts?: unknown;
  qosProfile: string;
  sink?: string;
  sinkCredential?: SinkCredential;
  /** seconds: requested, then granted overall, then effective */
  duration: number;
  qosStatus: QosStatus;
  statusInfo?: StatusInfo;
  startedAt?: number;
  expiresAt?: number;
  /** origin of the creating request, for the CloudEvent source */
  origin: string;
}

export interface CreateSessionBody {
  device?: Device;
  applicationServer: Record<string, unknown>;
  devicePorts?: unknown;
  applicationServerPorts?: unknown;
  qosProfile: string;
  sink?: string;
  sinkCredential?: SinkCredential;
  duration: number;
}

/** What differs between the QoD versions this state machine serves. */
export interface QodFlavour {
  /** CloudEvent type of status changes */
  eventType: string;
  /** base path, for the CloudEvent source */
  basePath: string;
  /** a profile that exists but is not ACTIVE: 1.1.0 has a dedicated 422; older versions a plain 400 */
  profileNotApplicable: "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE" | "INVALID_ARGUMENT";
}

export const QOD_1_1_0: QodFlavour = {
  eventType: EVENT_TYPE,
  basePath: "/quality-on-demand/v1",
  profileNotApplicable: "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE",
};

export interface QodDeps {
  store: Store;
  clock: Scheduler;
  notifier: Notifier;
  data: () => TestData;
  flavour?: QodFlavour;
}

const isActive = (s: Session) => s.qosStatus === "REQUESTED" || s.qosStatus === "AVAILABLE";

export function checkApplicable(subject: Identified): void {
  if (subject.subscriber.traits?.includes("qod-not-applicable")) {
    throw new ApiError("SERVICE_NOT_APPLICABLE", "Quality on Demand is not offered for this device.");
  }
}

export class QodSessions {
  private readonly flavour: QodFlavour;

  /** task kinds, one set per flavour (its base path) */
  private readonly task: { settle: string; expire: string; forget: string };

  constructor(private readonly deps: QodDeps) {
    this.flavour = deps.flavour ?? QOD_1_1_0;
    const k = `qod${this.flavour.basePath}`;
    this.task = { settle: `${k}:settle`, expire: `${k}:expire`, forget: `${k}:forget` };
    const id = (args: TaskArgs) => String(args.sessionId);
    deps.clock.define(this.task.settle, (args) =>
      args.unavailable ? this.terminate(id(args), "NETWORK_TERMINATED") : this.activate(id(args)),
    );
    deps.clock.define(this.task.expire, async (args) => {
      const current = await this.deps.store.get<Session>(SESSIONS, id(args));
      // an extension moved expiresAt: this task is stale
      if (!current || current.qosStatus !== "AVAILABLE" || current.expiresAt! > this.deps.clock.now()) return;
      await this.terminate(current.sessionId, "DURATION_EXPIRED");
    });
    deps.clock.define(this.task.forget, async (args) => {
      const current = await this.deps.store.get<Session>(SESSIONS, id(args));
      if (current) await this.remove(current);
    });
  }

  async create(caller: Caller, subject: Identified, body: CreateSessionBody, origin: string): Promise<Session> {
    const data = this.deps.data();
    checkSinkCredential(body.sinkCredential);
    const profile = profileForNewSession(data, body.qosProfile, this.flavour.profileNotApplicable, subject.subscriber.id);
    const min = durationSeconds(profile.minDuration);
    const max = durationSeconds(profile.maxDuration);
    if ((min !== undefined && body.duration < min) || (max !== undefined && body.duration > max)) {
      // official test createSession 400.9 expects INVALID_ARGUMENT (not DURATION_OUT_OF_RANGE)
      throw new ApiError(
        "INVALID_ARGUMENT",
        `duration ${body.duration} s is outside ${profile.name}'s range [${min ?? 1}, ${max ?? "unbounded"}] s`,
      );
    }
    checkApplicable(subject);
    const mine = this.sessionsOf(subject.subscriber.id);
    for (const other of mine instanceof Promise ? await mine : mine) {
      if (isActive(other)) {
        // the id only to its owner: another client must not learn a session it cannot see
        const which = other.clientId === caller.clientId ? ` (${other.sessionId})` : "";
        throw new ApiError("CONFLICT", `An active session${which} already exists for this device.`);
      }
    }
    const session: Session = {
      sessionId: randomUUID(),
      clientId: caller.clientId,
      subscriberId: subject.subscriber.id,
      device: subject.deviceResponse,
      applicationServer: body.applicationServer,
      devicePorts: body.devicePorts,
      applicationServerPorts: body.applicationServerPorts,
      qosProfile: profile.name,
      sink: body.sink,
      sinkCredential: body.sinkCredential,
      duration: body.duration,
      qosStatus: "REQUESTED",
      // declared now, set later: the record keeps one shape and no extra property store
      statusInfo: undefined,
      startedAt: undefined,
      expiresAt: undefined,
      origin,
    };
    await this.save(session);
    await this.deps.store.indexAdd(BY_SUBSCRIBER, session.subscriberId, session.sessionId);
    const settleAt = this.deps.clock.now() + data.operator.qodActivationSeconds * 1000;
    const unavailable = subject.subscriber.traits?.includes("qod-unavailable") ?? false;
    await this.deps.clock.schedule(settleAt, this.task.settle, { sessionId: session.sessionId, unavailable });
    return session;
  }

  /** The session, if the caller may see it: another client's (or subscriber's) session -> 403. */
  async get(caller: Caller, sessionId: string): Promise<Session> {
    const session = await this.deps.store.get<Session>(SESSIONS, sessionId);
    if (!session) throw new ApiError("NOT_FOUND", `No session with id ${sessionId}.`);
    if (session.clientId !== caller.clientId || (caller.subscriberId && caller.subscriberId !== session.subscriberId)) {
      throw new ApiError("PERMISSION_DENIED", "The session belongs to another API client or subscriber.");
    }
    return session;
  }

  async delete(caller: Caller, sessionId: string): Promise<void> {
    const session = await this.get(caller, sessionId);
    await this.remove(session);
    if (session.qosStatus === "AVAILABLE") {
      await this.notify({ ...session, qosStatus: "UNAVAILABLE", statusInfo: "DELETE_REQUESTED" });
    }
  }

  async extend(caller: Caller, sessionId: string, additional: number): Promise<Session> {
    const session = await this.get(caller, sessionId);
    if (session.qosStatus !== "AVAILABLE") {
      throw new ApiError(
        "QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED",
        `Extending the session is not allowed in the current state (${session.qosStatus}). The session must be AVAILABLE.`,
      );
    }
    const profile = findProfile(this.deps.data(), session.qosProfile);
    const max = durationSeconds(profile?.maxDuration) ?? Number.MAX_SAFE_INTEGER;
    session.duration = Math.min(session.duration + additional, max);
    session.expiresAt = session.startedAt! + session.duration * 1000;
    await this.save(session);
    await this.scheduleExpiry(session);
    return session;
  }

  async listForSubject(caller: Caller, subscriberId: string): Promise<Session[]> {
    return (await this.sessionsOf(subscriberId)).filter((s) => s.clientId === caller.clientId);
  }

  /** The sessions of a subscriber; at once (no promise) from a store in this process: every create asks. */
  private sessionsOf(subscriberId: string): Session[] | Promise<Session[]> {
    const { store } = this.deps;
    if (!store.peek || !store.peekIndex) return this.sessionsOfLater(subscriberId);
    const out: Session[] = [];
    for (const id of store.peekIndex(BY_SUBSCRIBER, subscriberId) ?? []) {
      const s = store.peek<Session>(SESSIONS, id);
      if (s) out.push(s);
    }
    return out;
  }

  private async sessionsOfLater(subscriberId: string): Promise<Session[]> {
    const { store } = this.deps;
    const out: Session[] = [];
    for (const id of await store.indexGet(BY_SUBSCRIBER, subscriberId)) {
      const s = await store.get<Session>(SESSIONS, id);
      if (s) out.push(s);
    }
    return out;
  }

  private async activate(sessionId: string): Promise<void> {
    const session = await this.deps.store.get<Session>(SESSIONS, sessionId);
    if (!session || session.qosStatus !== "REQUESTED") return;
    session.qosStatus = "AVAILABLE";
    session.startedAt = this.deps.clock.now();
    session.expiresAt = session.startedAt + session.duration * 1000;
    await this.save(session);
    await this.scheduleExpiry(session);
    await this.notify(session);
  }

  private async scheduleExpiry(session: Session): Promise<void> {
    await this.deps.clock.schedule(session.expiresAt!, this.task.expire, { sessionId: session.sessionId });
  }

  private async terminate(sessionId: string, reason: StatusInfo): Promise<void> {
    const session = await this.deps.store.get<Session>(SESSIONS, sessionId);
    if (!session || session.qosStatus === "UNAVAILABLE") return;
    const now = this.deps.clock.now();
    session.qosStatus = "UNAVAILABLE";
    session.statusInfo = reason;
    // expiresAt of an UNAVAILABLE session is its termination instant (QoD 1.1.0 SessionInfo)
    session.expiresAt = now;
    if (session.startedAt !== undefined) session.duration = Math.round((now - session.startedAt) / 1000);
    await this.save(session);
    const retention = this.deps.data().operator.qodRetentionSeconds * 1000;
    await this.deps.clock.schedule(now + retention, this.task.forget, { sessionId });
    await this.notify(session);
  }

  private save(session: Session): Promise<void> {
    return this.deps.store.put(SESSIONS, session.sessionId, session);
  }

  private async remove(session: Session): Promise<void> {
    await this.deps.store.delete(SESSIONS, session.sessionId);
    await this.deps.store.indexRemove(BY_SUBSCRIBER, session.subscriberId, session.sessionId);
  }

  private async notify(session: Session): Promise<void> {
    if (!session.sink) return;
    const data: Record<string, unknown> = { sessionId: session.sessionId, qosStatus: session.qosStatus };
    if (session.statusInfo) data.statusInfo = session.statusInfo;
    const source = `${session.origin}${this.flavour.basePath}/sessions/${session.sessionId}`;
    const event = this.deps.notifier.event(this.flavour.eventType, source, data);
    await this.deps.notifier.send(session.sink, session.sinkCredential, event);
  }
}

/** The SessionInfo body of the API: times as RFC 3339, secrets of sinkCredential never returned. */
export function toSessionInfo(s: Session): Record<string, unknown> {
  const info: Record<string, unknown> = {
    sessionId: s.sessionId,
    applicationServer: s.applicationServer,
    qosProfile: s.qosProfile,
    duration: s.duration,
    qosStatus: s.qosStatus,
  };
  if (s.device) info.device = s.device;
  if (s.devicePorts !== undefined) info.devicePorts = s.devicePorts;
  if (s.applicationServerPorts !== undefined) info.applicationServerPorts = s.applicationServerPorts;
  if (s.sink) info.sink = s.sink;
  if (s.startedAt !== undefined) info.startedAt = new Date(s.startedAt).toISOString();
  if (s.expiresAt !== undefined) info.expiresAt = new Date(s.expiresAt).toISOString();
  if (s.statusInfo) info.statusInfo = s.statusInfo;
  return info;
}
