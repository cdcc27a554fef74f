/**
 * `npm run fuzz -- --count 30000 --seed N`: the project's own robustness run (issue 12) with a large
 * count; prints requests, statuses, 5xx, error shapes, state checks, attacks refused and memory, and
 * exits 1 on any violation (a 5xx, an error that is not an ErrorInfo, a state change on a refused
 * request, an accepted attack, RSS after reset more than 20% above the start).
 * Run with --expose-gc (the npm script does) so the memory figures are not GC timing.
 */
import { parseArgs } from "node:util";
import { runFuzz } from "./fuzz/run.ts";

const { values } = parseArgs({ options: { count: { type: "string" }, seed: { type: "string" }, json: { type: "boolean" } } });
const count = Number(values.count ?? 30_000);
const seed = Number(values.seed ?? Date.now() % 2 ** 31);
if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed)) {
  console.error("usage: npm run fuzz -- [--count 30000] [--seed N] [--json]");
  process.exit(2);
}
const report = await runFuzz({ count, seed, onProgress: (n) => n % 5000 === 0 && n > 0 && console.error(`  ${n} requests…`) });
const withinBound = report.rssMiB.afterReset <= report.rssMiB.start * 1.2;
if (values.json) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`fuzz seed ${report.seed}: ${report.requests} requests in ${report.seconds} s`);
  console.log(`  statuses      ${Object.entries(report.statuses).map(([s, n]) => `${s}:${n}`).join(" ")}`);
  console.log(`  5xx           ${report.fiveXX}`);
  console.log(`  not ErrorInfo ${report.notErrorInfo}`);
  console.log(`  state checks  ${report.stateChecks} refused requests compared, ${report.stateChanges} changed state`);
  console.log(`  attacks       ${report.attacks.refused}/${report.attacks.total} refused${report.attacks.accepted.length ? `; ACCEPTED: ${report.attacks.accepted.join(", ")}` : ""}`);
  console.log(`  RSS MiB       start ${report.rssMiB.start}, peak ${report.rssMiB.peak}, before reset ${report.rssMiB.beforeReset}, after reset ${report.rssMiB.afterReset} (${withinBound ? "within" : "NOT within"} 20% of the start)`);
  for (const v of report.violations) console.log(`  ${v.kind}: ${v.what}\n    ${v.request}\n    -> ${v.status ?? ""} ${v.body ?? ""}`);
}
process.exit(report.violations.length === 0 && withinBound ? 0 : 1);
