/**
 * The one way both runners talk to a target's API: an openapi-fetch client on the API's base path
 * (typed with the generated `paths` where the caller has them, untyped for raw requests), whose
 * transport is the recording fetch (every exchange becomes redacted evidence, time-outs and HTML
 * pages become TargetErrors), and whose cross-cutting concerns are openapi-fetch middleware
 * (`client.use()`):
 *   - correlator: a fresh x-correlator on a request that carries none (Commonalities design guide 5.8.5);
 *   - token: `Authorization: Bearer <token>` from a token source, on a request that carries none;
 *   - cleanup: every 201 answer is handed to a callback that registers the deletion of what it made.
 * The conformance suites' ScenarioContext and the Gherkin world both build their clients here.
 */
import { randomUUID } from "node:crypto";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { Exchange } from "../results/results.ts";
import { recordingFetch } from "./recording-fetch.ts";
import { apiRootFor, type TargetContext } from "./target.ts";

export interface TargetClientOptions {
  target: TargetContext;
  /** apiBaseUrl(target, api, basePath); "" for a client that is given absolute URLs */
  baseUrl: string;
  /** every exchange, redacted */
  onExchange: (exchange: Exchange) => void;
  middleware?: Middleware[];
}

/** Where an API's base path is on the target, e.g. "https://sandbox.example/quality-on-demand/v1". */
export function apiBaseUrl(target: TargetContext, api: string, basePath: string): string {
  return `${apiRootFor(target, api)}${basePath}`;
}

/** A client for one API of the target (or for absolute URLs); `Paths` from generated/<api>/<version>/client.ts. */
export function createTargetClient<Paths extends {}>(options: TargetClientOptions): Client<Paths> {
  const client = createClient<Paths>({
    baseUrl: options.baseUrl,
    fetch: recordingFetch(options.target.timeoutMs, options.onExchange),
  });
  if (options.middleware?.length) client.use(...options.middleware);
  return client;
}

/** Adds a fresh x-correlator to a request that carries none. */
export function correlatorMiddleware(): Middleware {
  return {
    onRequest({ request }) {
      if (!request.headers.has("x-correlator")) request.headers.set("x-correlator", randomUUID());
      return request;
    },
  };
}

/** Adds `Authorization: Bearer <token>` to a request that carries none (undefined: none at all). */
export function tokenMiddleware(token: () => Promise<string | undefined>): Middleware {
  return {
    async onRequest({ request }) {
      if (request.headers.has("authorization")) return request;
      const value = await token();
      if (value) request.headers.set("authorization", `Bearer ${value}`);
      return request;
    },
  };
}

/** Hands every 201 answer (what the request created) to `register`, with its parsed body. */
export function cleanupMiddleware(register: (created: Record<string, unknown>, request: Request) => void): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.status !== 201) return response;
      const body = (await response.clone().json().catch(() => undefined)) as Record<string, unknown> | undefined;
      if (body && typeof body === "object") register(body, request);
      return response;
    },
  };
}

/** The answer to a raw request: status, headers, text and (when JSON) the parsed body. */
export interface RawAnswer {
  response: Response;
  text: string;
  /** parsed JSON; the text when it is not JSON; undefined when empty */
  data: unknown;
}

export interface RawSend {
  method: string;
  /** path below the client's base path (an absolute URL for a client without one), parameters filled in, query included */
  path: string;
  headers: Record<string, string | null>;
  /** a value is sent as JSON, a string as is, undefined sends no body at all */
  body?: unknown;
}

/**
 * Sends a deliberately shaped request (any method, path, headers and body, also malformed ones)
 * through a client, so it passes the same transport and middleware as the typed calls.
 */
export async function sendRaw(client: Client<any>, req: RawSend): Promise<RawAnswer> {
  // openapi-fetch parses (and consumes) the body its own way: keep a copy of the answer as it came
  let kept: Response | undefined;
  const keep: Middleware = {
    onResponse({ response }) {
      kept = response.clone();
      return response;
    },
  };
  const answer = await (client as Client<Record<string, any>>).request(req.method.toLowerCase() as "get", req.path as never, {
    headers: req.headers,
    body: req.body as never,
    bodySerializer: (b: unknown) => (typeof b === "string" ? b : JSON.stringify(b)),
    parseAs: "text",
    middleware: [keep],
  } as never);
  const text = kept ? await kept.text() : "";
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  return { response: answer.response, text, data };
}
