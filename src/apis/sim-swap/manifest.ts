/** SIM Swap: was the SIM of a line changed recently, and when? Reads the shared SIM history. */
import { json } from "../../core/http.ts";
import type { ApiModule, ControlRoute } from "../module.ts";
import { simSwapHandlers } from "./handlers.ts";

/** A SIM change of the line now (virtual clock): /check with a small maxAge answers swapped: true from now on. */
const simChange: ControlRoute = {
  method: "POST",
  path: "/subscribers/{phoneNumber}/sim-change",
  summary: "record a SIM change of that line now (virtual clock): 201",
  async handle(_req, params, deps) {
    const subscriber = deps.subscriberByPhoneNumber(params.phoneNumber);
    if (!subscriber) {
      return json(404, { status: 404, code: "NOT_FOUND", message: `phoneNumber ${params.phoneNumber} is not a test subscriber` });
    }
    const at = await deps.simHistory.recordChange(subscriber.id);
    return json(201, { phoneNumber: params.phoneNumber, subscriberId: subscriber.id, at: new Date(at).toISOString() });
  },
};

const handlers: NonNullable<ApiModule["versions"][string]["handlers"]> = (deps) =>
  simSwapHandlers({ history: deps.simHistory, clock: deps.clock, operator: () => deps.data().operator });

const plainNumber = (path: string, extra: Record<string, unknown> = {}) => (target: { subscribers: { plain?: { phoneNumber: string } } }) => {
  const s = target.subscribers.plain;
  return s ? { path, body: { phoneNumber: s.phoneNumber, ...extra } } : { path, unavailable: "no plain test subscriber" };
};

export const manifest: ApiModule = {
  name: "sim-swap",
  title: "SIM Swap",
  aliases: ["simswap"],
  versions: {
    "2.1.0": { releases: ["fall25"], official: "SimSwap/sim-swap.yaml", handlers },
    "2.0.0": { releases: ["spring25"], official: "legacy/SimSwap/r2.2/sim-swap.yaml", handlers },
    "1.0.0": {
      releases: ["fall24"],
      official: "legacy/SimSwap/r1.3/sim-swap.yaml",
      handlers,
      // Fall24 SIM Swap named these codes its own way (LEGACY-DIGEST §2)
      errorRenames: {
        MISSING_IDENTIFIER: { code: "UNIDENTIFIABLE_PHONE_NUMBER" },
        SERVICE_NOT_APPLICABLE: { code: "NOT_SUPPORTED" },
        IDENTIFIER_NOT_FOUND: { code: "NOT_FOUND" },
      },
    },
  },
  traits: {
    "sim-swap-not-applicable": "SIM Swap and SIM Swap subscriptions answer 422 SERVICE_NOT_APPLICABLE for this subscriber",
    "sim-history-limited":
      "SIM changes of this line may only be disclosed within operator.simSwapMonitoredDays: retrieve-date answers latestSimChange null + monitoredPeriod otherwise",
  },
  control: [simChange],
  requests: {
    checkSimSwap: plainNumber("/check", { maxAge: 240 }),
    retrieveSimSwapDate: plainNumber("/retrieve-date"),
  },
  foreignScope: "qos-profiles:read",
};
