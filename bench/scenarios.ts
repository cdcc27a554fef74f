/**
 * What the benchmark sends: the mock modes, the set-up of a mock (token, a session to read) and the
 * two scenarios. Shared by bench/run.ts (the benchmark) and bench/profile.ts (a CPU profile of one).
 */
import type { RequestSpec } from "autocannon";
import { benchPhoneNumber } from "./bench-data.ts";
import { startTarget, type Target } from "./targets.ts";

export const SESSIONS_PATH = "/quality-on-demand/v1/sessions";
const SCOPES = "quality-on-demand:sessions:create quality-on-demand:sessions:read quality-on-demand:sessions:delete";

export const createBody = (phoneNumber: string) =>
  JSON.stringify({
    device: { phoneNumber },
    applicationServer: { ipv4Address: "198.51.100.1" },
    qosProfile: "QOS_E",
    duration: 60,
  });

export interface Mode {
  id: "production" | "development";
  label: string;
  validateResponses: boolean;
  env: Record<string, string>;
}

export const MODES: Mode[] = [
  { id: "production", label: "mock production (validateResponses=false)", validateResponses: false, env: { NODE_ENV: "production" } },
  { id: "development", label: "mock development (validateResponses=true)", validateResponses: true, env: { NODE_ENV: "development" } },
];

/** A target process with what the scenarios need to send it valid requests. */
export interface Contender {
  label: string;
  mode?: Mode;
  target: Target;
  token: string;
  sessionId: string;
  /** next bench subscriber to name in a POST */
  nextDevice: number;
  /** how many bench subscribers the target knows */
  devices: number;
}

export async function getToken(url: string): Promise<string> {
  const res = await fetch(`${url}/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: SCOPES }).toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token request answered ${res.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

export async function createSession(url: string, token: string, phoneNumber: string): Promise<string> {
  const res = await fetch(`${url}${SESSIONS_PATH}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: createBody(phoneNumber),
  });
  const body = (await res.json()) as { sessionId?: string };
  if (res.status !== 201 || !body.sessionId) throw new Error(`createSession answered ${res.status}: ${JSON.stringify(body)}`);
  return body.sessionId;
}

export async function startMock(mode: Mode, extraSubscribers: number): Promise<Contender> {
  const target = await startTarget(["mock", String(mode.validateResponses), String(extraSubscribers)], { env: mode.env });
  const token = await getToken(target.url);
  // the session read by the GET scenario belongs to a default subscriber, never to a bench one
  const sessionId = await createSession(target.url, token, "+34600000001");
  return { label: mode.label, mode, target, token, sessionId, nextDevice: 0, devices: extraSubscribers };
}

export async function startBare(like: Contender, extraSubscribers: number): Promise<Contender> {
  const target = await startTarget(["bare"]);
  // the same request line, headers and bodies as the mock's (the bare server ignores them)
  return { label: "bare node:http", target, token: like.token, sessionId: like.sessionId, nextDevice: 0, devices: extraSubscribers };
}

export interface ScenarioSpec {
  id: string;
  /** name in BENCH_SCENARIOS and on bench/profile.ts's command line */
  key: "get" | "post";
  title: string;
  expectedStatus: number;
  request(c: Contender): RequestSpec;
}

export const SCENARIOS: ScenarioSpec[] = [
  {
    id: "get-session",
    key: "get",
    title: `GET ${SESSIONS_PATH}/{id}  (existing session, valid token; expect 200)`,
    expectedStatus: 200,
    request: (c) => ({ method: "GET", path: `${SESSIONS_PATH}/${c.sessionId}`, headers: { authorization: `Bearer ${c.token}` } }),
  },
  {
    id: "create-session",
    key: "post",
    title: `POST ${SESSIONS_PATH}  (valid body and token, a device without an active session; expect 201)`,
    expectedStatus: 201,
    request: (c) => ({
      method: "POST",
      path: SESSIONS_PATH,
      headers: { authorization: `Bearer ${c.token}`, "content-type": "application/json" },
      // past the last bench subscriber the numbers wrap, and the mock answers 409: counted, run invalid
      setupRequest: (request) => ({ ...request, body: createBody(benchPhoneNumber(c.nextDevice++ % c.devices)) }),
    }),
  },
];
