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
import { deleteQuietly as deleteUrlQuietly } from "../../src/target/cleanup.ts";
import { MAX_WAIT_STEPS, waitForState } from "../../src/target/clock.ts";
import { deviceOf, validDuration } from "../../src/target/default-body.ts";
import { apiRootFor, type TestSubscriber } from "../../src/target/target.ts";
import { qodOfRelease } from "./qod-release.ts";
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

/** deviceOf (one identifier: the phone number), validDuration, targetNow: the target layer's, for both runners */
export { deviceOf, validDuration } from "../../src/target/default-body.ts";
export { targetNow, type TargetTime } from "../../src/target/clock.ts";


export function activeProfile(t: ScenarioContext): string {
  const name = t.target.qosProfiles.active;
  t.require(name, "the target configuration names no ACTIVE QoS profile (qosProfiles.active)");
  return name;
}


/** A CreateSession body compliant with the schema: `device` only when given (2-legged). */
export function sessionBody(t: ScenarioContext, device: Device | undefined, extra: Partial<CreateSessionBody> = {}): CreateSessionBody {
  return {
    ...(device ? { device } : {}),
    applicationServer: APPLICATION_SERVER,
    qosProfile: activeProfile(t),
    duration: validDuration(t.target),
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

/** Deletes a session, ignoring the outcome (cleanup is best effort; the exchange is recorded). */
export async function deleteQuietly(t: ScenarioContext, sessionId: string, token: string): Promise<void> {
  const url = `${apiRootFor(t.target, "quality-on-demand")}${qodOfRelease(t.target.release).basePath}/sessions/${encodeURIComponent(sessionId)}`;
  await deleteUrlQuietly(t.fetch, url, token, t.target.timeoutMs);
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

/**
 * Reads the session until its qosStatus is one of `wanted`, moving the target's clock (or waiting in
 * real time) between reads: src/target/clock.ts.
 */
export async function waitForStatus(t: ScenarioContext, sessionId: string, token: string, wanted: QosStatus[]): Promise<SessionInfo> {
  const { value, reached } = await waitForState({
    target: t.target,
    advance: (seconds) => t.advanceClock(seconds),
    read: async () => {
      const { data, response } = await getSession(t, sessionId, token);
      expect(response.status, `getSession ${sessionId} while waiting for ${wanted.join(" or ")}`).toBe(200);
      return data!;
    },
    done: (session) => wanted.includes(session.qosStatus),
  });
  if (!reached) expect.fail(`session ${sessionId} did not reach ${wanted.join(" or ")} within ${MAX_WAIT_STEPS} s (last qosStatus ${value.qosStatus})`);
  return value;
}

const UNIT_SECONDS: Record<string, number> = { Days: 86400, Hours: 3600, Minutes: 60, Seconds: 1, Milliseconds: 1e-3, Microseconds: 1e-6, Nanoseconds: 1e-9 };

/** A QoS Profiles Duration `{value, unit}` in seconds. */
export function profileSeconds(d: { value?: number; unit?: string } | undefined): number | undefined {
  return d?.value !== undefined && d.unit ? d.value * UNIT_SECONDS[d.unit] : undefined;
}
