/**
 * Request body values described in words rather than given: a valid application server, QoS profile
 * or duration, a non-existent profile, a duration beyond the profile's maximum, an out-of-range port,
 * the runner's sink and a sink token, valid sinkCredential parts, a time in the past, event types,
 * and SIM Swap's maxAge relative to the line's history and the operator's monitored period.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { APPLICATION_SERVER, validDuration } from "../../target/default-body.ts";
import { normalisePath } from "../json-path.ts";
import { skip } from "../outcome.ts";
import type { World } from "../world.ts";
import { profileName } from "./request-setup.ts";
import type { StepDef } from "./registry.ts";
import { simLine } from "./test-data.ts";

const PROP = String.raw`the request (?:body )?property "([^"]+)"`;

function set(world: World, path: string, value: unknown): void {
  world.body.patches.push({ op: "set", path: normalisePath(path), value });
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

export const bodyValueSteps: StepDef[] = [
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
      new RegExp(`^${PROP} is set to a future RFC ?3339 timestamp$`, "i"),
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
