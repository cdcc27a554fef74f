/**
 * What the qos-provisioning scenarios share: a typed client on the target (recording every exchange),
 * tokens, a well-formed assignment body, and creation with its cleanup registered.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { createQosProvisioningClient, type components } from "../../generated/qos-provisioning/0.3.0/client.ts";
import { apiRootFor, type TestSubscriber } from "../../src/target/target.ts";
import { apiScenario } from "../support/official.ts";
import type { ScenarioContext } from "../support/context.ts";

export type AssignmentInfo = components["schemas"]["AssignmentInfo"];
export type CreateAssignment = components["schemas"]["CreateAssignment"];
export const QP = { api: "qos-provisioning", version: "0.3.0" } as const;
export const qp = (operationId: string) => apiScenario(QP.api, QP.version, operationId);
export const SCOPES = [
  "qos-provisioning:qos-assignments:create",
  "qos-provisioning:qos-assignments:read",
  "qos-provisioning:qos-assignments:delete",
  "qos-provisioning:qos-assignments:read-by-device",
];

export function client(t: ScenarioContext) {
  return createQosProvisioningClient(apiRootFor(t.target, QP.api), { fetch: t.fetch });
}

export function token(t: ScenarioContext, options: { secondary?: boolean; subscriber?: TestSubscriber } = {}): Promise<string> {
  if (options.secondary) t.require(t.target.auth.secondary, "the target configuration names no second API client");
  return t.token({ scopes: SCOPES, ...options });
}

export function activeProfile(t: ScenarioContext): string {
  const p = t.target.qosProfiles.active;
  t.require(p, "the target configuration names no ACTIVE QoS profile (qosProfiles.active)");
  return p;
}

export function body(t: ScenarioContext, s: TestSubscriber, extra: Partial<CreateAssignment> = {}): CreateAssignment {
  return { device: { phoneNumber: s.phoneNumber }, qosProfile: activeProfile(t), ...extra };
}

/** Revokes quietly (cleanup is best effort). */
export async function revokeQuietly(t: ScenarioContext, assignmentId: string, bearer: string): Promise<void> {
  await client(t).DELETE("/qos-assignments/{assignmentId}", { params: { path: { assignmentId } }, headers: await t.headers(bearer) });
}

/** POST /qos-assignments; a 201 is revoked twice at the end (the second removes the revoked record). */
export async function create(t: ScenarioContext, payload: CreateAssignment, bearer: string) {
  const answer = await client(t).POST("/qos-assignments", { body: payload, headers: await t.headers(bearer) });
  const id = answer.response.status === 201 ? answer.data?.assignmentId : undefined;
  if (id) t.cleanup(async () => {
    await revokeQuietly(t, id, bearer);
    await revokeQuietly(t, id, bearer);
  });
  return answer;
}

/** An assignment the scenario needs as a precondition (201 expected). */
export async function newAssignment(t: ScenarioContext, s: TestSubscriber, bearer: string, extra: Partial<CreateAssignment> = {}): Promise<AssignmentInfo> {
  const answer = await create(t, body(t, s, extra), bearer);
  expect(answer.response.status, `precondition: createQosAssignment answers 201 (got ${JSON.stringify(answer.error ?? "")})`).toBe(201);
  return answer.data!;
}

export async function read(t: ScenarioContext, assignmentId: string, bearer: string) {
  return client(t).GET("/qos-assignments/{assignmentId}", { params: { path: { assignmentId } }, headers: await t.headers(bearer) });
}

/** Reads until the status is one of `wanted`, advancing the target's clock one second a step (30 at most). */
export async function waitFor(t: ScenarioContext, assignmentId: string, bearer: string, wanted: string[]): Promise<AssignmentInfo> {
  let last: string | undefined;
  for (let step = 0; step < 30; step++) {
    const { data, response } = await read(t, assignmentId, bearer);
    expect(response.status, `getQosAssignmentById while waiting for ${wanted.join(" or ")}`).toBe(200);
    last = data!.status;
    if (wanted.includes(last)) return data!;
    if (t.target.clockUrl) await t.advanceClock(1);
    else await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return expect.fail(`assignment ${assignmentId} did not reach ${wanted.join(" or ")} within 30 s (last status ${last})`);
}

export const sinkToken = (): string => `qp-sink-${randomUUID()}`;

export function credential(accessToken: string): components["schemas"]["AccessTokenCredential"] {
  return { credentialType: "ACCESSTOKEN", accessToken, accessTokenType: "bearer", accessTokenExpiresUtc: new Date(Date.now() + 86_400_000).toISOString() };
}
