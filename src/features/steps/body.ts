/**
 * The request body (API-Testing-Guidelines "Request setup"): the default body, no body, `{}`, a body
 * that breaks the schema, and changes to single properties by JSONPath, either literal values or
 * values described in words ("a valid device", "a non existent qos Profile", "a value not between 0
 * and 65535"). Changes are recorded and applied to the default body when the request is sent, so
 * their order with the token steps does not matter.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { APPLICATION_SERVER, validDuration } from "../default-body.ts";
import { normalisePath } from "../json-path.ts";
import { skip } from "../outcome.ts";
import type { World } from "../world.ts";
import { profileName } from "./request-setup.ts";
import type { StepDef } from "./registry.ts";
import { simLine } from "./test-data.ts";

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

/** The largest maxAge (hours) the operator accepts: the schema's 2400, or its monitored period. */
function maxAgeLimit(world: World): number {
  const days = world.runtime.fixtures.simSwap.monitoredDays;
  return days ? Math.min(2400, days * 24) : 2400;
}

function setMaxAge(world: World, hours: number): void {
  world.memory.set("maxAge", hours);
  set(world, "$.maxAge", hours);
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
    patterns: [/^the request body is set to a valid request body$/i, /^a valid (?:<xxx> )?subscription request body$/i],
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
  {
    name: "body.application-server",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to a valid application server$`, "i")],
    run: (world, [path]) => set(world, path, { ...APPLICATION_SERVER }),
  },
  {
    name: "body.qos-profile-valid",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to (?:a valid QoS Profile as returned by QoS Profiles API|an existing QoS profile name)$`, "i")],
    run: (world, [path]) => set(world, path, profileName(world)),
  },
  {
    name: "body.qos-profile-unknown",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to a non[- ]existent qos Profile$`, "i")],
    run: (world, [path]) => set(world, path, `QOS_NONEXISTENT_${randomBytes(3).toString("hex").toUpperCase()}`),
  },
  {
    name: "body.duration-valid",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to a valid duration for the selected QoS profile$`, "i")],
    run: (world, [path]) => set(world, path, validDuration(world.target)),
  },
  {
    name: "body.duration-invalid",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to an invalid duration for the selected qosProfile$`, "i")],
    run(world, [path]) {
      const max = world.target.qosProfiles.activeMaxDurationSeconds;
      if (max === undefined || max >= 2 ** 31 - 1) skip("the maxDuration of the ACTIVE QoS profile is not known (qosProfiles.activeMaxDurationSeconds)");
      set(world, path, max + 1);
    },
  },
  {
    name: "body.additional-duration-valid",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to a valid additional session duration$`, "i")],
    run: (world, [path]) => set(world, path, 60),
  },
  {
    name: "body.additional-duration-beyond-max",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to a value that added to the existing QoS session "duration" exceeds the "maxDuration" for the QoS Profile$`, "i")],
    run(world, [path]) {
      const max = world.memory.get("maxDuration");
      const duration = Number(world.resourceCreated?.created.duration ?? world.resourceCreated?.body.duration);
      if (typeof max !== "number" || !Number.isFinite(duration)) throw new Error("no maxDuration or session duration known from earlier steps");
      set(world, path, Math.max(1, Math.ceil(max - duration) + 1));
    },
  },
  {
    name: "body.port-out-of-range",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to a value not between (?:between )?(-?\\d+) and (\\d+)$`, "i")],
    run: (world, [path, , max]) => set(world, path, Number(max) + 1),
  },
  {
    name: "body.sink-monitored",
    concept: "body",
    patterns: [
      new RegExp(`^${PROP} is set to a URL (?:where|when) events can be monitored$`, "i"),
      /^"([^"]+)" is set to provided callbackUrl$/i,
    ],
    run: (world, [path]) => set(world, path, world.ensureSink().url),
  },
  {
    name: "body.sink-not-url",
    concept: "body",
    patterns: [/^"([^"]+)" is not set to an url$/i],
    run: (world, [path]) => set(world, path, "not-an-url"),
  },
  {
    name: "body.sink-token",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to a valid access token accepted by the events receiver$`, "i")],
    run(world, [path]) {
      const token = `harness-sink-${randomUUID()}`;
      world.memory.set("sinkToken", token);
      set(world, path, token);
    },
  },
  {
    name: "body.valued",
    concept: "body",
    patterns: [
      new RegExp(`^${PROP} is valued with a valid value$`, "i"),
      /^"([^"]+)" is valued with a valid value$/i,
      new RegExp(`^${PROP} is set to a value long enough in the future$`, "i"),
    ],
    run(world, [path]) {
      const name = path.split(".").pop() ?? "";
      const values: Record<string, unknown> = {
        accessToken: `harness-sink-${randomUUID()}`,
        accessTokenExpiresUtc: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        accessTokenType: "bearer",
      };
      if (!(name in values)) throw new Error(`no valid value known for ${path}`);
      if (name === "accessToken") world.memory.set("sinkToken", values[name]);
      set(world, path, values[name]);
    },
  },
  {
    name: "body.time-in-past",
    concept: "body",
    patterns: [/^(?:the )?request body property "([^"]+)" (?:is set )?in the past$/i, /^"([^"]+)" is set in the past$/i],
    run: (world, [path]) => set(world, path, new Date(Date.now() - 86_400_000).toISOString()),
  },
  {
    name: "body.types-two",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to an array with 2 valid items$`, "i")],
    run(world, [path]) {
      world.memory.set("twoTypes", true);
      set(world, path, ["__first_event_type__", "__second_event_type__"]);
    },
  },
  {
    name: "body.types-invalid",
    concept: "body",
    patterns: [new RegExp(`^${PROP} is set to invalid value$`, "i")],
    run: (world, [path]) => set(world, path, ["org.camaraproject.harness.v0.not-an-event-type"]),
  },
  // ---- SIM swap maxAge -------------------------------------------------------------------------
  {
    name: "body.max-age-at-least",
    concept: "body",
    patterns: [/^the "maxAge" request body property is set to a value equal or greater than "?(\d+)"? within the allowed range$/i],
    run(world, [hours]) {
      if (Number(hours) > maxAgeLimit(world)) skip(`maxAge ${hours} is above the operator's monitored period (${maxAgeLimit(world)} hours)`);
      setMaxAge(world, Number(hours));
    },
  },
  {
    name: "body.max-age-below",
    concept: "body",
    patterns: [/^the request body property "?maxAge"? is set to a value less than "?(\d+)"? within the allowed range$/i],
    run: (world, [hours]) => setMaxAge(world, Math.max(1, Math.min(Number(hours) - 1, maxAgeLimit(world)))),
  },
  {
    name: "body.max-age-since-swap",
    concept: "body",
    patterns: [/^the request body property "?maxAge"? is set to the number of hours since the last SIM swap minus 1$/i],
    run(world) {
      let line = simLine(world);
      if (line?.lastSwapHoursAgo === undefined) {
        line = world.runtime.fixtures.simSwap.oldSwap ?? world.runtime.fixtures.simSwap.recentSwap;
        world.setSubject(line, "swapped", "line whose SIM was swapped");
        world.memory.set("simLine", line);
      }
      const hours = Math.floor(line!.lastSwapHoursAgo!) - 1;
      if (hours < 1 || hours > maxAgeLimit(world)) skip(`the swapped line's history gives no valid maxAge (${hours} hours)`);
      setMaxAge(world, hours);
    },
  },
  {
    name: "body.max-age-beyond-monitored",
    concept: "body",
    patterns: [/^the request body property "\$\.maxAge" is set to a valid value above the supported monitored period of the API Provider$/i],
    run(world) {
      const days = world.runtime.fixtures.simSwap.monitoredDays;
      if (!days || days * 24 >= 2400) skip("the target's test data declares no monitored period below the schema's maximum (2400 hours)");
      setMaxAge(world, days * 24 + 1);
    },
  },
];
