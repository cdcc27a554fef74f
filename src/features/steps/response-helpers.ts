/**
 * What the response assertions share: reading a property of the answer, the values "provided" in a
 * request (the scenario's own, or the create request of "that QoS session"), comparing an echoed
 * device (a DeviceResponse may carry one of the identifiers sent), and whether the spec documents a
 * status, a code or a body for the operation (an expectation the spec does not document is a
 * contradiction of the test definition, not a failure of the target).
 */
import { isDeepStrictEqual } from "node:util";
import type { OperationSpec } from "../../openapi/operations.ts";
import { getAll, isObject, normalisePath } from "../json-path.ts";
import type { World } from "../world.ts";

/** "the response property \"<path>\"" in a step pattern */
export const RP = String.raw`the response property "([^"]+)"`;

export function responseValues(world: World, path: string): unknown[] {
  return getAll(world.received().body, normalisePath(path));
}

export interface Provided {
  present: boolean;
  value?: unknown;
  where: string;
}

/**
 * The value of `path` as given in a request: `source` "request" is the scenario's own request body,
 * falling back to the create request of the resource it works on; an operationId names that request.
 */
export function provided(world: World, path: string, source: string): Provided {
  const p = normalisePath(path);
  const sent = world.response?.sent.body;
  const created = world.resourceCreated;
  const candidates: { body: unknown; where: string }[] = [];
  const ownIsCreate = world.response && (source === "request" || world.response.op.operationId === source);
  if (ownIsCreate) candidates.push({ body: sent, where: `the ${world.response!.op.operationId} request` });
  if (created) candidates.push({ body: created.body, where: `the ${created.create.operationId} request` });
  if (source === "request" && !ownIsCreate && world.response) candidates.push({ body: sent, where: "the request" });
  for (const c of candidates) {
    const values = getAll(c.body, p);
    if (values.length > 0) return { present: true, value: values[0], where: c.where };
  }
  return { present: false, where: candidates[0]?.where ?? "the request" };
}

/** Equal, or for a device: the answer holds only identifiers that were sent, with the same values. */
export function sameValue(path: string, answered: unknown, sent: unknown): boolean {
  if (isDeepStrictEqual(answered, sent)) return true;
  if (/device$/i.test(path) && isObject(answered) && isObject(sent)) {
    const keys = Object.keys(answered);
    return keys.length > 0 && keys.every((k) => isDeepStrictEqual(answered[k], sent[k]));
  }
  return false;
}

export function documentsStatus(op: OperationSpec, status: number): boolean {
  const r = op.responses;
  return Boolean(r[String(status)] ?? r[`${String(status)[0]}XX`] ?? r.default);
}

/** Whether the spec gives the answer of that status no content (so no Content-Type either). */
export function hasNoContent(op: OperationSpec, status: number): boolean {
  const r = op.responses[String(status)];
  return r !== undefined && Object.keys(r.content).length === 0;
}

export function documentsCode(op: OperationSpec, status: number, code: string): boolean {
  return op.errorCodes.get(status)?.has(code) ?? false;
}

export function brief(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
