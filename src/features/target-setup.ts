/**
 * The target of a features run: the conformance runner's target (src/conformance/prepare-target.ts)
 * plus the test data the official scenarios ask for (SIM-swap states...), which only a target that
 * publishes its test data can give: see fixtures.ts.
 */
import { prepareTarget as prepareConformanceTarget, type TargetOptions } from "../conformance/prepare-target.ts";
import type { TargetContext } from "../conformance/target.ts";
import { emptyFixtures, fixturesFromTestData, type FeatureFixtures } from "./fixtures.ts";

export type { TargetOptions } from "../conformance/prepare-target.ts";

export interface PreparedTarget {
  target: TargetContext;
  fixtures: FeatureFixtures;
  builtInMock: boolean;
  close(): Promise<void>;
}

export async function prepareTarget(options: TargetOptions): Promise<PreparedTarget> {
  const prepared = await prepareConformanceTarget(options);
  const fixtures = prepared.testData
    ? fixturesFromTestData(prepared.target, prepared.testData, prepared.testDataNow ?? Date.now())
    : emptyFixtures(prepared.target);
  return { target: prepared.target, fixtures, builtInMock: prepared.builtInMock, close: prepared.close };
}
