/**
 * Developer tool: prints the wire-contract differences between one of our specs and an official file.
 *   npx tsx src/openapi/contract-cli.ts specs/quality-on-demand/1.1.0.yaml <official.yaml>
 * Exit code 0 = same contract, 1 = differences, 2 = a file could not be loaded.
 */
import { compareFiles, formatDifferences } from "./contract.ts";

const [ours, official] = process.argv.slice(2);
if (!ours || !official) {
  console.error("usage: contract-cli <our spec> <official spec>");
  process.exit(2);
}
try {
  const diffs = await compareFiles(ours, official);
  if (diffs.length === 0) {
    console.log(`same wire contract: ${ours} = ${official}`);
  } else {
    console.log(formatDifferences(diffs));
    console.log(`\n${diffs.length} difference(s)`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`cannot compare: ${(error as Error).message}`);
  process.exitCode = 2;
}
