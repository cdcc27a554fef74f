/** QoS Provisioning 0.3.0 operations bound to the assignment state machine. */
import type { Device } from "../../core/testdata.ts";
import type { HandlerSet } from "../handler.ts";
import type { ModuleDeps } from "../module.ts";
import { Assignments, type Caller, checkApplicable, type CreateAssignmentBody, toAssignmentInfo } from "./assignments.ts";

const caller = (c: { clientId: string; subscriberId?: string }): Caller => ({ clientId: c.clientId, subscriberId: c.subscriberId });

export function qosProvisioningHandlers(deps: ModuleDeps): HandlerSet {
  const assignments = new Assignments(deps);
  return {
    async createQosAssignment({ input, claims, identify, origin }) {
      const body = input.body as CreateAssignmentBody;
      const subject = identify(body.device)!;
      return { status: 201, body: toAssignmentInfo(await assignments.create(caller(claims), subject, body, origin)) };
    },
    async getQosAssignmentById({ input, claims }) {
      return { status: 200, body: toAssignmentInfo(await assignments.get(caller(claims), input.params.assignmentId)) };
    },
    async revokeQosAssignment({ input, claims }) {
      await assignments.revoke(caller(claims), input.params.assignmentId);
      return { status: 204 };
    },
    async getQosAssignmentByDevice({ input, claims, identify }) {
      const subject = identify((input.body as { device?: Device }).device)!;
      checkApplicable(subject);
      return { status: 200, body: toAssignmentInfo(await assignments.forSubject(caller(claims), subject.subscriber.id)) };
    },
  };
}
