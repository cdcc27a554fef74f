/**
 * A step the library cannot bind is an undefined step: reported with its file and line, counted in
 * the summary, and the scenario holding it fails (never passes, is never skipped); the other
 * scenarios of the file still run. Also: Background and Scenario Outline (Examples placeholders
 * substituted, one scenario per row with its own id and line) and tag expressions.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type FeaturesRun, runFeatures } from "../../src/features/runner.ts";
import { startBuiltInMock } from "../../src/mock/built-in.ts";
import { renderTable } from "../../src/features/table.ts";

const FEATURE = `Feature: CAMARA QoS Profiles API, v1.1.0 - Operation getQosProfile
  Background:
    Given an environment at "apiRoot"
    And the resource "/qos-profiles/v1/qos-profiles/{name}"
    And the header "Authorization" is set to a valid access token
    And the header "x-correlator" complies with the schema at "#/components/schemas/XCorrelator"
    And the path param "name" is set by default to an existing QoS profile name

  @harness_test_01_known_steps @smoke
  Scenario: Only known steps
    When the request "getQosProfile" is sent
    Then the response status code is 200

  @harness_test_02_unknown_step
  Scenario: One step nobody implements
    Given the operator's moon is in its waxing phase
    When the request "getQosProfile" is sent
    Then the response status code is 200

  @harness_test_03_outline @smoke
  Scenario Outline: Unauthenticated
    Given the header "Authorization" <how>
    When the request "getQosProfile" is sent
    Then the response status code is 401
    And the response property "$.code" is "UNAUTHENTICATED"

    Examples:
      | how                                 |
      | is not sent                         |
      | is set to an invalid access token   |

  @harness_test_04_no_status_step
  Scenario: The HTTP status is only checked through the ErrorInfo
    Given the header "Authorization" is removed
    When the request "getQosProfile" is sent
    Then the response property "$.status" is 401
`;

describe("a feature file with an undefined step", () => {
  let run: FeaturesRun;
  let tagged: FeaturesRun;
  let file: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "features-undefined-"));
    file = join(dir, "harness-test.feature");
    writeFileSync(file, FEATURE);
    const options = { files: [{ path: file, display: "harness-test.feature" }], release: "fall25", apis: ["qos-profiles"], reportDir: dir, reporters: [], startMock: startBuiltInMock };
    run = await runFeatures(options);
    tagged = await runFeatures({ ...options, tags: "@smoke and not @harness_test_01_known_steps" });
  }, 60_000);

  it("fails the scenario with the step's text, file and line, and counts it", () => {
    const r = run.report.results.find((x) => x.id === "harness_test_02_unknown_step")!;
    expect(r.status).toBe("fail");
    expect(r.reason).toBe("undefined step: the operator's moon is in its waxing phase (harness-test.feature:16)");
    expect(r.source).toEqual({ file: "harness-test.feature", line: 15 });
    const summary = run.files[0];
    expect(summary.undefinedOccurrences).toBe(1);
    expect(summary.undefinedSteps).toEqual([{ text: "the operator's moon is in its waxing phase", line: 16 }]);
    expect(run.report.exitCode).toBe(1);
    expect(renderTable(run.files)).toContain("undefined step harness-test.feature:16: the operator's moon is in its waxing phase");
  });

  it("still runs the other scenarios, Background first, one per Examples row", () => {
    const byId = Object.fromEntries(run.report.results.map((r) => [r.id, r]));
    expect(byId.harness_test_01_known_steps.status).toBe("pass");
    expect(byId["harness_test_03_outline.is_not_sent"].status).toBe("pass");
    expect(byId["harness_test_03_outline.is_set_to_an_invalid_access_token"].status).toBe("pass");
    expect(byId["harness_test_03_outline.is_not_sent"].source).toEqual({ file: "harness-test.feature", line: 29 });
    expect(byId["harness_test_03_outline.is_not_sent"].exchanges[0].request.headers.authorization).toBeUndefined();
    expect(run.files[0].boundSteps).toBeGreaterThan(20);
  });

  it("checks the HTTP status of a scenario that only checks $.status, and says so", () => {
    const r = run.report.results.find((x) => x.id === "harness_test_04_no_status_step")!;
    expect(r.status).toBe("pass");
    expect(r.reason).toMatch(/no step checks the HTTP status; checked that it equals "\$\.status"/);
  });

  it("filters scenarios with a tag expression", () => {
    expect(tagged.report.results.map((r) => r.id).sort()).toEqual([
      "harness_test_03_outline.is_not_sent",
      "harness_test_03_outline.is_set_to_an_invalid_access_token",
    ]);
  });
});
