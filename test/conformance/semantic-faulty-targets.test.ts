/**
 * Semantic faults (semantic-faults.ts) against the real mock: each run of `conformance --api <its
 * API>` must end NOT CONFORMANT (exit code 1) and name a failing scenario of the API-specific layer
 * that catches it. In-process runs (fault-runs.ts); apart from faulty-targets.test.ts so that vitest
 * runs the two files side by side.
 */
import { expect, it } from "vitest";
import { describeFaults } from "./fault-runs.ts";
import { SEMANTIC_FAULTS } from "./semantic-faults.ts";

it("at least three faults per API", () => {
  const perApi = new Map<string, number>();
  for (const f of SEMANTIC_FAULTS) perApi.set(f.api, (perApi.get(f.api) ?? 0) + 1);
  expect([...perApi.keys()].sort()).toEqual(["nv", "sim-swap", "ssub"]);
  for (const [api, n] of perApi) expect(n, api).toBeGreaterThanOrEqual(3);
});

describeFaults("semantically faulty targets are reported as non-conformant", SEMANTIC_FAULTS);
