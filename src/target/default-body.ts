/**
 * "The request body is set by default to a request body compliant with the schema": a valid body for
 * any operation, built from its schema and the target's test data. Required properties are always
 * present; the subject's identifier (`device`, `phoneNumber`) is present when the subject is given in
 * the body (2-legged) or when it is the value the operation works on (Number Verification); the
 * properties the definitions name (qosProfile, duration, applicationServer...) take values the target
 * accepts. Anything else comes from the schema (example, default, first enum value, type).
 */
import { randomUUID } from "node:crypto";
import { effective, type Schema } from "../openapi/schema-view.ts";
import type { TargetContext, TestSubscriber } from "./target.ts";
import type { OperationSpec } from "../openapi/operations.ts";


export interface BodyContext {
  op: OperationSpec;
  target: TargetContext;
  subject?: TestSubscriber;
  /** the subject is identified in the body (2-legged token) rather than by the token */
  identifierInBody: boolean;
  /** where the target can deliver notifications (the runner's sink), if anywhere */
  sinkUrl?: string;
}

/** Whether the operation identifies its subject from `device` / `phoneNumber` (Commonalities identification rules). */
export function identifiesSubject(op: OperationSpec): boolean {
  const has = (status: number, code: string) => op.errorCodes.get(status)?.has(code) ?? false;
  const current = has(422, "MISSING_IDENTIFIER") || has(422, "UNNECESSARY_IDENTIFIER") || has(404, "IDENTIFIER_NOT_FOUND");
  // Commonalities 0.4 names (Fall24): UNIDENTIFIABLE_DEVICE, DEVICE_NOT_FOUND, UNIDENTIFIABLE_PHONE_NUMBER
  const legacy = has(422, "UNIDENTIFIABLE_DEVICE") || has(404, "DEVICE_NOT_FOUND") || has(422, "UNIDENTIFIABLE_PHONE_NUMBER");
  // a `device` is always the subject, whatever codes the spec lists
  const device = "device" in ((effective(op.requestBody?.schema as Schema | undefined).properties ?? {}) as object);
  return current || legacy || device;
}

/**
 * APIs whose tokens are always 3-legged and must come from network-based authentication: Number
 * Verification 2.x ("the phone number associated with the access token"; 403
 * NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK otherwise).
 */
export const NETWORK_AUTHENTICATED_APIS: ReadonlySet<string> = new Set(["number-verification"]);

/** Documentation addresses (RFC 5737 / 3849): never routed, so a wrongly created resource harms nobody. */
export const APPLICATION_SERVER = { ipv4Address: "203.0.113.40" };
export const EXAMPLE_SINK = "https://application-server.example.com/notifications";

export function deviceOf(s: TestSubscriber): { phoneNumber: string } {
  // one identifier keeps DeviceResponse unambiguous; every test subscriber has a phone number
  return { phoneNumber: s.phoneNumber };
}

export function validDuration(target: TargetContext, wanted = 60): number {
  const { activeMinDurationSeconds: min = 1, activeMaxDurationSeconds: max = Number.MAX_SAFE_INTEGER } = target.qosProfiles;
  return Math.max(min, Math.min(wanted, max));
}

