/**
 * Building blocks of the Quality on Demand 1.1.0 scenarios: scopes and tokens, a schema-compliant
 * CreateSession body built from the target's test data (the "request body set by default" of every
 * official Background), session creation that always registers the deletion of what it created
 * (so a run against a real operator leaves nothing behind), and waiting for a qosStatus on the
 * target's clock (advanced where the target exposes one, else polled in real time).
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { components } from "../../generated/quality-on-demand/1.1.0/client.ts";
import type { TestSubscriber } from "../../src/target/target.ts";
import type { ApiAnswer, ScenarioContext } from "./context.ts";

export type CreateSessionBody = components["schemas"]["CreateSession"];
export type SessionInfo = components["schemas"]["SessionInfo"];
export type QosStatus = components["schemas"]["QosStatus"];
export type Device = components["schemas"]["Device"];
type SinkCredential = NonNullable<CreateSessionBody["sinkCredential"]>;

export const QOD = { api: "quality-on-demand", version: "1.1.0", basePath: "/quality-on-demand/v1" } as const;

export const QOD_SCOPE = {
  create: "quality-on-demand:sessions:create",
  read: "quality-on-demand:sessions:read",
  update: "quality-on-demand:sessions:update",
  delete: "quality-on-demand:sessions:delete",
  retrieve: "quality-on-demand:sessions:retrieve-by-device",
} as const;
export const QOD_SCOPES: string[] = Object.values(QOD_SCOPE);
/** every QoD scope but one: the token of the "missing access token scope" scenarios */
export const qodScopesWithout = (scope: string): string[] => QOD_SCOPES.filter((s) => s !== scope);

/** Documentation addresses (RFC 5737): never routed, so a wrongly created session harms nobody. */
export const APPLICATION_SERVER = { ipv4Address: "203.0.113.40" };
export const DEVICE_PORTS = { ranges: [{ from: 5010, to: 5020 }], ports: [5060] };
export const SERVER_PORTS = { ports: [443, 8443] };
/** a sink for requests that must be refused before any notification is sent */
export const EXAMPLE_SINK = "https://application-server.example.com/qod-notifications";

// ---- tokens ----------------------------------------------------------------------------------

/** A 2-legged token of the primary client holding every QoD scope (the Background's valid token). */
export function twoLegged(t: ScenarioContext, scopes: string[] = QOD_SCOPES): Promise<string> {
  return t.token({ scopes });
}

/** A 3-legged token identifying `subscriber` (CIBA or minted, as the target allows). */
export function threeLegged(t: ScenarioContext, subscriber: TestSubscriber, scopes: string[] = QOD_SCOPES): Promise<string> {
  return t.token({ scopes, subscriber });
}

// ---- test data -------------------------------------------------------------------------------

/** One identifier keeps DeviceResponse unambiguous: the phone number every test subscriber has. */
export function deviceOf(s: TestSubscriber): Device {
  return { phoneNumber: s.phoneNumber };
}

export function activeProfile(t: ScenarioContext): string {
  const name = t.target.qosProfiles.active;
  t.require(name, "the target configuration names no ACTIVE QoS profile (qosProfiles.active)");
  return name;
}

/** A duration the active profile accepts, as close to `wanted` seconds as its limits allow. */
export function validDuration(t: ScenarioContext, wanted = 60): number {
  const { activeMinDurationSeconds: min = 1, activeMaxDurationSeconds: max = Number.MAX_SAFE_INTEGER } = t.target.qosProfiles;
  return Math.max(min, Math.min(wanted, max));
}

/** A CreateSession body compliant with the schema: `device` only when given (2-legged). */
export function sessionBody(t: ScenarioContext, device: Device | undefined, extra: Partial<CreateSessionBody> = {}): CreateSessionBody {
  return {
    ...(device ? { device } : {}),
    applicationServer: APPLICATION_SERVER,
    qosProfile: activeProfile(t),
    duration: validDuration(t),
    ...extra,
  };
}

/** QoD 1.1.0 sinkCredential: ACCESSTOKEN is the only accepted type, with a bearer token. */
export function accessTokenCredential(accessToken: string): SinkCredential {
  return {
    credentialType: "ACCESSTOKEN",
    accessToken,
    accessTokenType: "bearer",
    accessTokenExpiresUtc: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  } as SinkCredential;
}

/** A random token the scenario gives as sinkCredential, to recognise it at the sink. */
export const newSinkToken = (): string => `qod-sink-${randomUUID()}`;

// ---- sessions --------------------------------------------------------------------------------

/** Deletes a session, ignoring the outcome (cleanup is best effort). */
export async function deleteQuietly(t: ScenarioContext, sessionId: string, token: string): Promise<void> {
  await t.qod().DELETE("/sessions/{sessionId}", { params: { path: { sessionId } }, headers: await t.headers(token) });
}

