/**
 * Seeded property test: random schema-violating or garbage requests (random JSON values, mutated
 * valid bodies, random property names and types, random headers and path parameters, an occasional
 * wrong method or clock jump) against every QoD / QoS Profiles operation with a valid token.
 * Properties: never a 5xx (nor a thrown error), and every non-2xx answer is a CAMARA ErrorInfo
 * {status == HTTP status, code: string, message: string} served as application/json.
 * Re-run a failure with MOCK_FUZZ_SEED=<seed>; the seed is in the test name.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { MockRequest } from "../../src/core/http.ts";
import { DEVICES, mint, type MockFixture, QOD, QOS, sessionBody, startMock } from "./helpers.ts";

const SEED = Number(process.env.MOCK_FUZZ_SEED ?? 0x5eed_2025);
const RUNS = Number(process.env.MOCK_FUZZ_RUNS ?? 300);
const ORIGIN = "https://mock.local"; // so that the only sink the fuzzer names is delivered in-process

/** mulberry32: tiny, seeded, good enough to pick test inputs. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

const KEYS = [
  "device", "phoneNumber", "ipv4Address", "publicAddress", "privateAddress", "publicPort", "ipv6Address",
  "networkAccessIdentifier", "applicationServer", "devicePorts", "applicationServerPorts", "ranges", "from", "to",
  "ports", "qosProfile", "sink", "sinkCredential", "credentialType", "accessToken", "accessTokenType",
  "accessTokenExpiresUtc", "duration", "requestedAdditionalDuration", "name", "status", "__proto__", "constructor",
  "toString", "", " ", "$ref",
] as const;
const STRINGS = [
  "", " ", "QOS_E", "QOS_L", "QOS_LAB", "QOS_LEGACY", "ACTIVE", "INACTIVE", "ACCESSTOKEN", "PLAIN", "bearer",
  "+34600000001", "+34600000003", "+34699999999", "198.51.100.10", "10.0.0.10", "2001:db8:1::10", "2001:db8:2::9",
  "judy@iot.operator.example", "https://mock.local/_harness/sink/fuzz", "2030-01-01T00:00:00Z", "null", "{}", "%",
  "\u0000", "é✓𝄞", "a".repeat(3000), "3fa85f64-5717-4562-b3fc-2c963f66afa6",
] as const;
const NUMBERS = [0, -0, 1, -1, 59, 60, 3600, 3601, 65535, 65536, 86_400, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e308, -1e308, 0.5, 1.5];

function randomString(r: Rng): string {
  if (r.chance(0.5)) return r.pick(STRINGS);
  const len = r.int(20);
  let s = "";
  for (let i = 0; i < len; i++) s += String.fromCodePoint(r.chance(0.9) ? 32 + r.int(95) : r.int(0x2fff));
  return s;
}

/**
 * Sets an own property, even "__proto__": a plain assignment would change the prototype (or, one
 * level down, pollute Object.prototype of the whole test process) instead of adding a JSON member.
 */
function put(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function randomJson(r: Rng, depth = 0): unknown {
  const kind = r.int(depth > 2 ? 4 : 7);
  switch (kind) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return r.pick(NUMBERS);
    case 3: return randomString(r);
    case 4: return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) put(o, r.chance(0.7) ? r.pick(KEYS) : randomString(r), randomJson(r, depth + 1));
      return o;
    }
  }
}

/** A valid body with one random mutation at the top level or one level down. */
function mutate(r: Rng, valid: Record<string, unknown>): unknown {
  const body: Record<string, any> = structuredClone(valid);
  const keys = Object.keys(body);
  const target = keys.length > 0 && r.chance(0.8) ? r.pick(keys) : r.pick(KEYS);
  switch (r.int(4)) {
    case 0: delete body[target]; break;
    case 1: put(body, target, randomJson(r, 1)); break;
    case 2: put(body, r.chance(0.5) ? r.pick(KEYS) : randomString(r), randomJson(r, 1)); break;
    default: {
      const inner = Object.hasOwn(body, target) ? body[target] : undefined;
      if (inner && typeof inner === "object") put(inner, r.pick(KEYS), randomJson(r, 2));
      else put(body, target, randomJson(r, 2));
    }
  }
  return body;
}

interface Target {
  operationId: string;
  method: string;
  path: (param: string) => string;
  valid?: () => Record<string, unknown>;
  param?: "sessionId" | "name";
}

const TARGETS: Target[] = [
  { operationId: "createSession", method: "POST", path: () => `${QOD}/sessions`, valid: () => sessionBody({ sink: "https://mock.local/_harness/sink/fuzz" }) },
  { operationId: "getSession", method: "GET", path: (id) => `${QOD}/sessions/${id}`, param: "sessionId" },
  { operationId: "deleteSession", method: "DELETE", path: (id) => `${QOD}/sessions/${id}`, param: "sessionId" },
  { operationId: "extendQosSessionDuration", method: "POST", path: (id) => `${QOD}/sessions/${id}/extend`, valid: () => ({ requestedAdditionalDuration: 60 }), param: "sessionId" },
  { operationId: "retrieveSessionsByDevice", method: "POST", path: () => `${QOD}/retrieve-sessions`, valid: () => ({ device: DEVICES.alice }) },
  { operationId: "retrieveQoSProfiles", method: "POST", path: () => `${QOS}/retrieve-qos-profiles`, valid: () => ({ status: "ACTIVE" }) },
  { operationId: "getQosProfile", method: "GET", path: (name) => `${QOS}/qos-profiles/${name}`, param: "name" },
];
const CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "text/plain", "", "application/problem+json", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"];
const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

