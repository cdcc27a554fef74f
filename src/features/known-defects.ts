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
};
