/**
 * What the in-home scenarios need from a target: the households of its test data (read from the
 * control plane's /testdata, section `inHome`), device sign-on, the STB's token, the open device's
 * update, the content lists, and the simulated home network (/_harness/in-home). A target without
 * our control plane skips these scenarios with that reason. Control-plane calls go through the plain
 * fetch: they are set-up, not evidence.
 */
import { decodeJwt } from "jose";
import { expect } from "vitest";
import { createInHomeContentClient } from "../../generated/in-home-content/1.0.0/client.ts";
import { createInHomeDetectionClient } from "../../generated/in-home-detection/1.0.0/client.ts";
import { apiRootFor } from "../../src/target/target.ts";
import type { ApiAnswer, ScenarioContext } from "../support/context.ts";
import { rawRequest } from "../support/raw.ts";

export const IAS = { api: "in-home-detection", basePath: "/ias/v3" } as const;
export const MDS = { api: "in-home-content", basePath: "/mds/v1" } as const;
export const SIGN_ON = "in-home-detection:sign-on";

interface Device {
  deviceId: string;
  secret: string;
  accountId: string;
  tenantId: string;
  kind: "managed" | "open";
}
interface Account {
  accountId: string;
  tenantId: string;
  sessionControl: { maxSessions: number; sessionControlEnabled: boolean };
}
interface Section {
  settings?: { broadcastTokenSeconds?: number };
  accounts: Account[];
  devices: Device[];
  channels: { channelId: string; inHomeOnly: boolean }[];
  content: { contentId: string; channelId?: string; inHomeOnly: boolean }[];
}

/** The roles the scenarios play, found by shape in the target's test data (no ids written here). */
export interface Households {
  /** an STB and an open device of one household with room for both */
  stb: Device;
  phone: Device;
  /** the STB of another household of the same tenant */
  neighbourStb: Device;
  /** the STB of a household with the same accountId in another tenant, when there is one */
  otherTenantStb?: Device;
  /** a household with maxSessions 1 and two devices */
  single?: { first: Device; second: Device };
  section: Section;
}

function controlRoot(t: ScenarioContext): string {
  t.require(t.target.clockUrl, "the target exposes no /_harness control plane (test households, home network)");
  return t.target.clockUrl.replace(/\/clock$/, "");
}