/** Registers the deletion of the session an answer created, if it created one (also a wrong 201). */
export function cleanupIfCreated(t: ScenarioContext, answer: ApiAnswer, token: string): void {
  const id = (answer.data as { sessionId?: unknown } | undefined)?.sessionId;
  if (answer.response.status === 201 && typeof id === "string") t.cleanup(() => deleteQuietly(t, id, token));
}

/**
 * POST /sessions with any body (typed or deliberately wrong). A 201 is always followed by a
 * deletion at the end of the scenario, with `cleanupToken` (default: the request's own token).
 */
export async function postSession(
  t: ScenarioContext,
  body: unknown,
  headers: Record<string, string>,
  cleanupToken?: string,
): Promise<ApiAnswer & { session?: SessionInfo }> {
  const answer = await t.qod().POST("/sessions", { body: body as CreateSessionBody, headers });
  const token = cleanupToken ?? headers.authorization?.replace(/^Bearer /, "");
  if (token) cleanupIfCreated(t, answer, token);
  return { ...answer, session: answer.response.status === 201 ? answer.data : undefined };
}

export interface NewSession {
  session: SessionInfo;
  body: CreateSessionBody;
  /** the token that created it (read/delete/extend with it) */
  token: string;
}

/**
 * A session the scenario needs as a precondition: 201 expected, deleted at the end. Default: the
 * plain subscriber, 2-legged with `device`; `threeLegged` sends no device and a token for it.
 */
export async function newSession(
  t: ScenarioContext,
  options: { subscriber?: TestSubscriber; threeLegged?: boolean; extra?: Partial<CreateSessionBody>; token?: string } = {},
): Promise<NewSession> {
  const subscriber = options.subscriber ?? t.subscriber("plain");
  const token = options.token ?? (options.threeLegged ? await threeLegged(t, subscriber) : await twoLegged(t));
  const body = sessionBody(t, options.threeLegged ? undefined : deviceOf(subscriber), options.extra);
  const answer = await postSession(t, body, await t.headers(token));
  expect(answer.response.status, `precondition: createSession answers 201 (got ${JSON.stringify(answer.error ?? "")})`).toBe(201);
  return { session: answer.session!, body, token };
}

export async function getSession(t: ScenarioContext, sessionId: string, token: string) {
  return t.qod().GET("/sessions/{sessionId}", { params: { path: { sessionId } }, headers: await t.headers(token) });
}

/**
 * 400.1 of getSession/deleteSession and 400.2 of extend: a sessionId that is not a UUID gives 400
 * INVALID_ARGUMENT, or 404 NOT_FOUND where the format is not validated (the definitions' comment).
 */
export function expectMalformedIdAnswer(t: ScenarioContext, answer: ApiAnswer): void {
  if (answer.response.status === 404) t.expectError(answer, 404, "NOT_FOUND");
  else t.expectError(answer, 400, "INVALID_ARGUMENT");
}

// ---- time ------------------------------------------------------------------------------------

const MAX_WAIT_STEPS = 30;

/**
 * Reads the session until its qosStatus is one of `wanted`: between reads the target's clock is
 * advanced by one second where it exposes one, else one real second passes (at most 30 steps).
 */
export async function waitForStatus(t: ScenarioContext, sessionId: string, token: string, wanted: QosStatus[]): Promise<SessionInfo> {
  let last: string | undefined;
  for (let step = 0; step < MAX_WAIT_STEPS; step++) {
    const { data, response } = await getSession(t, sessionId, token);
    expect(response.status, `getSession ${sessionId} while waiting for ${wanted.join(" or ")}`).toBe(200);
    last = data!.qosStatus;
    if (wanted.includes(data!.qosStatus)) return data!;
    if (t.target.clockUrl) await t.advanceClock(1);
    else await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return expect.fail(`session ${sessionId} did not reach ${wanted.join(" or ")} within ${MAX_WAIT_STEPS} s (last qosStatus ${last})`);
}

export interface TargetTime {
  /** the target's "now", ms since the epoch */
  now: number;
  /** how far the target's clock may be from ours, ms */
  tolerance: number;
}

/** The target's notion of now: its virtual clock where exposed, else ours with a skew allowance. */
export async function targetNow(t: ScenarioContext): Promise<TargetTime> {
  if (t.target.clockUrl) {
    const res = await fetch(t.target.clockUrl, { signal: AbortSignal.timeout(t.target.timeoutMs) });
    const now = Date.parse(((await res.json()) as { now?: string }).now ?? "");
    if (res.ok && Number.isFinite(now)) return { now, tolerance: 1000 };
  }
  return { now: Date.now(), tolerance: 60_000 };
}

const UNIT_SECONDS: Record<string, number> = { Days: 86400, Hours: 3600, Minutes: 60, Seconds: 1, Milliseconds: 1e-3, Microseconds: 1e-6, Nanoseconds: 1e-9 };

/** A QoS Profiles Duration `{value, unit}` in seconds. */
export function profileSeconds(d: { value?: number; unit?: string } | undefined): number | undefined {
  return d?.value !== undefined && d.unit ? d.value * UNIT_SECONDS[d.unit] : undefined;
}
