/**
 * Request sending (API-Testing-Guidelines "Request sending"): `the request "<operationId>" is sent`
 * resolves the operation in the specs of the target's release (method and path come from there),
 * `the HTTP "<METHOD>" request is sent` uses the scenario's resource path. One When per scenario is
 * the rule; several are allowed and each replaces the response the Then steps check.
 */
import { randomUUID } from "node:crypto";
import { skip } from "../outcome.ts";
import { sendRequest } from "../request.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";

async function sendOperation(world: World, operationId: string): Promise<void> {
  if (/[{}<>]/.test(operationId)) skip(`the operation "${operationId}" is a template placeholder`);
  await sendRequest(world, world.operation(operationId), { main: true });
}

/** The operation on the scenario's resource path with that method. */
export function operationByMethod(world: World, method: string) {
  const ref = world.resource;
  if (!ref) throw new Error("no resource was named before the request is sent");
  const ops = world.runtime.specs.operationsAt(ref.api, ref.path).filter((o) => o.method === method.toUpperCase());
  // older files send to the base url: the API's only operation with that method is meant
  const only = ref.path === "" ? (world.runtime.specs.api(ref.api)?.operations ?? []).filter((o) => o.method === method.toUpperCase()) : [];
  if (ops.length === 0 && only.length === 1) {
    world.note(`defect of the test definition: the ${method} request is sent to the base url ${ref.raw.trim()}; the API's only ${method} operation (${only[0].operationId}) was sent`);
    return only[0];
  }
  if (ops.length === 0) skip(`no ${method} operation at ${ref.raw} in the specs of release ${world.target.release}`);
  return ops[0];
}

export const sendingSteps: StepDef[] = [
  {
    name: "send.operation",
    concept: "send",
    patterns: [/^the request "([^"]+)" is sent$/i],
    run: (world, [operationId]) => sendOperation(world, operationId),
  },
  {
    name: "send.method",
    concept: "send",
    patterns: [/^the HTTP "([A-Z]+)" request is sent$/i],
    run: async (world, [method]) => void (await sendRequest(world, operationByMethod(world, method), { main: true })),
  },
  {
    name: "send.method-with-id",
    concept: "send",
    patterns: [/^the HTTP "([A-Z]+)" request is sent with (\w+)="id"$/i],
    async run(world, [method, param]) {
      const created = world.resourceCreated;
      if (!created) throw new Error("no subscription was created by an earlier step");
      const op = world.runtime.specs.itemOperation(created.create, method.toUpperCase() as "GET" | "DELETE");
      if (!op) skip(`no ${method} operation on a created resource`);
      world.pathParams[param] = { value: created.id };
      await sendRequest(world, op, { main: true });
    },
  },
  {
    name: "send.method-unknown-id",
    concept: "send",
    patterns: [/^the HTTP "([A-Z]+)" request is sent (?:with )?(\w+) set to non-existing subscription id$/i],
    async run(world, [method, param]) {
      const create = world.api ? world.runtime.specs.createOperation(world.api) : undefined;
      const op = create && world.runtime.specs.itemOperation(create, method.toUpperCase() as "GET" | "DELETE");
      if (!op) skip(`no ${method} operation on a resource of ${world.api}`);
      world.pathParams[param] = { value: randomUUID() };
      await sendRequest(world, op, { main: true });
    },
  },
];
