/**
 * The seeded generator of the fuzz run: bad requests derived from the served specs (the operation
 * index of src/openapi/operations.ts: paths, parameters, body schemas, scopes) and from each API
 * module's well-formed request, broken one way at a time with the classes of bad-values.ts, plus the
 * control plane (/_harness) and the authorization server. Same seed, same requests.
 */
import type { MockRequest } from "../../src/core/http.ts";
import type { Random } from "../../src/core/seeded-random.ts";
import { moduleOf } from "../../src/apis/registry.ts";
import type { OperationSpec } from "../../src/openapi/operations.ts";
import { badValue, deeplyNested, longString, malformedJson, malformedPercent, ODD_DATES, ODD_STRINGS, Raw, toJsonText } from "./bad-values.ts";

type Json = Record<string, unknown>;

/** A UUID from the seeded source (the run must be reproducible). */
function uuid(r: Random): string {
  const hex = Array.from({ length: 32 }, () => r.int(16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** encodeURIComponent that survives lone surrogates (they become the bytes a broken client sends). */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
}

export const FUZZ_ORIGIN = "http://mock.fuzz";
const FACTS = { subscribers: { plain: { phoneNumber: "+34600000001" } }, qosProfiles: { active: "QOS_E", activeMaxDurationSeconds: 86_400 } };
const PHONES = ["+34600000001", "+34600000002", "+34600000003", "+34600000004", "+34600000011", "+34699999999"];

export interface FuzzRequest {
  req: MockRequest;
  /** what was broken, for the report */
  kind: string;
}

/** Tokens the generator may put in requests, by key (see TokenPool in run.ts). */
export interface TokenLookup {
  (scopes: string[], phoneNumber?: string): string | undefined;
}

function request(method: string, path: string, headers: Record<string, string | undefined>, body = "", origin = FUZZ_ORIGIN): MockRequest {
  const q = path.indexOf("?");
  return {
    method,
    path: q < 0 ? path : path.slice(0, q),
    query: new URLSearchParams(q < 0 ? "" : path.slice(q + 1)),
    headers,
    body,
    origin,
  };
}

/** A sample of a JSON schema (dereferenced): required members and some optional ones, values in range. */
export function sample(schema: Json | undefined, r: Random, depth = 0): unknown {
  if (!schema || depth > 8) return {};
  if (schema.example !== undefined && r.chance(0.5)) return schema.example;
  if (Array.isArray(schema.enum)) return r.pick(schema.enum);
  for (const k of ["oneOf", "anyOf"] as const) if (Array.isArray(schema[k])) return sample(r.pick(schema[k] as Json[]), r, depth + 1);
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...(schema.allOf as Json[]).map((s) => sample(s, r, depth + 1)).filter((v) => typeof v === "object" && v !== null));
  }
  switch (schema.type) {
    case "object": {
      const out: Json = {};
      const required = new Set((schema.required as string[]) ?? []);
      for (const [name, sub] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
        if (required.has(name) || r.chance(0.3)) out[name] = sample(sub, r, depth + 1);
      }
      return out;
    }
    case "array":
      return Array.from({ length: Math.max(Number(schema.minItems ?? 0), r.int(3)) }, () => sample(schema.items as Json, r, depth + 1));
    case "integer":
    case "number": {
      const min = Number(schema.minimum ?? 0);
      const max = Number(schema.maximum ?? min + 1000);
      return min + r.int(Math.max(1, Math.min(max - min, 1e6)));
    }
    case "boolean":
      return r.chance(0.5);
    case "string":
      if (schema.format === "date-time") return new Date(Date.UTC(2030, 0, 1)).toISOString();
      if (schema.format === "ipv4") return "203.0.113.7";
      if (schema.format === "ipv6") return "2001:db8::1";
      if (schema.format === "uri" || schema.format === "url") return "https://mock.fuzz/_harness/sink/fuzz";
      return "x";
    default:
      return {};
  }
}

