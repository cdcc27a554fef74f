/**
 * Preconditions that need a resource on the target ("an existing QoS session created by operation
 * createSession", "... with qosStatus AVAILABLE", "a QoD session already exists for that device"):
 * the API's create operation is found in the spec, called with a valid body for the subject, and
 * its answer kept for the steps that compare with "the value provided for createSession". Each one
 * is deleted at the end of the scenario. Waiting for a status advances the target's clock where it
 * exposes one, else polls in real time.
 */
import { randomUUID } from "node:crypto";
import { MAX_WAIT_STEPS, waitForState } from "../target/clock.ts";
import { awaitEvents } from "../target/sink.ts";
import type { TestSubscriber } from "../target/target.ts";
import type { OperationSpec } from "../openapi/operations.ts";
import { accessTokenCredential, defaultBody, requiresSink } from "../target/default-body.ts";
import { getValue } from "./json-path.ts";
import { fail, show, skip } from "./outcome.ts";
import { deleteResource, scopesOf, sendAsGiven } from "./send.ts";
import type { CreatedResource, World } from "./world.ts";

export interface CreateOptions {
  subscriber?: TestSubscriber;
  /** give the runner's sink and an ACCESSTOKEN sinkCredential */
  sink?: boolean;
  /** wait until the status property is one of these ("known" = anything but REQUESTED) */
  waitFor?: string[] | "known";
  /** also wait for this many notifications at the sink */
  events?: number;
  /** changes to the default body (subscriptionMaxEvents, subscriptionExpireTime...) */
  patch?: (body: Record<string, unknown>) => void;
}

const STATUS_PROPERTIES = ["qosStatus", "status"];

/** How far the target's virtual clock may be from what a step computes, ms (timestamps of answers). */
export const FEATURE_CLOCK_TOLERANCE_MS = 2000;

/** Scopes to create, read and delete the API's resources: the precondition's token does all three. */
export function lifecycleScopes(world: World, create: OperationSpec): string[] {
  const ops = [create, world.runtime.specs.itemOperation(create, "GET"), world.runtime.specs.itemOperation(create, "DELETE")];
  return [...new Set(ops.flatMap((o) => (o ? scopesOf(o) : [])))];
}

export async function createResource(world: World, options: CreateOptions): Promise<CreatedResource> {
  const api = world.api;
  if (!api) throw new Error("no resource named by the scenario (the resource step is missing)");
  const create = world.runtime.specs.createOperation(api, world.resource?.path);
  if (!create) skip(`${api} has no operation that creates resources`);
  const subscriber = options.subscriber ?? world.subject.subscriber ?? world.subscriber();
  const sinkUrl = requiresSink(create) && world.target.sink ? world.ensureSink().url : undefined;
  const body = defaultBody({ op: create, target: world.target, subject: subscriber, identifierInBody: true, sinkUrl }) as Record<string, unknown>;
  options.patch?.(body);
  let sinkToken: string | undefined;
  if (options.sink) {
    sinkToken = `harness-sink-${randomUUID()}`;
    body.sink = world.ensureSink().url;
    body.sinkCredential = accessTokenCredential(sinkToken);
  }
  const token = await world.runtime.tokens.get({ scopes: lifecycleScopes(world, create) });
  const answer = await sendAsGiven(world, create, { token, body, path: `${create.basePath}${create.path}` });
  if (answer.status !== 201) {
    fail(`precondition: ${create.operationId} for ${subscriber.phoneNumber} answered ${answer.status}`, "201", `${answer.status} ${answer.text.slice(0, 200)}`);
  }
  const del = world.runtime.specs.itemOperation(create, "DELETE");
  const param = del?.path.match(/\{([^}]+)\}$/)?.[1] ?? "id";
  const created = answer.body as Record<string, unknown>;
  const id = String(created[param] ?? created.id ?? "");
  if (!id) fail(`precondition: ${create.operationId} answered no ${param}`, param, answer.text.slice(0, 200));
  if (del) world.cleanups.push(() => deleteResource(world, del, id, token));
  const resource: CreatedResource = { create, body, created, id, token, subscriber, sinkToken };
  world.resourceCreated = resource;
  if (options.waitFor) resource.created = await waitForStatus(world, resource, options.waitFor);
  if (options.events) await waitForEvents(world, options.events);
  return resource;
}

function statusOf(obj: unknown): string | undefined {
  for (const p of STATUS_PROPERTIES) {
    const v = getValue(obj, `$.${p}`);
    if (typeof v === "string") return v;
  }
  return undefined;
}

/** Reads the resource until its status is wanted, moving the target's clock one second between reads. */
export async function waitForStatus(world: World, resource: CreatedResource, wanted: string[] | "known"): Promise<Record<string, unknown>> {
  const get = world.runtime.specs.itemOperation(resource.create, "GET");
  const ok = (s: string | undefined) => (wanted === "known" ? s !== undefined && s !== "REQUESTED" : wanted.includes(s ?? ""));
  if (ok(statusOf(resource.created))) return resource.created;
  if (!get) skip(`${resource.create.api} has no operation to read a created resource`);
  const path = `${get.basePath}${get.path.replace(/\{[^}]+\}$/, encodeURIComponent(resource.id))}`;
  const { value, reached } = await waitForState<unknown>({
    target: world.target,
    // the first value is the created resource as answered; then one read per second of the target's clock
    steps: MAX_WAIT_STEPS + 1,
    read: async (step) => {
      if (step === 0) return resource.created;
      const answer = await sendAsGiven(world, get, { token: resource.token, path });
      if (answer.status !== 200) fail(`precondition: ${get.operationId} of the created resource answered ${answer.status}`, "200", answer.text.slice(0, 200));
      return answer.body;
    },
    done: (body) => ok(statusOf(body)),
  });
  if (reached) return value as Record<string, unknown>;
  return fail(
    `precondition: the resource did not reach ${wanted === "known" ? "a known status" : wanted.join(" or ")} within ${MAX_WAIT_STEPS} s`,
    wanted === "known" ? "not REQUESTED" : wanted.join(" or "),
    show(value),
  );
}

/** Waits (up to the run's timeout, --timeout) until the sink holds at least `count` notifications. */
export async function waitForEvents(world: World, count: number): Promise<void> {
  if (world.sink) await awaitEvents(world.sink, (events) => events.length >= count);
}
