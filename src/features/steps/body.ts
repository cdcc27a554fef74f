/**
 * The request body (API-Testing-Guidelines "Request setup"): the default body, no body, `{}`, a body
 * that breaks the schema, and changes to single properties by JSONPath: literal values, removal,
 * a value that breaks a named schema, the subject's identifier, an unknown or unsupported one.
 * Changes are recorded and applied to the default body when the request is sent, so their order
 * with the token steps does not matter. Values described in words are in body-values.ts.
 */
import { normalisePath } from "../json-path.ts";
import { skip } from "../outcome.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";

const PROP = String.raw`the request (?:body )?property "([^"]+)"`;
/** a value written as JSON (string, number, object, array, literal) */
const LITERAL = String.raw`("[^"]*"|-?\d+(?:\.\d+)?|\{.*\}|\[.*\]|true|false|null)`;

export function parseLiteral(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.replace(/^"|"$/g, "");
  }
}

function set(world: World, path: string, value: unknown): void {
  world.body.patches.push({ op: "set", path: normalisePath(path), value });
}

function remove(world: World, ...paths: string[]): void {
  for (const p of paths) world.body.patches.push({ op: "delete", path: normalisePath(p) });
}

export const bodySteps: StepDef[] = [
  {
    name: "body.default",
    concept: "body",
    patterns: [/^the request body is set by default to a request body compliant with the schema(?: at "([^"]+)")?$/i],
    run(world) {
      world.body = { mode: "default", patches: [], explicit: false };
    },
  },
  {
    name: "body.valid",
    concept: "body",
    patterns: [/^the request body is set to a valid request body$/i, /^a valid (?:[\w<>-]+ )?subscription request body$/i],
    run(world) {
      world.body = { mode: "default", patches: [], explicit: true };
    },
  },
  {
    name: "body.absent",
    concept: "body",
    patterns: [/^the request body is not included$/i],
    run(world) {
      world.body = { mode: "absent", patches: [], explicit: true };
    },
  },
  {
    name: "body.literal",
    concept: "body",
    patterns: [new RegExp(`^the request body is set to "?(\\{\\}|\\[\\])"?$`, "i")],
    run(world, [text]) {
      world.body = { mode: "value", value: JSON.parse(text), patches: [], explicit: true };
    },
  },
  {
    name: "body.docstring",
    concept: "body",
    patterns: [/^the request body(?: is)?:$/i],
    run(world, _args, step) {
      if (step.docString === undefined) throw new Error("the step needs a doc string with the body");
      world.body = { mode: "value", value: JSON.parse(step.docString), patches: [], explicit: true };
    },
  },
  {
    name: "body.not-compliant",
    concept: "body",
    patterns: [
      /^the request body is set to any value which is not compliant with the schema at "([^"]+)"$/i,
      /^the request body is included but is not compliant with the schema at "([^"]+)"$/i,
      /^the request body is not compliant with the schema "([^"]+)"$/i,
    ],
    run(world) {
      world.body = { mode: "invalid", patches: [], explicit: true };
    },
  },
  {
    name: "body.property-literal",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set (?:to|as):? ${LITERAL}$`, "i"), new RegExp(`^"([^"]+)" ?= ?${LITERAL}$`, "i")],
    run(world, [path, literal]) {
      const value = parseLiteral(literal);
      // "$.types" = "<event type>": the property is an array of event types
      set(world, path, /\.types$/.test(path) && typeof value === "string" ? [value] : value);
    },
  },
  {
    name: "body.property-enum-value",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to the value (\\w+)$`, "i")],
    run: (world, [path, value]) => set(world, path, value),
  },
  {
    name: "body.property-other-than",
    concept: "body",
    patterns: [
      new RegExp(`^${PROP} is set to a value other than "([^"]*)"$`, "i"),
      new RegExp(`^${PROP} is not set to "([^"]*)"(?: and is not set to "([^"]*)")?$`, "i"),
      /^"([^"]+)" ?<> ?"([^"]*)"$/i,
    ],
    run(world, [path, value]) {
      const other: Record<string, unknown> = { HTTP: "MQTT3", ACCESSTOKEN: "PLAIN", bearer: "mac" };
      const v = other[value] ?? `${value}_OTHER`;
      set(world, path, /\.types$/.test(path) ? [v] : v);
    },
  },
  {
    name: "body.property-absent",
    concept: "body",
    patterns: [
      new RegExp(`^${PROP} is not included$`, "i"),
      /^the request body properties "([^"]+)" and "([^"]+)" are not included$/i,
      /^the request body does not contain neither "([^"]+)" nor "([^"]+)"$/i,
      /^"([^"]+)" is not valued$/i,
    ],
    run: (world, paths) => remove(world, ...paths.filter(Boolean)),
  },
  {
    name: "body.property-not-compliant",
    concept: "body",
    patterns: [new RegExp(`^${PROP} does not comply with the OAS schema at "([^"]+)"$`, "i")],
    run(world, [path, schema]) {
      world.subject.via ??= "body";
      world.body.patches.push({ op: "invalid", path: normalisePath(path), schema });
    },
  },
  {
    name: "body.property-unknown-identifier",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is compliant with the schema but does not identify a valid (device|phone number)$`, "i")],
    run(world, [path, kind]) {
      const unknown = world.target.subscribers.unknown;
      set(world, path, kind === "device" ? (unknown.device ?? { phoneNumber: unknown.phoneNumber }) : unknown.phoneNumber);
    },
  },
  {
    name: "body.property-subject-identifier",
    concept: "body",
    patterns: [
      new RegExp(`^${PROP} is set to a valid (device|(?:testing )?phone number)$`, "i"),
      /^"([^"]+)" is set with with provided (phoneNumber)$/i,
    ],
    run(world, [path, kind]) {
      world.body.patches.push({ op: "subject", path: normalisePath(path), kind: /device/i.test(kind) ? "device" : "phoneNumber" });
    },
  },
  {
    name: "body.property-unsupported-identifiers",
    concept: "body",
    patterns: [new RegExp(`^${PROP} only includes device identifiers not supported by the implementation$`, "i")],
    run(world, [path]) {
      const types = world.target.unsupportedIdentifiers;
      if (types.length === 0) skip("the target configuration lists no unsupported identifier type (unsupportedIdentifiers)");
      const plain = world.target.subscribers.plain;
      const sample: Record<string, unknown> = {
        phoneNumber: plain?.phoneNumber ?? "+34600000013",
        ipv4Address: plain?.device?.ipv4Address ?? { publicAddress: "198.51.100.10", publicPort: 5000 },
        ipv6Address: plain?.device?.ipv6Address ?? "2001:db8:1::10",
        networkAccessIdentifier: plain?.device?.networkAccessIdentifier ?? "harness-device@iot.operator.example",
      };
      set(world, path, Object.fromEntries(types.map((t) => [t, sample[t]])));
    },
  },
  {
    name: "body.property-not-applicable-identifier",
    concept: "body",
    patterns: [/^"([^"]+)" is set to a valid testing device that does not allow sim swap subscription$/i],
    run(world, [path]) {
      const s = world.runtime.fixtures.notApplicable["sim-swap"];
      if (!s) skip("the target's test data names no line SIM Swap is not offered to");
      set(world, path, s.phoneNumber);
    },
  },
];
