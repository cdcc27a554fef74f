/**
 * The Number Verification dialect of the older official test definitions (fall24 r1.3, spring25
 * r2.4): "they use the base url", `the resource is "/verify"`, the HTTPS request, the NUMBERVERIFY_*
 * test assets. The connection's device is the plain test subscriber (…PHONENUMBER1), …PHONENUMBER2
 * is the second one.
 */
import { fail, skip } from "../outcome.ts";
import { sendRequest } from "../request.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";
import { responseValues } from "./response-helpers.ts";
import { sha256Hex } from "./test-data.ts";

/** The test subscriber a NUMBERVERIFY_* asset names: …1 (or none) the plain one, …2 the second. */
function nvAsset(world: World, name: string): { phoneNumber: string; hashed: boolean } {
  const hashed = /_HASHED/i.test(name);
  const second = /2$/.test(name);
  const s = second ? world.target.subscribers.plain2 : world.target.subscribers.plain;
  if (!s) skip(`the target configuration names no test subscriber for ${name}`);
  return { phoneNumber: s.phoneNumber, hashed };
}

function nvValue(world: World, name: string): string {
  const a = nvAsset(world, name);
  return a.hashed ? sha256Hex(a.phoneNumber) : a.phoneNumber;
}

export const legacyNumberVerificationSteps: StepDef[] = [
  {
    name: "legacy.nv-base-url",
    concept: "setup",
    patterns: [/^they use the base url$/i],
    run() {
      // the base url is the resource of the Background
    },
  },
  {
    name: "legacy.nv-resource-is",
    concept: "setup",
    patterns: [/^the resource is "(\/[^"]*)"$/i],
    run(world, [path]) {
      const base = world.resource;
      if (!base) throw new Error("no base url was named before the resource");
      world.resource = { ...base, path: `${base.path.replace(/\/+$/, "")}${path}`, raw: `${base.raw.replace(/\/+$/, "")}${path}` };
    },
  },
  {
    name: "legacy.nv-scope-included",
    concept: "auth",
    patterns: [/^one of the scopes associated with the access token is ([\w:.-]+)$/i],
    run(world) {
      world.auth = "valid";
    },
  },
  {
    name: "legacy.nv-scope-missing",
    concept: "auth",
    patterns: [/^none of the scopes associated with the access token is ([\w:.-]+)$/i],
    run(world) {
      world.auth = "missing-scope";
    },
  },
  {
    name: "legacy.nv-expired",
    concept: "auth",
    patterns: [/^the access token has expired$/i],
    run(world) {
      world.auth = "expired";
    },
  },
  {
    name: "legacy.nv-not-network-authenticated",
    concept: "auth",
    patterns: [/^the information, e\.g\. authentication method reference, associated with the access token indicates that (?:network authentication was NOT used|neither Network-based nor SIM-based authentication was used)$/i],
    run(world) {
      world.auth = "not-network-auth";
      world.subject = { ...world.subject, via: "token" };
    },
  },
  {
    name: "legacy.nv-oidc-token",
    concept: "auth",
    patterns: [/^they acquired a valid access token associated with (NUMBERVERIFY_\w+) through OIDC authorization code flow$/i],
    run(world, [asset]) {
      if (world.requestsSent > 0) return; // written after the Then steps: the request was sent with such a token
      nvAsset(world, asset);
      world.auth ??= "valid";
      world.subject = { ...world.subject, via: "token" };
    },
  },
  {
    name: "legacy.nv-connection",
    concept: "data",
    patterns: [/^the connection the request is sent over originates from a device with (NUMBERVERIFY_\w+)$/i],
    run(world, [asset]) {
      const s = /2$/.test(asset) ? world.target.subscribers.plain2 : world.target.subscribers.plain;
      world.setSubject(s, "plain", `test subscriber of ${asset}`);
      world.networkAuth = true;
      world.subject = { ...world.subject, via: "token" };
    },
  },
  {
    name: "legacy.nv-asset-compliant",
    concept: "data",
    patterns: [/^(NUMBERVERIFY_\w+) is compliant with the schema (\w+)$/i, /^(NUMBERVERIFY_\w+) is different to (NUMBERVERIFY_\w+)$/i],
    run(world, [a, b]) {
      if (/^NUMBERVERIFY_/i.test(b) && nvValue(world, a) === nvValue(world, b)) throw new Error(`the test data gives ${a} and ${b} the same phone number`);
    },
  },
  {
    name: "legacy.nv-body-field",
    concept: "body",
    patterns: [/^the request body has the field (phoneNumber|hashedPhoneNumber) with a value of (NUMBERVERIFY_\w+)$/i],
    run(world, [field, asset]) {
      // the fields the scenario names replace the default body's identifier (both may be named)
      if (!world.memory.get("nvFieldsCleared")) {
        world.memory.set("nvFieldsCleared", true);
        world.body.patches.push({ op: "delete", path: "$.phoneNumber" }, { op: "delete", path: "$.hashedPhoneNumber" });
      }
      world.body.patches.push({ op: "set", path: `$.${field}`, value: nvValue(world, asset) });
    },
  },
  {
    name: "legacy.nv-body-no-field",
    concept: "body",
    patterns: [/^the request body has NO the field phoneNumber or hashedPhoneNumber$/i],
    run(world) {
      world.body.patches.push({ op: "delete", path: "$.phoneNumber" }, { op: "delete", path: "$.hashedPhoneNumber" });
    },
  },
  {
    name: "legacy.nv-request-body-schema",
    concept: "body",
    patterns: [/^the request body is compliant with the schema (\w+)$/i],
    run() {
      // the default body of the operation complies with its schema
    },
  },
  {
    name: "legacy.nv-response-body-schema-declared",
    concept: "setup",
    patterns: [/^the response body is compliant with the schema (\w+)$/i],
    run(world) {
      // a Background declaration, before any request: each scenario checks its answer's schema itself
      if (world.requestsSent > 0) throw new Error("the step is only understood as a Background declaration");
    },
  },
  {
    name: "legacy.nv-https-send",
    concept: "send",
    patterns: [/^the HTTPS "([A-Z]+)" request is sent$/i],
    async run(world, [method]) {
      const ref = world.resource;
      if (!ref) throw new Error("no resource was named before the request is sent");
      const ops = world.runtime.specs.operationsAt(ref.api, ref.path);
      let op = ops.find((o) => o.method === method.toUpperCase());
      if (!op) {
        if (ops.length !== 1) skip(`no ${method} operation at ${ref.raw} in the specs of release ${world.target.release}`);
        op = ops[0];
        world.contradiction(`sends ${method} to ${ref.raw}, which the spec defines only with ${op.method} (${op.operationId}); sent with ${op.method}`);
      }
      await sendRequest(world, op, { main: true });
    },
  },
  {
    name: "legacy.nv-response-number",
    concept: "response",
    patterns: [/^the response property "([^"]+)" is set to (NUMBERVERIFY_\w+)$/i],
    run(world, [path, asset]) {
      const expected = nvValue(world, asset);
      const got = responseValues(world, path);
      if (got.length !== 1 || got[0] !== expected) fail(`response property ${path}`, expected, got.length === 1 ? got[0] : got);
    },
  },
];
