/**
 * The official CAMARA test definitions of older releases run against the built-in mock of their
 * release: fall24 (QualityOnDemand r1.3 for QoD/qos-profiles 0.11.1, SimSwap r1.3 for SIM Swap
 * 1.0.0, NumberVerification r1.3 for NV 1.0.0) and spring25 (QualityOnDemand r2.2, SimSwap r2.2,
 * NumberVerification r2.4). Older wording is bound by src/features/steps/legacy.ts:
 *   - 100% of the steps are bound (also those of sim-swap-subscriptions, an API the harness has no
 *     spec of in these releases: its files are skipped with that reason);
 *   - no scenario fails; the listed contradictions of the files are definition defects, each for its reason;
 *   - nothing breaks, every skip has a reason of a known kind; the table is printed.
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

const NETWORK_IDENTIFIER = /the definition names "\$\.device\.networkIdentifier", a property the Device schema does not define/;
const GET_VERIFY = /the test definition sends GET to \/number-verification\/v\d\/verify, which the spec defines only with POST/;

/** Contradictions common to both releases (QoD files barely changed between r1.3 and r2.2). */
const QOD_CONTRADICTIONS: Record<string, RegExp> = {
  qos_profiles_retrieveQoSProfiles_06_device_qos_profiles_not_found: /the file contradicts itself/,
  quality_on_demand_createSession_02_event_notification: /sets "\$\.sinkCredentials", while the spec of this QoD version defines "sinkCredential"/,
  quality_on_demand_deleteSession_01_delete_existing_qod_session: /Content-Type: application\/json on the 204 answer of deleteSession, which the spec defines without content/,
  quality_on_demand_deleteSession_02_event_notification: /creates the session with createProvisioning/,
  quality_on_demand_getSession_02_get_recent_unvailable: /expects a session it deleted to stay readable/,
  "quality_on_demand_retrieveSessionsByDevice_400.3_empty_request_body": /"device" optional: \{\} is schema-valid/,
};

interface Case {
  release: "fall24" | "spring25";
  folders: string[];
  apis: string[];
  boundSteps: number;
  /** file -> number of undefined steps */
  undefinedSteps: Record<string, number>;
  contradictions: Record<string, RegExp>;
  minPassed: number;
}

const CASES: Case[] = [
  {
    release: "fall24",
    folders: ["legacy/QualityOnDemand/r1.3", "legacy/SimSwap/r1.3", "legacy/NumberVerification/r1.3"],
    apis: ["quality-on-demand", "qos-profiles", "number-verification", "sim-swap"],
    boundSteps: 2850,
    undefinedSteps: {},
    contradictions: {
      ...QOD_CONTRADICTIONS,
      "qos_profiles_retrieveQoSProfiles_400.3_device_identifiers_not_schema_compliant.device.networkIdentifier": NETWORK_IDENTIFIER,
      "quality_on_demand_createSession_400.5_device_identifiers_not_schema_compliant.device.networkIdentifier": NETWORK_IDENTIFIER,
      "quality_on_demand_retrieveSessionsByDevice_400.5_device_identifiers_not_schema_compliant.device.networkIdentifier": NETWORK_IDENTIFIER,
      "qos_profiles_retrieveQoSProfiles_422.1_device_identifiers_unsupported": /expects 422 UNPROCESSABLE_ENTITY .*\(digest 3\.3\)/,
      "quality_on_demand_retrieveSessionsByDevice_422.1_device_identifiers_unsupported": /expects 422 UNPROCESSABLE_ENTITY .*\(digest 3\.3\)/,
      NumberVerification_phone_number_verify204_no_phonenumber_associated_with_access_token: GET_VERIFY,
      NumberVerification_phone_number_verify205_must_have_used_network_authentication: GET_VERIFY,
    },
    minPassed: 150,
  },
  {
    release: "spring25",
    folders: ["legacy/QualityOnDemand/r2.2", "legacy/SimSwap/r2.2", "legacy/NumberVerification/r2.4"],
    apis: ["quality-on-demand", "qos-profiles", "number-verification", "sim-swap"],
    boundSteps: 2951,
    undefinedSteps: {},
    contradictions: {
      ...QOD_CONTRADICTIONS,
      "qos_profiles_retrieveQoSProfiles_C01.02_device_identifiers_not_schema_compliant.device.networkIdentifier": NETWORK_IDENTIFIER,
      "quality_on_demand_createSession_C01.02_device_identifiers_not_schema_compliant.device.networkIdentifier": NETWORK_IDENTIFIER,
      "quality_on_demand_retrieveSessionsByDevice_C01.02_device_identifiers_not_schema_compliant.device.networkIdentifier": NETWORK_IDENTIFIER,
      NumberVerification_phone_number_verify205_must_have_used_network_or_sim_based_authentication: GET_VERIFY,
    },
    minPassed: 160,
  },
];

/** Every skip must be one of these. */
const SKIP_REASONS: RegExp[] = [
  /^sim-swap-subscriptions is not part of release (fall24|spring25) in this harness/,
  /^the target declares no QoS profiles restricted to certain devices$/,
  /^the target answers an expired token with 401 UNAUTHENTICATED, which the alternative scenario 401\.2 checks/,
];

for (const c of CASES) {
  describe.runIf(referenceAvailable())(`legacy CAMARA test definitions against the built-in mock (${c.release})`, () => {
    let run: FeaturesRun;

    beforeAll(async () => {
      run = await runFeatures({
        files: collectFeatureFiles(c.folders.map((f) => join(REFERENCE_DIR, f))),
        release: c.release,
        apis: c.apis,
        reportDir: mkdtempSync(join(tmpdir(), `features-legacy-${c.release}-`)),
        reporters: [],
        startMock: startBuiltInMock,
      });
      console.log(renderTable(run.files));
    }, 60_000);

    it("binds every step", () => {
      const undefinedByFile: Record<string, number> = {};
      for (const f of run.files) if (f.undefinedSteps.length > 0) undefinedByFile[f.file] = f.undefinedSteps.length;
      expect(undefinedByFile).toEqual(c.undefinedSteps);
      expect(run.files.reduce((n, f) => n + f.boundSteps, 0)).toBe(c.boundSteps);
    });

    it("runs every file and breaks nothing", () => {
      expect(run.report.harnessErrors).toEqual([]);
      expect(run.report.results.filter((r) => r.status === "error").map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
      expect(run.files.length).toBeGreaterThanOrEqual(12);
    });

    it("fails nothing, and reports the documented contradictions of the files as definition defects, each for its reason", () => {
      expect(run.report.results.filter((r) => r.status === "fail").map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
      const defects = run.report.results.filter((r) => r.status === "definition-defect");
      expect(defects.map((r) => r.id).sort()).toEqual(Object.keys(c.contradictions).sort());
      for (const r of defects) expect(r.reason, r.id).toMatch(c.contradictions[r.id]);
    });

    it("skips only with a reason of a known kind", () => {
      const skipped = run.report.results.filter((r) => r.status === "skip");
      const unexplained = skipped.filter((r) => !r.reason || !SKIP_REASONS.some((re) => re.test(r.reason!)));
      expect(unexplained.map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
    });

    it("passes every other scenario, with evidence", () => {
      const passed = run.report.results.filter((r) => r.status === "pass");
      expect(passed.length).toBeGreaterThanOrEqual(c.minPassed);
      expect(passed.filter((r) => r.exchanges.length === 0).map((r) => r.id)).toEqual([]);
    });
  });
}
