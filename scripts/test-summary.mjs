// Prints the plain closing line "N passed, N failed, N skipped" from vitest's JSON results, so CI
// logs end with one line any reader (or tool) can judge, also when tests failed (npm test runs it
// whatever vitest's exit code, then exits with that code). vitest writes the JSON via vitest.config.ts.
import { existsSync, readFileSync } from "node:fs";

const file = "reports/vitest-results.json";
if (!existsSync(file)) {
  console.log(`no test results (${file}): vitest stopped before it ran the tests`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, "utf8"));
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`);
process.exit(results.numFailedTests > 0 ? 1 : 0);
