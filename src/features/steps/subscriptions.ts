/**
 * Phrases of the explicit-subscription test definitions (sim-swap-subscriptions 0.3.0) that name no
 * property path: what a created subscription must echo, its start time, the listed subscriptions.
 */
import { isDeepStrictEqual } from "node:util";
import { getValue } from "../json-path.ts";
import { fail, show } from "../outcome.ts";
import { targetNow } from "../../target/clock.ts";
import { FEATURE_CLOCK_TOLERANCE_MS } from "../resources.ts";
import type { StepDef } from "./registry.ts";
import { brief } from "./response-helpers.ts";

const ECHOED = ["$.types", "$.protocol", "$.sink", "$.config.subscriptionDetail.phoneNumber"];

export const subscriptionSteps: StepDef[] = [
  {
    name: "subscription.echoes-request",
    concept: "response",
    patterns: [/^types, protocol, sink and config\.subscriptionDetail\.phoneNumber are present with provided value$/i],
    run(world) {
      const r = world.received();
      for (const path of ECHOED) {
        const sent = getValue(r.sent.body, path);
        const got = getValue(r.body, path);
        if (!isDeepStrictEqual(sent, got)) fail(`response property ${path} is not the value sent`, sent, got ?? "(absent)");
      }
    },
  },
  {
    name: "subscription.starts-at-now",
    concept: "response",
    patterns: [/^startsAt is valued with a datetime corresponding to the date time of the response$/i],
    async run(world) {
      const v = getValue(world.received().body, "$.startsAt");
      const t = typeof v === "string" ? Date.parse(v) : NaN;
      const { now, tolerance } = await targetNow(world.target, FEATURE_CLOCK_TOLERANCE_MS);
      if (!Number.isFinite(t) || Math.abs(t - now) > tolerance + 60_000) fail("response property $.startsAt is not the time of the answer", new Date(now).toISOString(), v);
    },
  },
  {
    name: "subscription.id-provided",
    concept: "response",
    patterns: [/^subcriptionId is provided$/i],
    run(world) {
      const r = world.received();
      const id = getValue(r.body, "$.id");
      if (typeof id !== "string" || id === "") fail("the answer carries no subscription id", "$.id", brief(r.text));
      if (world.resourceCreated === undefined) {
        world.resourceCreated = {
          create: r.op,
          body: (r.sent.body ?? {}) as Record<string, unknown>,
          created: r.body as Record<string, unknown>,
          id,
          token: r.sent.token ?? "",
          subscriber: world.subscriber(),
        };
      }
    },
  },
  {
    name: "subscription.listed",
    concept: "response",
    patterns: [/^subscription\(s\) is\/are listed$/i, /^the subscriptions for this phoneNumber are listed$/i],
    run(world, _args, step) {
      const body = world.received().body;
      if (!Array.isArray(body) || body.length === 0) fail("no subscription is listed", "a non-empty array", brief(world.received().text));
      if (/phoneNumber/.test(step.text)) {
        const own = world.subscriber().phoneNumber;
        const other = body.map((s) => getValue(s, "$.config.subscriptionDetail.phoneNumber")).find((p) => p !== undefined && p !== own);
        if (other !== undefined) fail("a listed subscription is for another phone number", own, show(other));
      }
      if (world.resourceCreated && !body.some((s) => getValue(s, "$.id") === world.resourceCreated!.id)) {
        fail("the subscription created by the scenario is not listed", world.resourceCreated.id, brief(world.received().text));
      }
    },
  },
];
