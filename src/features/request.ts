/**
 * Turning the prepared request into a real one and sending it: the token the scenario asked for (for
 * the operation's scopes), the path with its parameters (an "existing" resource is created on
 * demand), the default body with the steps' changes applied, the x-correlator. Every exchange is
 * recorded as redacted evidence; anything the request creates is deleted after the scenario.
 */
import type { Middleware } from "openapi-fetch";
import { cleanupMiddleware } from "../target/client.ts";
import type { TokenRequest } from "../target/tokens.ts";
import type { OperationSpec } from "../openapi/operations.ts";
import { foreignScope } from "../target/well-formed.ts";
import { defaultBody } from "../target/default-body.ts";
import { bodyContext, containerInit } from "./body-context.ts";
import { deleteValue, getValue, isObject, setValue } from "./json-path.ts";
import { invalidValueFor } from "./invalid-values.ts";
import { skip } from "./outcome.ts";
import { validatorFor } from "./schema-validation.ts";
import { createResource } from "./resources.ts";
import { deleteResource, scopesOf, transmit } from "./send.ts";
import type { Patch, Received, World } from "./world.ts";

export { scopesOf } from "./send.ts";

export const INVALID_TOKEN = "invalid-token.harness.not-a-jwt";

/** How the scenario's token is obtained for an operation (undefined: none, or not from the target). */
export function tokenRequestFor(world: World, op: OperationSpec): TokenRequest | undefined {
  if (!world.auth || world.auth === "invalid") return undefined;
  const threeLegged = world.via() === "token";
  const base: TokenRequest = {
    scopes: scopesOf(op),
    subscriber: threeLegged ? world.subscriber() : undefined,
    networkAuth: threeLegged && world.networkAuth ? true : undefined,
  };
  switch (world.auth) {
    case "valid":
      return base;
    case "expired":
      return { ...base, expired: true };
    case "missing-scope":
      return { ...base, scopes: [foreignScope(op, world.runtime.specs.apis())] };
    case "other-client":
      return { ...base, secondary: true };
    case "throttled":
      return { ...base, throttled: true };
    case "not-network-auth":
      if (!world.target.auth.bcAuthorizeUrl) {
        skip("a 3-legged token obtained without network-based authentication needs CIBA (configure auth.bcAuthorizeUrl)");
      }
      return { scopes: scopesOf(op), subscriber: world.subscriber() };
  }
}

/** The bearer token for the request, or undefined for none. */
export async function tokenFor(world: World, op: OperationSpec): Promise<string | undefined> {
  if (world.auth === "invalid") return INVALID_TOKEN;
  const request = tokenRequestFor(world, op);
  return request && world.runtime.tokens.get(request);
}

/** The body the request carries, after the steps' changes; undefined for none. */
export function buildBody(world: World, op: OperationSpec): unknown {
  const draft = world.body;
  if (!op.requestBody) {
    if (draft.explicit) world.note(`${op.operationId} takes no request body: the body the scenario sets is not sent (tolerated)`);
    return undefined;
  }
  if (draft.mode === "absent") return undefined;
  const ctx = bodyContext(world, op);
  let body = draft.mode === "value" ? structuredClone(draft.value) : defaultBody(ctx);
  const init = containerInit(ctx);
  for (const patch of draft.patches) {
    if (patch.op === "set") body = setValue(body, patch.path, patch.value, init);
    else if (patch.op === "delete") body = deleteValue(body, patch.path);
    else if (patch.op === "subject") {
      const s = world.subscriber();
      const value = patch.kind === "phoneNumber" ? s.phoneNumber : { phoneNumber: s.phoneNumber };
      body = setValue(body, patch.path, value, init);
    } else {
      body = setValue(body, patch.path, invalidValueFor(world, op, body, patch.path, patch.schema), init);
    }
  }
  if (draft.mode === "invalid") body = invalidBody(op, body);
  if (draft.mode === "default" && draft.patches.length > 0) body = yieldDefaults(op, body, draft.patches);
  return body;
}