export function accessTokenCredential(token = `harness-sink-${randomUUID()}`): Record<string, unknown> {
  return {
    credentialType: "ACCESSTOKEN",
    accessToken: token,
    accessTokenType: "bearer",
    accessTokenExpiresUtc: new Date(Date.now() + 30 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/**
 * A valid value for a property the definitions name, or undefined to let the schema decide.
 * `path` is the property's path from the body root.
 */
export function knownValue(name: string, path: string[], ctx: BodyContext): unknown {
  const subject = ctx.subject ?? ctx.target.subscribers.plain;
  switch (name) {
    case "device":
      return subject ? deviceOf(subject) : undefined;
    case "phoneNumber":
      return subject?.phoneNumber;
    case "ipv4Address":
      if (path.includes("device")) return subject?.device?.ipv4Address ?? { publicAddress: "198.51.100.10", publicPort: 5000 };
      return path.includes("applicationServer") ? APPLICATION_SERVER.ipv4Address : undefined;
    case "ipv6Address":
      if (path.includes("device")) return subject?.device?.ipv6Address ?? "2001:db8:1::10";
      return undefined;
    case "applicationServer":
      return { ...APPLICATION_SERVER };
    case "qosProfile":
      return ctx.target.qosProfiles.active;
    case "duration":
      return validDuration(ctx.target);
    case "requestedAdditionalDuration":
      return 60;
    case "devicePorts":
      return { ranges: [{ from: 5010, to: 5020 }], ports: [5060] };
    case "applicationServerPorts":
      return { ranges: [{ from: 8000, to: 8010 }], ports: [443] };
    case "sink":
      return ctx.sinkUrl ?? EXAMPLE_SINK;
    case "sinkCredential":
      return accessTokenCredential();
    case "protocol":
      return "HTTP";
    // Click to Dial: the subject's line calls a number outside the test data (a plain line)
    case "caller":
      return subject && path.length === 0 ? { number: subject.phoneNumber } : undefined;
    case "callee":
      return path.length === 0 ? { number: ctx.target.subscribers.unknown.phoneNumber } : undefined;
    default:
      return undefined;
  }
}

/** Should an optional property be in the default body? Only the subject's identifier is. */
function includeOptional(name: string, path: string[], ctx: BodyContext): boolean {
  if (path.length > 0 && path[path.length - 1] !== "subscriptionDetail") return false;
  if (name !== "device" && name !== "phoneNumber") return false;
  return identifiesSubject(ctx.op) ? ctx.identifierInBody : name === "phoneNumber";
}

function firstVariant(schema: Schema): Schema {
  const s = effective(schema);
  const variant = (s.oneOf ?? s.anyOf)?.[0];
  return variant ? { ...effective(variant), ...s, oneOf: undefined, anyOf: undefined } : s;
}

/** A value valid for a schema, using what the schema offers (example, default, enum, type). */
export function sample(schema: Schema | undefined, path: string[], ctx: BodyContext): unknown {
  if (!schema) return {};
  const s = firstVariant(schema);
  const name = path[path.length - 1];
  const known = name === undefined ? undefined : knownValue(name, path.slice(0, -1), ctx);
  if (known !== undefined) return known;
  if (s.example !== undefined) return structuredClone(s.example);
  if (s.default !== undefined) return structuredClone(s.default);
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const type = s.type ?? (s.properties ? "object" : undefined);
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [prop, propSchema] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
        if (!(s.required ?? []).includes(prop) && !includeOptional(prop, path, ctx)) continue;
        const v = sample(propSchema, [...path, prop], ctx);
        if (v !== undefined) out[prop] = v;
      }
      return out;
    }
    case "array": {
      const item = sample(s.items as Schema, [...path, "0"], ctx);
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => structuredClone(item));
    }
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? s.minimum : 1;
    case "boolean":
      return true;
    case "string":
      if (s.format === "date-time") return new Date(Date.now() + 86_400_000).toISOString();
      if (s.format === "uuid") return randomUUID();
      if (s.format === "uri" || s.format === "url") return EXAMPLE_SINK;
      return "harness";
    default:
      return undefined;
  }
}

/** The default body of an operation (undefined when it takes none). */
export function defaultBody(ctx: BodyContext): unknown {
  const schema = ctx.op.requestBody?.schema as Schema | undefined;
  if (!ctx.op.requestBody) return undefined;
  return sample(schema ?? { type: "object" }, [], ctx);
}

/** Whether the operation's body must carry a sink (explicit subscriptions). */
export function requiresSink(op: OperationSpec): boolean {
  return ((effective(op.requestBody?.schema as Schema | undefined).required ?? []) as string[]).includes("sink");
}
