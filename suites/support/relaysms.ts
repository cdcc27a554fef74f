/**
 * Helpers of the RelaySMS gateway suites: the typed REST client, the target's settings and users
 * (test-data section `relaysmsGateway`, or what the session answer announces), deterministic node
 * identities from the run's seed, an RSA key pair for the handshake, and typed frames of the
 * AsyncAPI channel (generated/relaysms-gateway/1.0.0/messages.ts).
 */
import { createHash, generateKeyPairSync } from "node:crypto";
import { expect } from "vitest";
import { createRelaysmsGatewayClient, type components } from "../../generated/relaysms-gateway/1.0.0/client.ts";
import type {
  AckMessage,
  AuthenticateMessage,
  ErrorMessage,
  PauseMessage,
  PublicKeyMessage,
  ServerMessage,
  SessionUrlMessage,
} from "../../generated/relaysms-gateway/1.0.0/messages.ts";
import { apiRootFor } from "../../src/target/target.ts";
import type { ScenarioContext } from "./context.ts";
import type { RecordedSocket } from "./websocket.ts";

export const API = "relaysms-gateway";
export const SCOPES = { read: "relaysms-gateway:seeds:read", write: "relaysms-gateway:seeds:write", sync: "relaysms-gateway:sync:create" };
export const PAUSE: PauseMessage = "201- pause";
export const ACK: AckMessage = "200- ack";
export type SyncSession = components["schemas"]["SyncSession"];
export type SeedPing = components["schemas"]["SeedPing"];

export function relay(t: ScenarioContext) {
  return createRelaysmsGatewayClient(apiRootFor(t.target, API), { fetch: t.fetch });
}

interface Section {
  seedTtlSeconds?: number;
  users?: { userId: string; platforms: { name: string; description?: string }[] }[];
}

export function section(t: ScenarioContext): Section {
  return (t.target.sections?.relaysmsGateway as Section | undefined) ?? {};
}

/** A user of the target's gateway server (test data), or the scenario is skipped. */
export function user(t: ScenarioContext, index = 0): string {
  const u = section(t).users?.[index];
  t.require(u, `the target names no relaysmsGateway user #${index + 1} (test-data section relaysmsGateway.users)`);
  return u.userId;
}

/** A node identity of its own per scenario and label, deterministic for the run's seed. */
export function node(t: ScenarioContext, label: string, seedType: SeedPing["seed_type"] = "seed"): SeedPing {
  const digits = BigInt(`0x${createHash("sha256").update(`${t.target.seed}:${label}`).digest("hex").slice(0, 15)}`).toString().padStart(19, "0");
  return { IMSI: `21407${digits.slice(0, 10)}`, MSISDN: `+3469${digits.slice(10, 17)}`, seed_type: seedType };
}

export async function ping(t: ScenarioContext, body: SeedPing): Promise<number> {
  const answer = await relay(t).POST("/seeds/ping", { headers: await t.headers({ scopes: [SCOPES.write] }), body });
  expect(answer.response.status, `ping answered ${JSON.stringify(answer.error)}`).toBe(200);
  return answer.data!.LPS;
}

export async function listSeeds(t: ScenarioContext) {
  const answer = await relay(t).GET("/seeds", { headers: await t.headers({ scopes: [SCOPES.read] }) });
  expect(answer.response.status, "GET /seeds status").toBe(200);
  return answer.data!;
}

export async function openSession(t: ScenarioContext, userId = user(t)): Promise<SyncSession> {
  const answer = await relay(t).GET("/v2/sync/users/{user_id}", { params: { path: { user_id: userId } }, headers: await t.headers({ scopes: [SCOPES.sync] }) });
  expect(answer.response.status, `createSyncSession answered ${JSON.stringify(answer.error)}`).toBe(200);
  return answer.data!;
}

/** Connects to a URL that must be accepted; the socket is closed at the end of the scenario. */
export async function connect(t: ScenarioContext, url: string): Promise<RecordedSocket> {
  const ws = await t.socket(url);
  expect(ws.status, `the upgrade to ${url} was refused: ${ws.refusalBody}`).toBe(101);
  t.cleanup(async () => ws.close());
  return ws;
}

/** The next frame, parsed: JSON messages as objects, `201- pause` / `200- ack` as their text. */
export async function nextMessage(ws: RecordedSocket, ms?: number): Promise<ServerMessage | undefined> {
  const text = await ws.next(ms);
  if (text === undefined) return undefined;
  if (text === PAUSE || text === ACK) return text;
  try {
    return JSON.parse(text) as ServerMessage;
  } catch {
    expect.fail(`the frame is neither JSON nor one of the status texts: ${text.slice(0, 100)}`);
  }
}

export async function nextSessionUrl(ws: RecordedSocket, ms?: number): Promise<SessionUrlMessage> {
  const m = await nextMessage(ws, ms);
  expect(m, "a session_url frame").toMatchObject({ type: "session_url" });
  return m as SessionUrlMessage;
}

/** Asserts the error frame then the close with that code. */
export async function expectClose(ws: RecordedSocket, code: ErrorMessage["code"]): Promise<void> {
  if (code !== 1000) {
    const m = (await nextMessage(ws)) as ErrorMessage | undefined;
    expect(m, `an error frame before the close ${code}`).toMatchObject({ type: "error", code });
  }
  const closed = await ws.closed();
  expect(closed?.code, "close code").toBe(code);
}

/** How long to wait for a frame that must NOT come (the target had its chance: it sends at once). */
export const QUIET_MS = 300;

let keys: { publicKey: string; privateKey: string } | undefined;
/** The app's RSA key pair (2048 bits), made once per run. */
export function appKeys() {
  keys ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return keys;
}

export const publicKeyMessage = (): PublicKeyMessage => ({ type: "public_key", publicKey: appKeys().publicKey });
export const authenticateMessage = (userId: string): AuthenticateMessage => ({ type: "authenticate", userId });