/**
 * "Properties not explicitly overwritten can take any values compliant with the schema": when what
 * the steps set makes a default property wrong (Number Verification takes exactly one of phoneNumber
 * and hashedPhoneNumber), the default one leaves, if that makes the body valid.
 */
function yieldDefaults(op: OperationSpec, body: unknown, patches: Patch[]): unknown {
  const schema = op.requestBody?.schema as object | undefined;
  if (!schema || !isObject(body)) return body;
  const obj: Record<string, unknown> = body;
  const validator = validatorFor(schema);
  const validate = (v: unknown): boolean => validator(v);
  if (validate(obj)) return obj;
  const touched = new Set(patches.map((p) => p.path.replace(/^\$\.?/, "").split(/[.[]/)[0]));
  for (const key of Object.keys(obj)) {
    if (touched.has(key)) continue;
    const rest: Record<string, unknown> = { ...obj };
    delete rest[key];
    if (validate(rest)) return rest;
  }
  return body;
}

/** A body the operation's schema rejects, differing from `valid` in one property. */
function invalidBody(op: OperationSpec, valid: unknown): unknown {
  const schema = op.requestBody?.schema as object | undefined;
  if (!schema) return "not a JSON object";
  const validate = validatorFor(schema);
  const candidates: unknown[] = [];
  const obj = (valid ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(obj)) {
    // a property of the wrong type: a syntax error (INVALID_ARGUMENT), never a range error
    candidates.push({ ...obj, [key]: typeof value === "string" ? 12345 : typeof value === "number" ? "not-a-number" : "not-an-object" });
  }
  candidates.push("not a JSON object", []);
  return candidates.find((c) => !validate(c));
}

/** Fills the path template; an "existing" resource parameter creates the resource first. */
async function buildPath(world: World, op: OperationSpec): Promise<string> {
  let path = op.path;
  for (const name of [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
    const given = world.pathParams[name];
    let value: string;
    if (given && "value" in given) value = given.value;
    else if (given || world.resourceCreated) value = (world.resourceCreated ?? (await createResource(world, {}))).id;
    else {
      // "Fail ... due to missing <name> path parameter": nothing sets it, so it is sent empty
      world.note(`no step gives the path parameter '${name}' of ${op.operationId}: sent empty`);
      value = "";
    }
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  }
  const query = new URLSearchParams(world.query).toString();
  return `${op.basePath}${path}${query ? `?${query}` : ""}`;
}

export interface SendOptions {
  /** the main request of the scenario (When): becomes `world.response` */
  main?: boolean;
}

/** Sends the scenario's request for an operation (token, path, body and headers from its draft) and records it. */
export async function sendRequest(world: World, op: OperationSpec, options: SendOptions = {}): Promise<Received> {
  const token = await tokenFor(world, op);
  const body = buildBody(world, op);
  const path = await buildPath(world, op);
  const headers: Record<string, string> = { ...world.headers };
  if (world.correlator) headers["x-correlator"] = world.correlator.value;
  return transmit(world, op, { path, headers, body, token }, { main: options.main, middleware: cleanupOf(world, op, tokenRequestFor(world, op)) });
}

/** Whatever a scenario's own request creates (also by mistake) is deleted afterwards, by the creating client. */
function cleanupOf(world: World, op: OperationSpec, how: TokenRequest | undefined): Middleware[] {
  const create = world.runtime.specs.createOperation(op.api);
  const del = create && world.runtime.specs.itemOperation(create, "DELETE");
  const param = del?.path.match(/\{([^}]+)\}$/)?.[1];
  if (!create || create !== op || !how || !del || !param) return [];
  return [
    cleanupMiddleware((created) => {
      const id = getValue(created, `$.${param}`) ?? getValue(created, "$.id");
      if (typeof id !== "string") return;
      // the creating client (and subject) deletes it, with the delete scope
      const request: TokenRequest = { ...how, scopes: scopesOf(del), expired: undefined };
      world.cleanups.push(async () => deleteResource(world, del, id, await world.runtime.tokens.get(request)));
    }),
  ];
}
