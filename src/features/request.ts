/**
 * Turning the prepared request into a real one and sending it: the token the scenario asked for (for
 * the operation's scopes), the path with its parameters (an "existing" resource is created on
 * demand), the default body with the steps' changes applied, the x-correlator. Every exchange is
 * recorded as redacted evidence; anything the request creates is deleted after the scenario.
 */
import { randomUUID } from "node:crypto";
import { recordingFetch } from "../conformance/recording-fetch.ts";
import { apiRootFor } from "../conformance/target.ts";
import type { TokenRequest } from "../conformance/tokens.ts";
import type { OperationSpec } from "../openapi/operations.ts";
import { bodyContext, containerInit, defaultBody } from "./default-body.ts";
import { deleteValue, getValue, isObject, setValue } from "./json-path.ts";
import { invalidValueFor } from "./invalid-values.ts";
import { skip } from "./outcome.ts";
import { validatorFor } from "./schema-validation.ts";
import { createResource } from "./resources.ts";
import type { Patch, Received, World } from "./world.ts";

export const INVALID_TOKEN = "invalid-token.harness.not-a-jwt";

/** The scopes of an operation's first security alternative. */
export function scopesOf(op: OperationSpec): string[] {
  return op.scopes[0] ?? [];
}

/** A scope of another API of the release: a token holding only it lacks the operation's scope. */
export function foreignScope(world: World, op: OperationSpec): string {
  const own = new Set(op.scopes.flat());
  for (const spec of world.runtime.specs.apis()) {
    if (spec.api === op.api) continue;
    for (const o of spec.operations) for (const s of scopesOf(o)) if (!own.has(s)) return s;
  }
  return "openid";
}

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
      return { ...base, scopes: [foreignScope(world, op)] };
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
  /** headers and body as given, without the scenario's draft (preconditions) */
  raw?: { token?: string; body?: unknown; path?: string };
  /** the main request of the scenario (When): becomes `world.response` */
  main?: boolean;
}

/** Sends one request and records the exchange. */
export async function sendRequest(world: World, op: OperationSpec, options: SendOptions = {}): Promise<Received> {
  const raw = options.raw;
  const token = raw ? raw.token : await tokenFor(world, op);
  const body = raw ? raw.body : buildBody(world, op);
  const path = raw?.path ?? (await buildPath(world, op));
  const headers: Record<string, string> = {};
  if (raw) {
    headers["content-type"] = "application/json";
    headers["x-correlator"] = randomUUID();
  } else {
    Object.assign(headers, world.headers);
    if (world.correlator) headers["x-correlator"] = world.correlator.value;
  }
  if (token) headers.authorization = `Bearer ${token}`;
  const url = `${apiRootFor(world.target, op.api)}${path}`;
  // notifications the request causes may arrive before its answer: count what was there before
  if (options.main && world.sink) world.eventsBefore = (await readSink(world)).length;
  const fetcher = recordingFetch(world.target.timeoutMs, (e) => world.exchanges.push(e));
  const res = await fetcher(url, { method: op.method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const resHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => (resHeaders[k] = v));
  const received: Received = { op, status: res.status, headers: resHeaders, text, body: parsed, sent: { headers, body, token } };
  world.requestsSent++;
  if (!raw) registerCleanup(world, received, tokenRequestFor(world, op));
  if (options.main) {
    world.response = received;
    const code = (parsed as { code?: unknown } | undefined)?.code;
    if (res.status >= 400 && typeof code === "string") world.noteCode(res.status, code);
  }
  return received;
}

/** Whatever a scenario's own request created (also by mistake) is deleted afterwards. */
export function registerCleanup(world: World, received: Received, how: TokenRequest | undefined): void {
  const create = world.runtime.specs.createOperation(received.op.api);
  if (received.status !== 201 || !create || create !== received.op || !how) return;
  const del = world.runtime.specs.itemOperation(create, "DELETE");
  const param = del?.path.match(/\{([^}]+)\}$/)?.[1];
  const id = param ? (getValue(received.body, `$.${param}`) ?? getValue(received.body, "$.id")) : undefined;
  if (!del || typeof id !== "string") return;
  // the creating client (and subject) deletes it, with the delete scope
  const request: TokenRequest = { ...how, scopes: scopesOf(del), expired: undefined };
  world.cleanups.push(async () => deleteQuietly(world, del, id, await world.runtime.tokens.get(request)));
}

/** Deletes a resource; a rate-limited client is given up to three more tries, a second apart. */
export async function deleteQuietly(world: World, del: OperationSpec, id: string, token: string): Promise<void> {
  const path = `${del.basePath}${del.path.replace(/\{[^}]+\}$/, encodeURIComponent(id))}`;
  for (let attempt = 0; attempt < 4; attempt++) {
    const res = await fetch(`${apiRootFor(world.target, del.api)}${path}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}`, "x-correlator": randomUUID() },
      signal: AbortSignal.timeout(world.target.timeoutMs),
    });
    await res.arrayBuffer();
    if (res.status !== 429) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Every notification received at the scenario's sink so far. */
export async function readSink(world: World): Promise<{ headers: Record<string, string>; body: any }[]> {
  if (!world.sink) return [];
  const res = await fetch(world.sink.readUrl, { signal: AbortSignal.timeout(world.target.timeoutMs) });
  return (await res.json()) as { headers: Record<string, string>; body: any }[];
}
