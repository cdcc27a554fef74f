/**
 * Older wording of the official test definitions (fall24: QoD r1.3, SIM Swap r1.3, Number
 * Verification r1.3; spring25: QoD r2.2, SIM Swap r2.2, Number Verification r2.4). These
 * definitions come last in the library, so they never take a step the current wording binds:
 * - a typo or an older phrasing of a current step is re-dispatched to that step (`inner`);
 * - the Number Verification dialect ("they use the base url", `the resource is "/verify"`, the
 *   HTTPS request, the NUMBERVERIFY_* test assets) has its own definitions: the connection's
 *   device is the plain test subscriber (…PHONENUMBER1), …PHONENUMBER2 is the second one.
 */
import { legacyNumberVerificationSteps } from "./legacy-number-verification.ts";
import type { StepDef } from "./registry.ts";
import { legacyWordingSteps } from "./legacy-wording.ts";

export const legacySteps: StepDef[] = [...legacyWordingSteps, ...legacyNumberVerificationSteps];