/** Every path to a leaf (or member) of a JSON value, e.g. ["device", "phoneNumber"]. */
function paths(value: unknown, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (typeof value === "object" && value !== null && prefix.length < 6) {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  return out;
}

function setAt(value: unknown, path: string[], to: unknown): unknown {
  if (path.length === 0) return to;
  const copy: Json = Array.isArray(value) ? ([...value] as unknown as Json) : { ...(value as Json) };
  copy[path[0]] = setAt((value as Json)[path[0]], path.slice(1), to);
  return copy;
}

function dropAt(value: unknown, path: string[]): unknown {
  if (path.length === 0) return undefined;
  if (path.length === 1) {
    const copy = { ...(value as Json) };
    delete copy[path[0]];
    return copy;
  }
  return setAt(value, path.slice(0, 1), dropAt((value as Json)[path[0]], path.slice(1)));
}

/** The body of an operation, broken one way. */
function brokenBody(op: OperationSpec, base: unknown, r: Random): { text: string; kind: string } {
  const good = base ?? sample(op.requestBody?.schema, r);
  const all = paths(good);
  const where = r.pick(all);
  switch (r.int(8)) {
    case 0:
      return { text: toJsonText(good), kind: "well-formed" };
    case 1:
      return { text: malformedJson(toJsonText(good), r), kind: "malformed JSON" };
    case 2:
      return { text: toJsonText(dropAt(good, where)), kind: `missing ${where.join(".") || "body"}` };
    case 3:
      return { text: toJsonText(setAt(good, [...where.slice(0, -1), r.pick(["__proto__", "extra", "x".repeat(300), "\ud800"])], badValue(r))), kind: "extra member" };
    case 4:
      return { text: toJsonText(setAt(good, where, r.pick(ODD_DATES))), kind: `odd date at ${where.join(".")}` };
    case 5:
      return { text: toJsonText(setAt(good, where, deeplyNested(r.pick([60, 70, 4100, 10_000]), r))), kind: "deep nesting" };
    default:
      return { text: toJsonText(setAt(good, where, badValue(r))), kind: `bad value at ${where.join(".") || "body"}` };
  }
}

function fillPath(op: OperationSpec, wellFormed: string | undefined, r: Random): string {
  if (wellFormed && r.chance(0.6)) return `${op.basePath}${wellFormed}`;
  return `${op.basePath}${op.path.replace(/\{[^}]+\}/g, () =>
    r.pick([uuid(r), "QOS_E", "%E0%A4%A", malformedPercent(r), encode(r.pick(ODD_STRINGS)) || "x", "x".repeat(r.pick([1, 300, 5000])), ".."]),
  )}`;
}

function headerTricks(r: Random, headers: Record<string, string | undefined>): string {
  switch (r.int(6)) {
    case 0:
      headers["x-correlator"] = r.pick(["", "a\r\nb", "x".repeat(300), "\u00e9", "$(id)", uuid(r)]);
      return "x-correlator";
    case 1:
      headers["content-type"] = r.pick(["text/plain", "application/json; charset=latin1", "application/xml", "", "multipart/form-data; boundary=x", "application/merge-patch+json"]);
      return "content-type";
    case 2:
      headers.authorization = r.pick(["", "Bearer", "Bearer ", "Basic Zm9vOmJhcg==", `Bearer ${"A".repeat(20_000)}`, "Bearer a.b.c", "bearer eyJhbGciOiJub25lIn0.e30."]);
      return "authorization";
    case 3:
      headers["x-forwarded-for"] = r.pick(["203.0.113.9", "::1", "not-an-ip", "1.1.1.1, 2.2.2.2", ""]);
      return "x-forwarded-for";
    case 4:
      headers.host = r.pick(["evil.example", "", "a".repeat(1000), "127.0.0.1:1"]);
      return "host";
    default:
      return "none";
  }
}

export interface GeneratorContext {
  ops: OperationSpec[];
  token: TokenLookup;
}

/** One bad request. */
export function generate(ctx: GeneratorContext, r: Random): FuzzRequest {
  const roll = r.next();
  if (roll < 0.12) return controlPlane(r);
  if (roll < 0.17) return authServer(r);
  const op = r.pick(ctx.ops);
  const well = moduleOf(op.api)?.requests?.[op.operationId]?.(FACTS);
  const phone = well?.subscriber?.phoneNumber ?? (r.chance(0.2) ? r.pick(PHONES) : undefined);
  const headers: Record<string, string | undefined> = {};
  const token = ctx.token(op.scopes[0] ?? [], phone);
  if (token && !r.chance(0.05)) headers.authorization = `Bearer ${token}`;
  let body = "";
  let kind = "path/params";
  if (op.requestBody) {
    headers["content-type"] = "application/json";
    const b = r.chance(0.01) ? { text: toJsonText({ pad: longString(r).repeat(8) }), kind: "oversized body" } : brokenBody(op, well?.body, r);
    body = b.text;
    kind = b.kind;
  }
  const trick = r.chance(0.15) ? headerTricks(r, headers) : "none";
  let path = fillPath(op, well?.path, r);
  if (r.chance(0.1)) path += `?${r.pick(["maxAge=-1", "maxAge=1e309", "maxAge=%E0%A4%A", "a=%", `x=${"y".repeat(5000)}`, "limit=abc"])}`;
  const method = r.chance(0.03) ? r.pick(["PUT", "PATCH", "DELETE", "GET", "HEAD"]) : op.method.toUpperCase();
  const origin = trick === "host" ? `http://${headers.host || "empty.invalid"}` : r.chance(0.05) ? `http://h${r.int(1_000_000)}.invalid` : FUZZ_ORIGIN;
  return { req: request(method, path, headers, body, origin), kind: `${op.operationId}: ${kind}${trick === "none" ? "" : ` + ${trick}`}` };
}

function controlPlane(r: Random): FuzzRequest {
  const json = { "content-type": "application/json" };
  switch (r.int(7)) {
    case 0:
      return { req: request("POST", "/_harness/clock", json, toJsonText({ advanceSeconds: r.chance(0.5) ? badValue(r) : new Raw(r.pick(["253402300800", "1e309", "-1", "0", "1", "0.5", "3600"])) })), kind: "clock" };
    case 1:
      return {
        req: request("POST", "/_harness/tokens", json, toJsonText({ clientId: r.pick(["demo-app", "nobody", "", 1]), scope: r.pick(["qos-profiles:read", longString(r), ""]), expiresIn: r.chance(0.7) ? badValue(r) : new Raw(r.pick(["1e309", "-1e309", "1e12", "60", "-60", "0.5"])) })),
        kind: "tokens",
      };
    case 2: {
      const name = r.chance(0.5) ? malformedPercent(r) : r.pick(["fuzz", "a", encode(r.pick(ODD_STRINGS)) || "x", `n${r.int(1000)}`]);
      const body = r.chance(0.3) ? deeplyNested(r.pick([100, 10_000]), r).text : r.chance(0.05) ? "y".repeat(900 * 1024) : toJsonText({ v: badValue(r) });
      return { req: request(r.chance(0.6) ? "POST" : "GET", `/_harness/sink/${name}`, json, body), kind: "sink" };
    }
    case 3:
      return { req: request("POST", `/_harness/subscribers/${r.chance(0.5) ? malformedPercent(r) : encode(r.pick(PHONES))}/sim-change`, json, ""), kind: "sim-change" };
    case 4:
      return { req: request("GET", r.pick(["/_harness/events", "/_harness/clock", "/_harness/testdata", "/_harness/nope", "/_harness/", "/_harness//sink/x"]), {}), kind: "control read" };
    case 5:
      return { req: request("OPTIONS", r.pick(["/quality-on-demand/v1/sessions", "/_harness/clock", "/token"]), { origin: "https://app.example", "access-control-request-method": "POST" }), kind: "CORS preflight" };
    default:
      return { req: request(r.pick(["DELETE", "PUT", "PATCH"]), r.pick(["/_harness/reset", "/_harness/clock", "/_harness/tokens"]), json, "{}"), kind: "control method" };
  }
}

function authServer(r: Random): FuzzRequest {
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const fields = () =>
    new URLSearchParams({
      grant_type: r.pick(["client_credentials", "password", "authorization_code", "urn:openid:params:grant-type:ciba", "", "refresh_token"]),
      scope: r.pick(["qos-profiles:read", "", "openid", longString(r).slice(0, 5000)]),
      ...(r.chance(0.5) ? { client_id: r.pick(["demo-app", "partner-app", "", "x"]) } : {}),
      ...(r.chance(0.3) ? { client_secret: r.pick(["demo-app-secret", "wrong", ""]) } : {}),
      ...(r.chance(0.2) ? { client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: r.pick(["a.b.c", "", "eyJhbGciOiJub25lIn0.e30."]) } : {}),
      ...(r.chance(0.2) ? { login_hint: r.pick(["tel:+34600000001", "tel:", "ipport:1.2.3.4:5", "x"]) } : {}),
    }).toString();
  switch (r.int(5)) {
    case 0:
      return { req: request("POST", "/token", { ...form, authorization: r.pick([undefined, "Basic ZGVtby1hcHA6ZGVtby1hcHAtc2VjcmV0", "Basic %%%", "Basic "]) }, fields()), kind: "token" };
    case 1:
      return { req: request("POST", "/bc-authorize", { ...form, authorization: "Basic ZGVtby1hcHA6ZGVtby1hcHAtc2VjcmV0" }, fields()), kind: "bc-authorize" };
    case 2:
      return { req: request("GET", `/authorize?${r.pick(["", "response_type=code", "client_id=demo-app&redirect_uri=http://evil.example&response_type=code&scope=openid", `state=${malformedPercent(r)}`])}`, {}), kind: "authorize" };
    case 3:
      return { req: request("POST", "/token", { "content-type": r.pick(["application/json", "text/plain", ""]) }, malformedJson("{}", r)), kind: "token media" };
    default:
      return { req: request(r.pick(["GET", "POST", "DELETE"]), r.pick(["/.well-known/openid-configuration", "/jwks", "/token"]), {}), kind: "auth metadata" };
  }
}
