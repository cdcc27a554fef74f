/**
 * Sending one request of a Gherkin scenario to the target and recording it: through the target
 * layer's client (src/target/client.ts: recording transport, middleware), answered as a `Received`
 * the Then steps read. Also what preconditions and cleanups need: a request sent as given (no
 * scenario draft), reading the scenario's sink, and deleting a created resource.
 */
import type { Middleware } from "openapi-fetch";
import type { OperationSpec } from "../openapi/operations.ts";
import { deleteQuietly } from "../target/cleanup.ts";
import { correlatorMiddleware, createTargetClient, sendRaw, tokenMiddleware } from "../target/client.ts";
import type { SinkEvent } from "../target/sink.ts";
import { apiRootFor } from "../target/target.ts";
import type { Received, World } from "./world.ts";

/** The scopes of an operation's first security alternative. */
export function scopesOf(op: OperationSpec): string[] {
  return op.scopes[0] ?? [];
}

/**
 * Every notification received at the scenario's sink so far (none without a sink); SinkUnusable
 * (a skip) when nothing arrived because the target could not deliver to the sink (src/target/sink.ts).
 */
export async function readSink(world: World): Promise<SinkEvent[]> {
  return world.sink ? world.sink.received() : [];
}

/** Deletes a resource (best effort, not evidence): DELETE on the operation's item path. */
export async function deleteResource(world: World, del: OperationSpec, id: string, token: string): Promise<void> {
  const url = `${apiRootFor(world.target, del.api)}${del.basePath}${del.path.replace(/\{[^}]+\}$/, encodeURIComponent(id))}`;
  await deleteQuietly(fetch, url, token, world.target.timeoutMs);
}

export interface PreparedRequest {
  /** base path + path + query */
  path: string;
  headers: Record<string, string>;
  body: unknown;
  token?: string;
}

export interface TransmitOptions {
  /** the main request of the scenario (When): becomes `world.response` */
  main?: boolean;
  /** per-request middleware (cleanup registration) */
  middleware?: Middleware[];
}

/** Sends a prepared request through a recording client and records what came back. */
export async function transmit(world: World, op: OperationSpec, req: PreparedRequest, options: TransmitOptions = {}): Promise<Received> {
  const headers = { ...req.headers };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  // notifications the request causes may arrive before its answer: count what was there before
  if (options.main && world.sink) world.eventsBefore = (await readSink(world)).length;
  const client = createTargetClient({ target: world.target, baseUrl: apiRootFor(world.target, op.api), onExchange: (e) => world.exchanges.push(e), middleware: options.middleware });
  // the headers are exactly the scenario's: none added (a body without Content-Type goes without one)
  const answer = await sendRaw(client, {
    method: op.method,
    path: req.path,
    headers: { "content-type": null, ...headers },
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  });
  let parsed: unknown;
  try {
    parsed = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    parsed = undefined;
  }
  const resHeaders: Record<string, string> = {};
  answer.response.headers.forEach((v, k) => (resHeaders[k] = v));
  const received: Received = { op, status: answer.response.status, headers: resHeaders, text: answer.text, body: parsed, sent: { headers, body: req.body, token: req.token } };
  world.requestsSent++;
  if (options.main) {
    world.response = received;
    const code = (parsed as { code?: unknown } | undefined)?.code;
    if (received.status >= 400 && typeof code === "string") world.noteCode(received.status, code);
  }
  return received;
}

/**
 * A request a precondition sends as given, without the scenario's draft: JSON, with a fresh
 * x-correlator and the token added by the client's middleware.
 */
export function sendAsGiven(world: World, op: OperationSpec, req: { token?: string; body?: unknown; path: string }): Promise<Received> {
  const middleware = [correlatorMiddleware(), tokenMiddleware(async () => req.token)];
  return transmit(world, op, { path: req.path, headers: { "content-type": "application/json" }, body: req.body }, { middleware });
}