async function control(t: ScenarioContext, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${controlRoot(t)}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(t.target.timeoutMs),
  });
  if (res.status >= 300) throw new Error(`control plane ${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

export async function households(t: ScenarioContext): Promise<Households> {
  const section = ((await control(t, "GET", "/testdata")) as { inHome?: Section }).inHome;
  t.require(section?.devices?.length, "the target's test data has no in-home households (section inHome)");
  const devicesOf = (a: Account) => section.devices.filter((d) => d.accountId === a.accountId && d.tenantId === a.tenantId);
  const stbOf = (a: Account) => devicesOf(a).find((d) => d.kind === "managed");
  const roomy = section.accounts.filter((a) => !a.sessionControl.sessionControlEnabled || a.sessionControl.maxSessions >= 3);
  const home = roomy.find((a) => stbOf(a) && devicesOf(a).some((d) => d.kind === "open"));
  t.require(home, "no household with an STB, an open device and room for three sessions");
  const neighbour = roomy.find((a) => a !== home && a.tenantId === home.tenantId && stbOf(a));
  t.require(neighbour, "no second household of the same tenant with an STB");
  const otherTenant = section.accounts.find((a) => a.accountId === home.accountId && a.tenantId !== home.tenantId && stbOf(a));
  const single = section.accounts.find((a) => a.sessionControl.sessionControlEnabled && a.sessionControl.maxSessions === 1 && devicesOf(a).length >= 2);
  return {
    stb: stbOf(home)!,
    phone: devicesOf(home).find((d) => d.kind === "open")!,
    neighbourStb: stbOf(neighbour)!,
    otherTenantStb: otherTenant && stbOf(otherTenant),
    single: single && { first: devicesOf(single)[0], second: devicesOf(single)[1] },
    section,
  };
}

/** Connects an open device at "home", "away" or "<tenantId>/<accountId>"; puts it back home after the scenario. */
export async function place(t: ScenarioContext, device: Device, at: string): Promise<void> {
  await control(t, "PUT", `/in-home/devices/${encodeURIComponent(device.deviceId)}/network`, { at });
  t.cleanup(() => control(t, "PUT", `/in-home/devices/${encodeURIComponent(device.deviceId)}/network`, { at: "home" }));
}

/** The update-in-home tokens the open device hears where it is now. */
export async function heard(t: ScenarioContext, device: Device): Promise<string[]> {
  const body = await control(t, "GET", `/in-home/devices/${encodeURIComponent(device.deviceId)}/broadcasts`);
  return (body.broadcasts as { updateInHomeToken: string }[]).map((b) => b.updateInHomeToken);
}

/** A token of the service with any payload (e.g. no tenantId), from the control plane. */
export async function craftedBroadcastToken(t: ScenarioContext, payload: Record<string, unknown>): Promise<string> {
  return (await control(t, "POST", "/in-home/broadcast-tokens", payload)).updateInHomeToken;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, "x-correlator": crypto.randomUUID() });

export function ias(t: ScenarioContext) {
  return createInHomeDetectionClient(apiRootFor(t.target, IAS.api), { fetch: t.fetch });
}

export function mds(t: ScenarioContext) {
  return createInHomeContentClient(apiRootFor(t.target, MDS.api), { fetch: t.fetch });
}

export async function trySignOn(t: ScenarioContext, device: { deviceId: string }, secret: string) {
  const app = await t.token({ scopes: [SIGN_ON] });
  return ias(t).POST("/token/actions/signOn", { headers: bearer(app), body: { deviceId: device.deviceId, deviceSecret: secret } });
}

/** Signs the device on; its device access token. */
export async function signOn(t: ScenarioContext, device: Device): Promise<string> {
  const answer = await trySignOn(t, device, device.secret);
  expect(answer.response.status, `sign-on of ${device.deviceId}: ${JSON.stringify(answer.error)}`).toBe(200);
  return answer.data!.access_token;
}

export function generate(t: ScenarioContext, token: string) {
  return ias(t).GET("/token/actions/generateUpdateInHomeToken", { headers: bearer(token) });
}

/** The STB signs on and fetches the household's broadcast token. */
export async function broadcastOf(t: ScenarioContext, stb: Device): Promise<string> {
  const answer = await generate(t, await signOn(t, stb));
  expect(answer.response.status, `generateUpdateInHomeToken: ${JSON.stringify(answer.error)}`).toBe(200);
  return answer.data!.updateInHomeToken;
}

/** PUT updateInHomeStatus with any body (raw: the scenarios also send bodies the schema refuses). */
export function update(t: ScenarioContext, token: string, body: unknown): Promise<ApiAnswer> {
  return rawRequest(t, { method: "PUT", url: t.url(IAS.api, IAS.basePath, "/token/actions/updateInHomeStatus"), headers: { ...bearer(token), "content-type": "application/json" }, body });
}

/** Updates and expects a new token; returns it. */
export async function updated(t: ScenarioContext, token: string, body: unknown): Promise<string> {
  const answer = await update(t, token, body);
  expect(answer.response.status, `updateInHomeStatus: ${JSON.stringify(answer.data)}`).toBe(200);
  return (answer.data as { access_token: string }).access_token;
}

export async function channelIds(t: ScenarioContext, token: string) {
  const answer = await mds(t).GET("/channels", { headers: bearer(token) });
  expect(answer.response.status, "listChannels").toBe(200);
  return { inHome: answer.data!.inHome, ids: answer.data!.channels.map((c) => c.channelId) };
}

export async function itemIds(t: ScenarioContext, token: string, channelId?: string) {
  const answer = await mds(t).GET("/content", { headers: bearer(token), params: { query: channelId ? { channelId } : {} } });
  expect(answer.response.status, "listContent").toBe(200);
  return { inHome: answer.data!.inHome, ids: answer.data!.items.map((i) => i.contentId) };
}

export function getItem(t: ScenarioContext, token: string, contentId: string) {
  return mds(t).GET("/content/{contentId}", { headers: bearer(token), params: { path: { contentId } } });
}

/** The catalogue's in-home-only channels and items (an item of an in-home-only channel counts). */
export function inHomeOnly(section: Section) {
  const channels = section.channels.filter((c) => c.inHomeOnly).map((c) => c.channelId);
  const items = section.content.filter((i) => i.inHomeOnly || (i.channelId !== undefined && channels.includes(i.channelId))).map((i) => i.contentId);
  return { channels, items };
}

export const claimsOf = (token: string) => decodeJwt(token) as Record<string, unknown> & { exp?: number };

export { bearer };
