/**
 * Known contradictions of official test definitions that no rule can tell from the spec alone
 * (digest section 6): when the scenario fails, its failure is reported as a contradiction of the
 * test definition with this explanation. Contradictions the spec reveals (an undocumented code or
 * status, a Content-Type on an answer without content, an event type the spec does not define) are
 * detected by the steps themselves and need no entry here.
 */
export const KNOWN_DEFECTS: Record<string, string> = {
  qos_profiles_retrieveQoSProfiles_06_device_qos_profiles_not_found:
    "the file contradicts itself: scenario 06 expects 200 [] for a device the service is not applicable to, while C01.07 of the same file expects 422 SERVICE_NOT_APPLICABLE for the same condition (the qos-profiles spec documents the 422)",
  "qos_profiles_retrieveQoSProfiles_C01.07_device_not_supported":
    "the file contradicts itself: C01.07 expects 422 SERVICE_NOT_APPLICABLE for a device the service is not applicable to, while scenario 06 of the same file expects 200 []",
  "sim_swap_subscription_creation_25_require_input_properties_missing.config.subscriptionDetail.phoneNumber":
    "the test definition treats config.subscriptionDetail.phoneNumber as a required property (400 INVALID_ARGUMENT), but the sim-swap-subscriptions schema makes it optional: without it a 2-legged request has no identifier (422 MISSING_IDENTIFIER, documented)",
  sim_swap_subscription_26_invalid_url:
    "the Commonalities event-subscription template expects 400 INVALID_SINK for a sink that is not a URL, while sim-swap-subscriptions' own definition (creation_26) expects 400 INVALID_ARGUMENT for the same request: such a sink breaks the request schema, so a target can satisfy only one of them",
};

/**
 * Scenarios a definition says may be bypassed when the target took the other documented path
 * ("This scenario could be bypass if async creation is provided"): when the answer is that other
 * status, the scenario is skipped with this reason instead of failing.
 */
export const BYPASSABLE: Record<string, { otherStatus: number; reason: string }> = {
  sim_swap_subscription_creation_01_sync_creation: {
    otherStatus: 202,
    reason: "the target creates subscriptions asynchronously (202): the definition lets this scenario be bypassed then",
  },
  sim_swap_subscription_creation_02_async_creation: {
    otherStatus: 201,
    reason: "the target creates subscriptions synchronously (201): the definition lets this scenario be bypassed then",
  },
};
