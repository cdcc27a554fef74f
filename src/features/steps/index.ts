/** The step library: every definition, in binding order (specific phrases before generic ones). */
import { authSteps } from "./auth.ts";
import { bodySteps } from "./body.ts";
import { eventSteps } from "./events.ts";
import { preconditionSteps } from "./preconditions.ts";
import { StepRegistry } from "./registry.ts";
import { requestSetupSteps } from "./request-setup.ts";
import { responseSteps } from "./response.ts";
import { sendingSteps } from "./sending.ts";
import { subscriptionSteps } from "./subscriptions.ts";
import { testDataSteps } from "./test-data.ts";

export { StepRegistry, normaliseStep, type Binding, type StepDef } from "./registry.ts";

export function createStepLibrary(): StepRegistry {
  return new StepRegistry([
    ...requestSetupSteps,
    ...authSteps,
    ...testDataSteps,
    ...preconditionSteps,
    ...bodySteps,
    ...sendingSteps,
    ...responseSteps,
    ...subscriptionSteps,
    ...eventSteps,
  ]);
}
