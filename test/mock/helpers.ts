/**
 * Shared fixtures of the mock's own tests: one mock per test file on a frozen virtual clock, tokens
 * minted through the control plane (or obtained from /token), and requests sent in-process through
 * the app's web-standard `fetch` (no port). Everything talks to the real mock; nothing is stubbed.
 */
import { expect } from "vitest";
import { createMock, type MockApp, type MockOptions } from "../../src/mock/app.ts";
import { VirtualClock, type WorldClock } from "../../src/core/clock.ts";

export const START = Date.UTC(2025, 0, 1, 12, 0, 0);
export const ORIGIN = "http://mock.local";
export const QOD = "/quality-on-demand/v1";
export const QOS = "/qos-profiles/v1";

export const SCOPES = {
  create: "quality-on-demand:sessions:create",
  read: "quality-on-demand:sessions:read",
  delete: "quality-on-demand:sessions:delete",
  update: "quality-on-demand:sessions:update",
  retrieve: "quality-on-demand:sessions:retrieve-by-device",
  profiles: "qos-profiles:read",
} as const;
export const ALL_SCOPES = Object.values(SCOPES).join(" ");

/** Devices of data/testdata.yaml, by subscriber. */
export const DEVICES = {
  alice: { phoneNumber: "+34600000001" },
  bob: { phoneNumber: "+34600000002" },
  carol: { phoneNumber: "+34600000003" }, // qod-not-applicable
  dave: { phoneNumber: "+34600000004" }, // qod-unavailable
  ken: { phoneNumber: "+34600000011" },
  laura: { phoneNumber: "+34600000012" },
  unknown: { phoneNumber: "+34699999999" },
} as const;

export const APP_SERVER = { ipv4Address: "203.0.113.50" };
export const UNKNOWN_SESSION = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

export interface MockFixture {
  app: MockApp;
  clock: WorldClock;
  /** everything the mock reported through onBug (response-validation failures, crashes) */
  bugs: string[];
}

/** A mock (default release) on a frozen clock; one per test file, `app.reset()` between tests. */
export async function startMock(options: MockOptions = {}): Promise<MockFixture> {
  const clock = options.clock ?? new VirtualClock({ frozen: true, start: START });
  const bugs: string[] = [];
  const app = await createMock({
    notificationRetryDelaysMs: [],
    validateResponses: true,
    onBug: (m) => bugs.push(m),
    ...options,
    clock,
  });
  return { app, clock, bugs };
}

export interface Answer {
  status: number;
  headers: Headers;
  /** parsed JSON when the body is JSON, else the raw text ("" when none) */
  body: any;
  text: string;
}

export interface Send {
  method?: string;
  path: string;
  token?: string;
  /** serialised as JSON with content-type application/json */
  json?: unknown;
  /** sent as is (content-type only if given in headers) */
  raw?: string;
  headers?: Record<string, string>;
  /** default ORIGIN */
  base?: string;
}

async function toAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === "" ? "" : JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body, text };
}

function buildInit(spec: Send): RequestInit {
  const headers: Record<string, string> = {};
  if (spec.token !== undefined) headers.authorization = `Bearer ${spec.token}`;
  let body: string | undefined;
  if (spec.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(spec.json);
  } else if (spec.raw !== undefined) body = spec.raw;
  Object.assign(headers, spec.headers ?? {});
  return { method: spec.method ?? (body !== undefined ? "POST" : "GET"), headers, body };
}

/** In-process: `app.fetch(new Request(...))`. */
export async function send(app: MockApp, spec: Send): Promise<Answer> {
  return toAnswer(await app.fetch(new Request(`${spec.base ?? ORIGIN}${spec.path}`, buildInit(spec))));
}

/** Over the network with the global fetch (for the real-port tests). */
export async function sendHttp(baseUrl: string, spec: Send): Promise<Answer> {
  return toAnswer(await fetch(`${baseUrl}${spec.path}`, buildInit(spec)));
}

export interface MintOptions {
  clientId?: string;
  scope?: string;
  /** makes the token 3-legged, bound to this subscriber */
  phoneNumber?: string;
  expiresIn?: number;
}

