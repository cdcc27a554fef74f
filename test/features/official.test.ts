/**
 * Every official CAMARA test definition that applies to the harness's release (QualityOnDemand r3.2
 * for QoD 1.1.0, NumberVerification 2.1.0, SimSwap 2.1.0 and sim-swap-subscriptions 0.3.0, the
 * Commonalities templates) runs against the built-in mock of fall25:
 *   - 100% of the steps are bound to the step library (no undefined step);
 *   - no scenario fails; the listed contradictions of the official files are definition defects, each for its reason;
 *   - nothing breaks (no harness error), every skip has a reason of a known kind;
 *   - the per-file table is printed.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { collectFeatureFiles } from "../../src/features/collect.ts";
import { type FeaturesRun, runFeatures } from "../../src/features/runner.ts";
import { startBuiltInMock } from "../../src/mock/built-in.ts";
import { renderTable } from "../../src/features/table.ts";
import { REFERENCE_DIR, referenceAvailable } from "../reference-dir.ts";

const FILES = [
  "QualityOnDemand/r3.2",
  "NumberVerification",
  "SimSwap",
  "Commonalities/C01-device-errors.feature",
  "Commonalities/C02-phoneNumber-errors.feature",
  "Commonalities/syntax-errors-template.feature",
  "Commonalities/event-subscription-template.feature",
];

/** Scenarios that cannot pass on any target that follows the spec: the official file contradicts it. */
const CONTRADICTIONS: Record<string, RegExp> = {
  // the spec's event type is org.camaraproject.quality-on-demand.v1.qos-status-changed (digest 6.1)
  quality_on_demand_createSession_02_2_event_received: /expects event \$\.type org\.camaraproject\.qod\.v1\.qos-status-changed, which the spec does not define/,
  quality_on_demand_deleteSession_02_event_notification: /expects event \$\.type org\.camaraproject\.qod\.v1\.qos-status-changed, which the spec does not define/,
  // a 204 has no content, so no Content-Type
  quality_on_demand_deleteSession_01_delete_existing_qod_session: /Content-Type: application\/json on the 204 answer of deleteSession, which the spec defines without content/,
  sim_swap_subscription_delete_05_delete_subscription: /204 answer of deleteSubscription, which the spec defines without content.*body compliant with/,
  // the file contradicts itself (06 vs C01.07, digest 6.6)
  qos_profiles_retrieveQoSProfiles_06_device_qos_profiles_not_found: /the file contradicts itself/,
  // digest 6.8: UNSUPPORTED_IDENTIFIER is not in the spec's 422 enum
  sim_swap_subscription_creation_100_not_applicable: /expects code UNSUPPORTED_IDENTIFIER, which createSimSwapSubscription does not document/,
  // an optional property treated as required
  "sim_swap_subscription_creation_25_require_input_properties_missing.config.subscriptionDetail.phoneNumber": /makes it optional/,
  // the Commonalities template and the API's own file expect different codes for the same request
  sim_swap_subscription_26_invalid_url: /expects 400 INVALID_SINK .* own definition \(creation_26\) expects 400 INVALID_ARGUMENT/,
};

/** Every skip must be one of these: a test asset or an option the target does not have, or a rule. */
const SKIP_REASONS: RegExp[] = [
  // revokeQosAssignment 02/04 are for asynchronous deletion; the mock declares synchronous deletion
  /^the target revokes QoS assignments synchronously \(qosAssignmentDeletion: synchronous\); this scenario is for asynchronous deletion$/,
  /^not applicable: /,
  /^the target creates subscriptions synchronously/,
  /^the target configuration cannot declare this optional behaviour yet/,
];

describe.runIf(referenceAvailable())("official CAMARA test definitions against the built-in mock (fall25)", () => {
  let run: FeaturesRun;

  beforeAll(async () => {
    run = await runFeatures({
      files: collectFeatureFiles(FILES.map((f) => join(REFERENCE_DIR, f))),
      release: "fall25",
      apis: ["quality-on-demand", "qos-profiles", "qos-provisioning", "number-verification", "sim-swap", "sim-swap-subscriptions"],
      reportDir: mkdtempSync(join(tmpdir(), "features-official-")),
      reporters: [],
      startMock: startBuiltInMock,
    });
    console.log(renderTable(run.files));
  }, 120_000);

  it("binds every step", () => {
    const undefinedSteps = run.files.flatMap((f) => f.undefinedSteps.map((u) => `${f.file}:${u.line} ${u.text}`));
    expect(undefinedSteps).toEqual([]);
    expect(run.files.every((f) => f.bindingAssessed)).toBe(true);
    expect(run.files.reduce((n, f) => n + f.boundSteps, 0)).toBeGreaterThan(5000);
  });

  it("runs every file and breaks nothing", () => {
    expect(run.report.harnessErrors).toEqual([]);
    expect(run.report.results.filter((r) => r.status === "error").map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    expect(run.files.map((f) => f.file)).toContain("QualityOnDemand/r3.2/quality-on-demand-createSession.feature");
    expect(run.files.every((f) => f.scenarios > 0)).toBe(true);
  });

  it("fails nothing, and reports the documented contradictions of the official files as definition defects, each for its reason", () => {
    expect(run.report.results.filter((r) => r.status === "fail").map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    const defects = run.report.results.filter((r) => r.status === "definition-defect");
    expect(defects.map((r) => r.id).sort()).toEqual(Object.keys(CONTRADICTIONS).sort());
    for (const r of defects) expect(r.reason, r.id).toMatch(CONTRADICTIONS[r.id]);
    expect(run.report.counts["definition-defect"]).toBe(defects.length);
    expect(run.report.exitCode).toBe(0);
  });

  it("skips only with a reason of a known kind", () => {
    const skipped = run.report.results.filter((r) => r.status === "skip");
    const unexplained = skipped.filter((r) => !r.reason || !SKIP_REASONS.some((re) => re.test(r.reason!)));
    expect(unexplained.map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
  });

  it("passes every other scenario, with evidence, under its official id and line", () => {
    const passed = run.report.results.filter((r) => r.status === "pass");
    expect(passed.length).toBeGreaterThan(300);
    expect(passed.filter((r) => r.exchanges.length === 0).map((r) => r.id)).toEqual([]);
    const one = passed.find((r) => r.id === "quality_on_demand_createSession_401.1_no_authorization_header")!;
    expect(one.source).toEqual({ file: "QualityOnDemand/r3.2/quality-on-demand-createSession.feature", line: 308 });
    expect(one.layer).toBe("official");
    expect(one.errorCodes).toEqual(["401 UNAUTHENTICATED"]);
  });

  it("says so when it tolerates a defect of an official file", () => {
    const reason = (id: string) => run.report.results.find((r) => r.id === id)?.reason ?? "";
    expect(reason("phone_number_verify_400.3_invalid_request_non_existing_property")).toMatch(/no When step/);
    expect(reason("check_sim_swap_401.1_no_authorization_header")).toMatch(/quotes the HTTP status/);
    expect(reason("qos_profiles_getQosProfile_01_generic_success_scenario")).toMatch(/"the response array"/);
    // the share file reuses the verify file's tag ids: the second one is renamed and says why
    const dup = run.report.results.find((r) => r.id === "phone_number_verify_401.1_no_authorization_header[number-verification-phoneNumberVerify]");
    expect(dup?.reason).toMatch(/tag id is already used by NumberVerification\/number-verification-phoneNumberShare\.feature:40/);
    expect(reason("sim_swap_subscription_creation_01_sync_creation")).toMatch(/request setup written after the When step/);
  });
});
