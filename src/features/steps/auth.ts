/**
 * The Authorization header (Commonalities design guide: 401 UNAUTHENTICATED for a missing, invalid or
 * expired token; 403 PERMISSION_DENIED for a missing scope or another client's resource) and what the
 * token says about the subject: a token "identifying a device / phone number" is 3-legged for the
 * subject, one "which does not identify a single device" is 2-legged (the subject goes in the body).
 * Tokens are obtained from the target configuration when the request is sent, for its scopes.
 */
import { skip } from "../outcome.ts";
import { sendRequest } from "../request.ts";
import { createResource } from "../resources.ts";
import type { TokenKind, World } from "../world.ts";
import type { StepDef } from "./registry.ts";

/** bursts the threshold step sends at most, until one ends with a 429 */
const THRESHOLD_BURSTS = 3;

const AUTH = String.raw`(?:the )?header "Authorization"`;

function setAuth(world: World, kind: TokenKind | undefined, via?: "token" | "body"): void {
  world.auth = kind;
  if (via) world.subject = { ...world.subject, via };
}

export const authSteps: StepDef[] = [
  {
    name: "auth.valid",
    concept: "auth",
    patterns: [new RegExp(`^${AUTH} is set to a valid access token$`, "i")],
    run: (world) => setAuth(world, "valid"),
  },
  {
    name: "auth.two-legged",
    concept: "auth",
    patterns: [
      new RegExp(`^${AUTH} is set to a valid access token which does not identify a single (?:device|phone number)$`, "i"),
      /^the valid access token does no(?:t)? identif(?:y|ied) a device$/i,
    ],
    run: (world) => setAuth(world, "valid", "body"),
  },
  {
    name: "auth.three-legged",
    concept: "auth",
    patterns: [
      new RegExp(`^${AUTH} is set to a valid access token identifying a (?:device|phone number)$`, "i"),
      new RegExp(`^${AUTH} is set to a valid 3-legged access token associated to a valid testing device supported by the service$`, "i"),
      /^this phone number is identified by the token$/i,
    ],
    run: (world) => setAuth(world, "valid", "token"),
  },
  {
    name: "auth.missing-scope",
    concept: "auth",
    patterns: [
      new RegExp(`^${AUTH} is set to an access token that does not include scope "?([^"]+)"?$`, "i"),
      new RegExp(`^${AUTH} is set to an access token without the required scope$`, "i"),
    ],
    run: (world) => setAuth(world, "missing-scope"),
  },
  {
    name: "auth.expired",
    concept: "auth",
    patterns: [new RegExp(`^${AUTH} (?:is )?set (?:to|with) (?:an )?expired (?:access )?token$`, "i")],
    run: (world) => setAuth(world, "expired"),
  },
  {
    name: "auth.invalid",
    concept: "auth",
    patterns: [new RegExp(`^${AUTH} (?:is )?set to an invalid access token$`, "i")],
    run: (world) => setAuth(world, "invalid"),
  },
  {
    name: "auth.none",
    concept: "auth",
    patterns: [
      new RegExp(`^${AUTH} (?:is not sent|is removed|is not present|is set without a token)$`, "i"),
      /^the request does not include the "Authorization" header$/i,
    ],
    run: (world) => setAuth(world, undefined),
  },
  {
    name: "auth.other-client",
    concept: "auth",
    patterns: [new RegExp(`^${AUTH} is set to a valid access token emitted to a client which did not create(?:d)? the .+$`, "i")],
    async run(world) {
      // a by-device read (".../retrieve-qos-assignment") of what another client made: the definition's
      // testing assets give "a device with an existing assignment"; the scenario names no step for it
      if (!world.resourceCreated && /\/retrieve-[^/]+$/.test(world.resource?.path ?? "")) {
        world.setSubject(world.subject.subscriber ?? world.target.subscribers.plain, "plain", "plain test subscriber (subscribers.plain)");
        await createResource(world, {});
      }
      setAuth(world, "other-client");
    },
  },
  {
    name: "auth.same-client",
    concept: "auth",
    patterns: [new RegExp(`^${AUTH} is set to a valid access token granted to the same client that created the .+$`, "i")],
    run: (world) => setAuth(world, "valid"),
  },
  {
    name: "auth.not-network-authenticated",
    concept: "auth",
    patterns: [new RegExp(`^${AUTH} is set to a token for which neither Network-based nor SIM-based authentication was used$`, "i")],
    run: (world) => setAuth(world, "not-network-auth", "token"),
  },
  {
    name: "auth.network-authenticated",
    concept: "auth",
    patterns: [/^the token has been obtained by a supported authentication method$/i],
    run(world) {
      world.networkAuth = true;
    },
  },
];

/**
 * 429 TOO_MANY_REQUESTS (r4.x definitions): "a valid request for X" and "the threshold of requests
 * has been reached": the target's rate-limited client sends X until the limit is spent, so the
 * scenario's own request comes over it.
 */
export const rateLimitSteps: StepDef[] = [
  {
    name: "auth.valid-request-for",
    concept: "auth",
    patterns: [/^a valid request for "([^"]+)"$/i],
    run(world, [operationId]) {
      world.auth = "valid";
      world.memory.set("thresholdOperation", operationId);
    },
  },
  {
    name: "auth.threshold-reached",
    concept: "auth",
    patterns: [/^the threshold of requests has been reached$/i],
    async run(world) {
      const throttled = world.target.auth.throttled;
      if (!throttled) skip("the target configuration names no rate-limited client (auth.throttledClient)");
      const operationId = world.memory.get("thresholdOperation");
      if (typeof operationId !== "string") throw new Error('no "a valid request for" step named the operation');
      world.auth = "throttled";
      const op = world.operation(operationId);
      // limit + 1 requests reach the threshold when they fall in one window of the target's rate
      // limit. A burst that a one-second window boundary cut in two ends below it (its last answer is
      // not 429): then it is sent again, up to THRESHOLD_BURSTS times, so that the scenario's own
      // request follows a burst that did reach it.
      for (let burst = 0; burst < THRESHOLD_BURSTS; burst++) {
        let last: number | undefined;
        for (let i = 0; i < Math.ceil(throttled.rateLimitPerSecond) + 1; i++) last = (await sendRequest(world, op)).status;
        if (last === 429) return;
      }
    },
  },
];