/** Mints an access token with POST /_harness/tokens (demo-app, every QoD/QoS scope by default). */
export async function mint(app: MockApp, options: MintOptions = {}): Promise<string> {
  const res = await send(app, {
    path: "/_harness/tokens",
    json: { clientId: "demo-app", scope: ALL_SCOPES, ...options },
  });
  if (res.status !== 200) throw new Error(`minting failed: ${res.status} ${res.text}`);
  return res.body.access_token;
}

/** A 2-legged token from the authorization server (client_credentials, client_secret_basic). */
export async function clientCredentialsToken(app: MockApp, clientId: string, secret: string, scope: string): Promise<string> {
  const res = await send(app, {
    path: "/token",
    raw: new URLSearchParams({ grant_type: "client_credentials", scope }).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
    },
  });
  if (res.status !== 200) throw new Error(`/token failed: ${res.status} ${res.text}`);
  return res.body.access_token;
}

export function sessionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { device: DEVICES.alice, applicationServer: APP_SERVER, qosProfile: "QOS_E", duration: 600, ...overrides };
}

/** The CAMARA operations of QoD and QoS Profiles, as `send` specs for a valid-looking request. */
export interface OperationCase {
  operationId: string;
  scope: string;
  request: (token?: string) => Send;
}

export const OPERATIONS: OperationCase[] = [
  { operationId: "createSession", scope: SCOPES.create, request: (token) => ({ path: `${QOD}/sessions`, token, json: sessionBody() }) },
  { operationId: "getSession", scope: SCOPES.read, request: (token) => ({ path: `${QOD}/sessions/${UNKNOWN_SESSION}`, token }) },
  {
    operationId: "deleteSession",
    scope: SCOPES.delete,
    request: (token) => ({ method: "DELETE", path: `${QOD}/sessions/${UNKNOWN_SESSION}`, token }),
  },
  {
    operationId: "extendQosSessionDuration",
    scope: SCOPES.update,
    request: (token) => ({ path: `${QOD}/sessions/${UNKNOWN_SESSION}/extend`, token, json: { requestedAdditionalDuration: 60 } }),
  },
  {
    operationId: "retrieveSessionsByDevice",
    scope: SCOPES.retrieve,
    request: (token) => ({ path: `${QOD}/retrieve-sessions`, token, json: { device: DEVICES.alice } }),
  },
  { operationId: "retrieveQoSProfiles", scope: SCOPES.profiles, request: (token) => ({ path: `${QOS}/retrieve-qos-profiles`, token, json: {} }) },
  { operationId: "getQosProfile", scope: SCOPES.profiles, request: (token) => ({ path: `${QOS}/qos-profiles/QOS_E`, token }) },
];

/** Asserts a CAMARA ErrorInfo answer: status in line and body, the code, a message, JSON. */
export function expectError(res: Answer, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }, res.text).toEqual({ status, code });
  expect(res.body.status).toBe(status);
  expect(typeof res.body.message).toBe("string");
  expect(res.body.message.length).toBeGreaterThan(0);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
}

/** Small API facade over `send`, for the state-machine tests. */
export function qod(app: MockApp, token: string) {
  return {
    create: (body: Record<string, unknown>) => send(app, { path: `${QOD}/sessions`, token, json: body }),
    get: (id: string) => send(app, { path: `${QOD}/sessions/${id}`, token }),
    delete: (id: string) => send(app, { method: "DELETE", path: `${QOD}/sessions/${id}`, token }),
    extend: (id: string, seconds: number) =>
      send(app, { path: `${QOD}/sessions/${id}/extend`, token, json: { requestedAdditionalDuration: seconds } }),
    retrieve: (body: Record<string, unknown>) => send(app, { path: `${QOD}/retrieve-sessions`, token, json: body }),
  };
}

export function qos(app: MockApp, token: string) {
  return {
    retrieve: (body: unknown) => send(app, { path: `${QOS}/retrieve-qos-profiles`, token, json: body }),
    get: (name: string) => send(app, { path: `${QOS}/qos-profiles/${name}`, token }),
  };
}
