/** QoD v0.10.1 (pre-meta, `/qod/v0`) operations: sessions over the shared state machine, and profiles. */
import type { HandlerSet } from "../handler.ts";
import type { QosProfile } from "../../core/testdata.ts";
import type { QodDeps } from "../shared/qod-sessions.ts";
import { getProfileV0, listProfilesV0 } from "./profiles.ts";
import { QodV0Sessions } from "./sessions.ts";
import type { CreateSessionV0 } from "./wire.ts";

export function qodV0Handlers(deps: QodDeps): HandlerSet {
  const sessions = new QodV0Sessions(deps);
  return {
    async createSession({ input, claims, identify, origin }) {
      const body = input.body as CreateSessionV0;
      // pre-meta rules: the device in the body is the subject, whatever the token (400 when unknown)
      const subject = identify(body.device)!;
      return { status: 201, body: await sessions.create(claims.clientId, subject, body, origin) };
    },
    async getSession({ input, claims }) {
      return { status: 200, body: await sessions.get(claims.clientId, input.params.sessionId) };
    },
    async deleteSession({ input, claims }) {
      await sessions.delete(claims.clientId, input.params.sessionId);
      return { status: 204 };
    },
    async extendQosSessionDuration({ input, claims }) {
      const { requestedAdditionalDuration } = input.body as { requestedAdditionalDuration: number };
      return { status: 200, body: await sessions.extend(claims.clientId, input.params.sessionId, requestedAdditionalDuration) };
    },
    async getQosProfiles({ input }) {
      const filter = { name: input.query.name as string | undefined, status: input.query.status as QosProfile["status"] | undefined };
      return { status: 200, body: listProfilesV0(deps.data(), filter) };
    },
    async getQosProfile({ input }) {
      return { status: 200, body: getProfileV0(deps.data(), input.params.name) };
    },
  };
}
