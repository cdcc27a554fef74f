/** Click to Dial: calls between two numbers, set up and ended on the virtual clock (../shared/calls.ts). */
import type { ApiModule, TargetFacts, WellFormedRequest } from "../module.ts";
import { clickToDialHandlers } from "./handlers.ts";
import { CALL_TRAITS } from "../shared/call-lines.ts";
import { SECTION, SETTINGS_SCHEMA } from "../shared/call-settings.ts";

/** A number outside every test data set: a plain line that rings and answers. */
export const PLAIN_CALLEE = "+34699900001";

const call = (suffix = ""): WellFormedRequest => ({ path: `/calls/call_00000000-0000-4000-8000-000000000000${suffix}` });

function createCall(target: TargetFacts): WellFormedRequest {
  const s = target.subscribers.plain;
  if (!s) return { path: "/calls", unavailable: "no plain test subscriber configured (the caller)" };
  return { path: "/calls", body: { caller: { number: s.phoneNumber }, callee: { number: PLAIN_CALLEE } } };
}

export const manifest: ApiModule = {
  name: "click-to-dial",
  title: "Click to Dial",
  aliases: ["c2d", "clicktodial"],
  versions: {
    "0.1.0": { releases: ["spring26"], official: "ClickToDial/click-to-dial.yaml", handlers: clickToDialHandlers },
  },
  traits: CALL_TRAITS,
  testData: { [SECTION]: SETTINGS_SCHEMA },
  requests: {
    createCall,
    getCall: () => call(),
    terminateCall: () => call(),
    getRecording: () => ({ path: `${call().path}/recording` }),
  },
  cleanup: {
    createCall: {
      path: (created) => (typeof created.callId === "string" ? `/calls/${created.callId}` : undefined),
      scopes: ["click-to-dial:calls:delete"],
    },
  },
  foreignScope: "qos-profiles:read",
};
