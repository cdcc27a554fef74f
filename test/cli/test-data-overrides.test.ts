/** `mock --set path=value`: one setting changed, checked against the whole test-data model. */
import { describe, expect, it } from "vitest";
import { loadOperatorTestData } from "../../src/apis/registry.ts";
import { applyOverrides } from "../../src/cli/test-data-overrides.ts";

const base = loadOperatorTestData();

describe("--set", () => {
  it("changes a module's setting and an operator setting, leaving the rest", () => {
    const data = applyOverrides(base, ["relaysmsGateway.sessionSleepTimeout=5", "operator.rateLimitPerSecond=50"]);
    expect((data.relaysmsGateway as { sessionSleepTimeout: number }).sessionSleepTimeout).toBe(5);
    expect(data.operator.rateLimitPerSecond).toBe(50);
    expect((data.relaysmsGateway as { sessionChangeLimit: number }).sessionChangeLimit).toBe(3);
    expect((base.relaysmsGateway as { sessionSleepTimeout: number }).sessionSleepTimeout, "the original is untouched").toBe(15);
  });

  it.each([
    ["no equals sign", "relaysmsGateway.sessionSleepTimeout", /path=value/],
    ["a wrong type", "relaysmsGateway.sessionSleepTimeout=soon", /sessionSleepTimeout must be integer/],
    ["an unknown member", "relaysmsGateway.sleep=5", /additional properties/],
    ["a path through a value", "operator.rateLimitPerSecond.x=1", /not a section/],
  ])("refuses %s in one line", (_what, set, message) => {
    expect(() => applyOverrides(base, [set])).toThrow(message);
  });
});