let m: MockFixture;
let tokens: string[];
const sessionIds: string[] = [];
beforeAll(async () => {
  m = await startMock();
  tokens = [await mint(m.app, { expiresIn: 10_000_000 }), await mint(m.app, { phoneNumber: DEVICES.laura.phoneNumber, expiresIn: 10_000_000 })];
  for (const device of [DEVICES.bob, DEVICES.dave, DEVICES.ken]) {
    const res = await m.app.handle(build("POST", `${QOD}/sessions`, { authorization: `Bearer ${tokens[0]}`, "content-type": "application/json" }, JSON.stringify(sessionBody({ device }))));
    sessionIds.push(JSON.parse(res.body!).sessionId);
  }
});
afterAll(() => m.app.close());

function build(method: string, path: string, headers: Record<string, string>, body: string): MockRequest {
  const q = path.indexOf("?");
  return { method, path: q < 0 ? path : path.slice(0, q), query: new URLSearchParams(q < 0 ? "" : path.slice(q + 1)), headers, body, origin: ORIGIN };
}

function randomParam(r: Rng, target: Target): string {
  if (target.param === "sessionId" && r.chance(0.3)) return r.pick(sessionIds);
  if (target.param === "name" && r.chance(0.2)) return r.pick(["QOS_E", "QOS_LAB", "QOS_NOPE"]);
  const raw = r.chance(0.2) ? crypto.randomUUID() : randomString(r);
  return r.chance(0.85) ? encodeURIComponent(raw) : raw.replace(/[/?#]/g, "");
}

function randomRequest(r: Rng): { req: MockRequest; target: Target } {
  const target = r.pick(TARGETS);
  const headers: Record<string, string> = { authorization: `Bearer ${r.chance(0.8) ? tokens[0] : tokens[1]}` };
  let body = "";
  if (target.valid || r.chance(0.1)) {
    const style = r.int(10);
    const value = style < 5 && target.valid ? mutate(r, target.valid()) : style < 8 ? randomJson(r) : undefined;
    body = value === undefined ? randomString(r) : JSON.stringify(value) ?? "";
    headers["content-type"] = r.chance(0.8) ? "application/json" : r.pick(CONTENT_TYPES);
  }
  if (r.chance(0.3)) headers["x-correlator"] = randomString(r);
  if (r.chance(0.2)) headers.accept = r.pick(["application/json", "text/html", "*/*", randomString(r)]);
  for (let i = r.int(3); i > 0; i--) headers[`x-fuzz-${r.int(1000)}`] = randomString(r);
  const method = r.chance(0.05) ? r.pick(METHODS) : target.method;
  const query = r.chance(0.1) ? `?${encodeURIComponent(randomString(r))}=${encodeURIComponent(randomString(r))}` : "";
  return { req: build(method, target.path(randomParam(r, target)) + query, headers, body), target };
}

function describeRequest(i: number, req: MockRequest): string {
  const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== "authorization"));
  return `#${i} ${req.method} ${req.path} headers=${JSON.stringify(headers)} body=${JSON.stringify(req.body.slice(0, 300))}`;
}

it(`${RUNS} random requests (seed ${SEED}): never a 5xx, every non-2xx an ErrorInfo`, async () => {
  const r = prng(SEED);
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  for (let i = 0; i < RUNS; i++) {
    if (r.chance(0.05)) await m.clock.advance(r.pick([0.5, 1, 30, 600, 4000]));
    const { req } = randomRequest(r);
    let res;
    try {
      res = await m.app.handle(req);
    } catch (error) {
      failures.push(`threw ${(error as Error).message}: ${describeRequest(i, req)}`);
      continue;
    }
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500) {
      failures.push(`${res.status} ${res.body}: ${describeRequest(i, req)}`);
      continue;
    }
    if (res.status < 300) continue;
    let info: any;
    try {
      info = JSON.parse(res.body ?? "");
    } catch {
      failures.push(`${res.status} without a JSON body: ${describeRequest(i, req)}`);
      continue;
    }
    const ok =
      /^application\/json/.test(res.headers["content-type"] ?? "") &&
      info !== null &&
      typeof info === "object" &&
      info.status === res.status &&
      typeof info.code === "string" &&
      typeof info.message === "string";
    if (!ok) failures.push(`${res.status} not an ErrorInfo (${res.headers["content-type"]}) ${res.body}: ${describeRequest(i, req)}`);
  }
  // the run must have exercised more than one outcome, or it proves little
  expect(statuses.size, JSON.stringify([...statuses])).toBeGreaterThan(4);
  expect(Object.keys(Object.prototype), "the fuzzer polluted Object.prototype").toEqual([]);
  expect(failures, `seed ${SEED}`).toEqual([]);
  expect(m.bugs, `seed ${SEED}: the mock reported bugs of its own`).toEqual([]);
});
