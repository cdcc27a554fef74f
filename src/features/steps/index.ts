/** The step library: every definition, in binding order (specific phrases before generic ones). */
import { authSteps, rateLimitSteps } from "./auth.ts";
import { bodySteps } from "./body.ts";
import { consentSteps } from "./consents.ts";
import { bodyValueSteps } from "./body-values.ts";
import { callSteps } from "./calls.ts";
import { eventSteps } from "./events.ts";
import { legacySteps } from "./legacy.ts";
import { preconditionSteps } from "./preconditions.ts";
import { StepRegistry } from "./registry.ts";
import { requestSetupSteps } from "./request-setup.ts";
import { responsePropertySteps } from "./response-properties.ts";
import { responseSchemaSteps } from "./response-schema.ts";
import { responseStatusSteps } from "./response-status.ts";
import { responseTimeSteps } from "./response-times.ts";
import { sendingSteps } from "./sending.ts";
import { subscriptionSetupSteps } from "./subscription-setup.ts";
import { subscriptionSteps } from "./subscriptions.ts";
import { testDataSteps } from "./test-data.ts";

export { StepRegistry, normaliseStep, type Binding, type StepDef } from "./registry.ts";

export function createStepLibrary(): StepRegistry {
  return new StepRegistry([
    // Consent Info's phrases are specific: before the generic body and response wording
    ...consentSteps,
    ...requestSetupSteps,
    ...authSteps,
    ...rateLimitSteps,
    ...testDataSteps,
    ...callSteps,
    ...preconditionSteps,
    ...subscriptionSetupSteps,
    ...bodySteps,
    ...bodyValueSteps,
    ...sendingSteps,
    ...responseStatusSteps,
    ...responseSchemaSteps,
    ...responsePropertySteps,
    ...responseTimeSteps,
    ...subscriptionSteps,
    ...eventSteps,
    // older wording (legacy releases): last, so it never takes a step the current wording binds
    ...legacySteps,
  ]);
}
