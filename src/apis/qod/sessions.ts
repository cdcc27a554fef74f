/**
 * QoD v0.10.1 sessions: an adapter over the shared QodSessions state machine (same lifecycle, store
 * and clock as 1.x), adding what v0 needs and 1.x does not keep:
 *   - the creation instant of each session (v0 requires startedAt / expiresAt while REQUESTED), kept
 *     in its own collection and swept once the shared session is gone;
 *   - v0's duration rules (limits.ts): the state machine sees the catalogue without duration limits,
 *     so that the adapter alone applies them (400 OUT_OF_RANGE; extension capped on remaining time,
 *     not on the profile's maxDuration);
 *   - sessions belong to the API client only: v0 has no link between token and device, so a
 *     3-legged token may create and then read a session for a device other than its subscriber's;
 *   - official v0.10.1 createSession text: a session the network terminated must be deleted by its
 *     client before that client may create another one for the device (409 CONFLICT);
 *   - extending a session that is not AVAILABLE is 400 INVALID_ARGUMENT (v0 has no 409 there).
 */
import { ApiError } from "../../core/errors.ts";
import type { Identified } from "../handler.ts";
import type { TestData } from "../../core/testdata.ts";
import { profileForNewSession } from "../shared/qos-catalogue.ts";
import { type Caller, type QodDeps, QodSessions, checkApplicable } from "../shared/qod-sessions.ts";
import { checkPorts, grantedExtension, sessionDuration } from "./limits.ts";
import { type CreateSessionV0, QOD_V0, toSessionBody, toSessionInfoV0 } from "./wire.ts";

const RECORDS = "qod-v0.sessions";
const SWEEP = "qod-v0:sweep";

interface V0Record {
  clientId: string;
  /** ms, virtual clock */
  createdAt: number;
}

/** The test data as the shared state machine sees it: profiles without duration limits. */
function withoutDurationLimits(data: TestData): TestData {
  return { ...data, qosProfiles: data.qosProfiles.map(({ minDuration: _min, maxDuration: _max, ...rest }) => rest) };
}

const isNotFound = (e: unknown): boolean => e instanceof ApiError && e.code === "NOT_FOUND";

export class QodV0Sessions {
  private readonly sessions: QodSessions;

  constructor(private readonly deps: QodDeps) {
    this.sessions = new QodSessions({ ...deps, data: () => withoutDurationLimits(deps.data()), flavour: QOD_V0 });
    deps.clock.define(SWEEP, (args) => this.sweep(String(args.sessionId)));
  }

  async create(clientId: string, subject: Identified, body: CreateSessionV0, origin: string): Promise<Record<string, unknown>> {
    const caller: Caller = { clientId };
    checkPorts(body);
    // the state machine's own order: profile, duration, applicability, conflict
    const profile = profileForNewSession(this.deps.data(), body.qosProfile, QOD_V0.profileNotApplicable, subject.subscriber.id);
    const duration = sessionDuration(profile, body.duration);
    checkApplicable(subject);
    for (const other of await this.sessions.listForSubject(caller, subject.subscriber.id)) {
      if (other.qosStatus === "UNAVAILABLE" && other.statusInfo === "NETWORK_TERMINATED") {
        throw new ApiError(
          "CONFLICT",
          `Session ${other.sessionId} of this device was terminated by the network; delete it before creating another.`,
        );
      }
    }
    const createdAt = this.deps.clock.now();
    const session = await this.sessions.create(caller, subject, toSessionBody(body, duration), origin);
    await this.deps.store.put<V0Record>(RECORDS, session.sessionId, { clientId, createdAt });
    await this.scheduleSweep(session.sessionId, createdAt + (session.duration + this.settleSeconds()) * 1000);
    return toSessionInfoV0(session, createdAt);
  }

  async get(clientId: string, sessionId: string): Promise<Record<string, unknown>> {
    const session = await this.sessions.get({ clientId }, sessionId).catch((e) => this.forgetIfGone(sessionId, e));
    const record = await this.deps.store.get<V0Record>(RECORDS, sessionId);
    return toSessionInfoV0(session, record?.createdAt ?? session.startedAt ?? this.deps.clock.now());
  }

  async delete(clientId: string, sessionId: string): Promise<void> {
    await this.sessions.delete({ clientId }, sessionId).catch((e) => this.forgetIfGone(sessionId, e));
    await this.deps.store.delete(RECORDS, sessionId);
  }

  async extend(clientId: string, sessionId: string, requested: number): Promise<Record<string, unknown>> {
    const current = await this.sessions.get({ clientId }, sessionId).catch((e) => this.forgetIfGone(sessionId, e));
    if (current.qosStatus !== "AVAILABLE") {
      throw new ApiError("INVALID_ARGUMENT", `The target session is inactive: only an AVAILABLE session can be extended (it is ${current.qosStatus}).`);
    }
    const granted = grantedExtension(current.expiresAt!, this.deps.clock.now(), requested);
    const session = await this.sessions.extend({ clientId }, sessionId, granted);
    const record = await this.deps.store.get<V0Record>(RECORDS, sessionId);
    return toSessionInfoV0(session, record?.createdAt ?? session.startedAt!);
  }

  private settleSeconds(): number {
    const operator = this.deps.data().operator;
    return operator.qodActivationSeconds + operator.qodRetentionSeconds;
  }

  private async forgetIfGone(sessionId: string, error: unknown): Promise<never> {
    if (isNotFound(error)) await this.deps.store.delete(RECORDS, sessionId);
    throw error;
  }

  /** Drops the record once the shared session is gone (retention over); checks again later if not. */
  private async scheduleSweep(sessionId: string, at: number): Promise<void> {
    await this.deps.clock.schedule(at, SWEEP, { sessionId });
  }

  private async sweep(sessionId: string): Promise<void> {
    const record = await this.deps.store.get<V0Record>(RECORDS, sessionId);
    if (!record) return;
    try {
      await this.sessions.get({ clientId: record.clientId }, sessionId);
      await this.scheduleSweep(sessionId, this.deps.clock.now() + Math.max(this.settleSeconds(), 1) * 1000);
    } catch (error) {
      if (isNotFound(error)) await this.deps.store.delete(RECORDS, sessionId);
      else throw error;
    }
  }
}
