/** Quality on Demand 1.1.0 operations bound to the session state machine. */
import type { HandlerSet } from "../handler.ts";
import type { Device } from "../../core/testdata.ts";
import { type Caller, type CreateSessionBody, QodSessions, type QodDeps, checkApplicable, toSessionInfo } from "../shared/qod-sessions.ts";

export function qualityOnDemandHandlers(deps: QodDeps): HandlerSet {
  const sessions = new QodSessions(deps);
  const caller = (c: { clientId: string; subscriberId?: string }): Caller => ({
    clientId: c.clientId,
    subscriberId: c.subscriberId,
  });
  return {
    async createSession({ input, claims, identify, origin }) {
      const body = input.body as CreateSessionBody;
      const subject = identify(body.device)!;
      const session = await sessions.create(caller(claims), subject, body, origin);
      return { status: 201, body: toSessionInfo(session) };
    },
    async getSession({ input, claims }) {
      return { status: 200, body: toSessionInfo(await sessions.get(caller(claims), input.params.sessionId)) };
    },
    async deleteSession({ input, claims }) {
      await sessions.delete(caller(claims), input.params.sessionId);
      return { status: 204 };
    },
    async extendQosSessionDuration({ input, claims }) {
      const { requestedAdditionalDuration } = input.body as { requestedAdditionalDuration: number };
      const session = await sessions.extend(caller(claims), input.params.sessionId, requestedAdditionalDuration);
      return { status: 200, body: toSessionInfo(session) };
    },
    async retrieveSessionsByDevice({ input, claims, identify }) {
      const subject = identify((input.body as { device?: Device }).device)!;
      checkApplicable(subject);
      const list = await sessions.listForSubject(caller(claims), subject.subscriber.id);
      return { status: 200, body: list.map(toSessionInfo) };
    },
  };
}
