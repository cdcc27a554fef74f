/**
 * The project's own robustness test (issue 12), small and seeded so it runs in `npm test`: bad
 * requests derived from the specs and the known attack classes (bench/fuzz/), against the real mock
 * in-process. `npm run fuzz -- --count 30000 --seed N` runs the same with a large count.
 * Re-run a failure with FUZZ_SEED=<seed>.
 */
import { expect, it } from "vitest";
import { runFuzz } from "../../bench/fuzz/run.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 0x12_2026);
const COUNT = Number(process.env.FUZZ_COUNT ?? 1200);

it(`seeded fuzz run (seed ${SEED}, ${COUNT} requests): no 5xx, only ErrorInfo errors, refused requests change nothing, attacks refused, memory bounded`, async () => {
  const report = await runFuzz({ count: COUNT, seed: SEED, stateEvery: 1 });
  expect(report.violations).toEqual([]);
  expect(report.fiveXX).toBe(0);
  expect(report.notErrorInfo).toBe(0);
  expect(report.stateChanges).toBe(0);
  expect(report.stateChecks).toBeGreaterThan(COUNT / 10);
  expect(report.attacks.refused).toBe(report.attacks.total);
  expect(report.attacks.total).toBeGreaterThan(30);
  // the run reaches the domain code, not only the validation layer
  expect((report.statuses[200] ?? 0) + (report.statuses[201] ?? 0)).toBeGreaterThan(COUNT / 20);
  expect(report.rssMiB.peak - report.rssMiB.start).toBeLessThan(200);
}, 120_000);
