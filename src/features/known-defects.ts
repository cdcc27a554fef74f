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
  // ---- older releases (fall24: QoD r1.3; spring25: QoD r2.2, SIM Swap r2.2) -------------------
  quality_on_demand_getSession_02_get_recent_unvailable:
    "the definition expects a session it deleted to stay readable (200, \"$.status\" UNAVAILABLE), but the QoD spec keeps for 360 seconds only a session ended by the network; deleteSession releases the session (then 404), and SessionInfo has no \"status\" property (it is \"qosStatus\")",
  "quality_on_demand_retrieveSessionsByDevice_400.3_empty_request_body":
    "the definition expects 400 for the body {}, but the spec's RetrieveSessionsInput makes \"device\" optional: {} is schema-valid, and a request that identifies no device is the documented 422 (UNIDENTIFIABLE_DEVICE in 0.11, MISSING_IDENTIFIER in 1.0)",
  "quality_on_demand_retrieveSessionsByDevice_422.1_device_identifiers_unsupported":
    "the definition expects 422 UNPROCESSABLE_ENTITY for unsupported identifier types, which the QoD 0.11 spec does not document; createSession's definition of the same release expects 422 UNSUPPORTED_DEVICE_IDENTIFIERS for the same condition (digest 3.3)",
  "qos_profiles_retrieveQoSProfiles_422.1_device_identifiers_unsupported":
    "the definition expects 422 UNPROCESSABLE_ENTITY for unsupported identifier types, which the qos-profiles 0.11 spec does not document; QoD createSession's definition of the same release expects 422 UNSUPPORTED_DEVICE_IDENTIFIERS for the same condition (digest 3.3)",
  quality_on_demand_deleteSession_02_event_notification:
    "the definition creates the session with createProvisioning (an operation of qos-provisioning, not of QoD) and then reads the values provided for createSession",
  quality_on_demand_createSession_02_event_notification:
    "the definition sets \"$.sinkCredentials\", while the spec of this QoD version defines \"sinkCredential\": the target cannot use the token the scenario expects on the event's Authorization header",
};

const NETWORK_IDENTIFIER =
  "the definition names \"$.device.networkIdentifier\", a property the Device schema does not define (it is \"networkAccessIdentifier\"): any value of it leaves the body valid, so no 400 can follow";
for (const id of [
  "qos_profiles_retrieveQoSProfiles_400.3_device_identifiers_not_schema_compliant.device.networkIdentifier",
  "quality_on_demand_createSession_400.5_device_identifiers_not_schema_compliant.device.networkIdentifier",
  "quality_on_demand_retrieveSessionsByDevice_400.5_device_identifiers_not_schema_compliant.device.networkIdentifier",
  "qos_profiles_retrieveQoSProfiles_C01.02_device_identifiers_not_schema_compliant.device.networkIdentifier",
  "quality_on_demand_createSession_C01.02_device_identifiers_not_schema_compliant.device.networkIdentifier",
  "quality_on_demand_retrieveSessionsByDevice_C01.02_device_identifiers_not_schema_compliant.device.networkIdentifier",
]) {
  KNOWN_DEFECTS[id] = NETWORK_IDENTIFIER;
}

/**
 * Scenarios a definition says may be bypassed when the target took the other documented path
 * ("This scenario could be bypass if async creation is provided"): when the answer is that other
 * status, the scenario is skipped with this reason instead of failing.
 */
export const BYPASSABLE: Record<string, { otherStatus: number; otherCode?: string; reason: string }> = {
  sim_swap_subscription_creation_01_sync_creation: {
    otherStatus: 202,
    reason: "the target creates subscriptions asynchronously (202): the definition lets this scenario be bypassed then",
  },
  sim_swap_subscription_creation_02_async_creation: {
    otherStatus: 201,
    reason: "the target creates subscriptions synchronously (201): the definition lets this scenario be bypassed then",
  },
  // SIM Swap r2.2: "alternative to scenario 401.2_expired_access_token" (which expects UNAUTHENTICATED)
  "check_sim_swap_401.4_expired_access_token": {
    otherStatus: 401,
    otherCode: "UNAUTHENTICATED",
    reason: "the target answers an expired token with 401 UNAUTHENTICATED, which the alternative scenario 401.2 checks: the definition makes this one an alternative to it",
  },
  "retrieve_sim_swap_date_401.4_expired_access_token": {
    otherStatus: 401,
    otherCode: "UNAUTHENTICATED",
    reason: "the target answers an expired token with 401 UNAUTHENTICATED, which the alternative scenario 401.2 checks: the definition makes this one an alternative to it",
  },
};
