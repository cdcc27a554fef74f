/**
 * Which stateful implementation answers each served API version. Versions of one API share their
 * state machine and differ only in the details their spec fixes (event type, base path, codes).
 * An operation of a version missing here is answered by Prism's mocker.
 */
import { numberVerificationHandlers } from "./apis/number-verification/handlers.ts";
import { qodV0Handlers } from "./apis/qod-v0/handlers.ts";
import { qosProfilesHandlers } from "./apis/qos-profiles/handlers.ts";
import { qualityOnDemandHandlers } from "./apis/quality-on-demand/handlers.ts";
import { EVENT_TYPE, QOD_1_1_0, type QodDeps } from "./apis/quality-on-demand/sessions.ts";
import { simSwapHandlers } from "./apis/sim-swap/handlers.ts";
import { simSwapSubscriptionsHandlers } from "./apis/sim-swap-subscriptions/handlers.ts";
import type { SimHistory } from "./apis/sim-swap/sim-history.ts";
import type { HandlerSet } from "./handler.ts";

export interface RegistryDeps extends QodDeps {
  simHistory: SimHistory;
}

export function createHandlerSets(deps: RegistryDeps): Record<string, HandlerSet> {
  const qod = (flavour: QodDeps["flavour"]) => qualityOnDemandHandlers({ ...deps, flavour });
  const profiles = qosProfilesHandlers({ data: deps.data });
  const nv = numberVerificationHandlers();
  const simSwap = simSwapHandlers({ history: deps.simHistory, clock: deps.clock, operator: () => deps.data().operator });
  return {
    "quality-on-demand/1.1.0": qod(QOD_1_1_0),
    "quality-on-demand/1.0.0": qod({ eventType: EVENT_TYPE, basePath: "/quality-on-demand/v1", profileNotApplicable: "INVALID_ARGUMENT" }),
    "quality-on-demand/0.11.1": qod({
      eventType: "org.camaraproject.quality-on-demand.v0.qos-status-changed",
      basePath: "/quality-on-demand/v0.11",
      profileNotApplicable: "INVALID_ARGUMENT",
    }),
    // pre-meta: QoD v0.10.1 on /qod/v0 (sessions and profiles in one API), adapted onto the same state machine
    "qod/0.10.1": qodV0Handlers(deps),
    "qos-profiles/1.1.0": profiles,
    "qos-profiles/1.0.0": profiles,
    "qos-profiles/0.11.1": profiles,
    "number-verification/2.1.0": nv,
    "number-verification/2.0.0": nv,
    "number-verification/1.0.0": numberVerificationHandlers({ noSubject: "INVALID_TOKEN_CONTEXT" }),
    "sim-swap/2.1.0": simSwap,
    "sim-swap/2.0.0": simSwap,
    "sim-swap/1.0.0": simSwap,
    "sim-swap-subscriptions/0.3.0": simSwapSubscriptionsHandlers({ ...deps, history: deps.simHistory }),
  };
}
