/**
 * Where does a mock request spend its time? Starts one mock exactly as the benchmark does, warms it up,
 * then samples its CPU (V8 profiler through node:inspector, 250 µs interval) during one load run only,
 * so start-up (spec loading, Ajv compilation) stays out of the picture, and prints the summary.
 * `bare` profiles the baseline server the same way, to see what any node:http server pays.
 *   npx tsx bench/profile.ts [get|post] [production|development|bare] [seconds]
 * Writes reports/profiles/<scenario>.<mode>.cpuprofile (open it in Chrome DevTools or speedscope).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runLoad } from "./load.ts";
import { summarise } from "./profile-summary.ts";
import { MODES, SCENARIOS, startBare, startMock } from "./scenarios.ts";
import { PROJECT_ROOT } from "../src/core/paths.ts";

const [key = "get", modeId = "production", seconds = "5"] = process.argv.slice(2);
const spec = SCENARIOS.find((s) => s.key === key);
const mode = MODES.find((m) => m.id === modeId);
if (!spec || (!mode && modeId !== "bare")) {
  console.error("usage: npx tsx bench/profile.ts [get|post] [production|development|bare] [seconds]");
  process.exit(2);
}

const dir = join(PROJECT_ROOT, "reports", "profiles");
mkdirSync(dir, { recursive: true });
const file = join(dir, `${spec.id}.${modeId}.cpuprofile`);
// the bare server needs a token and session id only to send the same bytes as to the mock
const like = await startMock(mode ?? MODES[0], mode ? 150_000 : 0);
const mock = mode ? like : await startBare(like, 150_000);
try {
  const request = spec.request(mock);
  await runLoad(mock.target.url, request, { connections: 10, pipelining: 1, durationSeconds: 1 });
  await mock.target.startProfile();
  const cpu0 = await mock.target.cpuMicros();
  const { figures } = await runLoad(mock.target.url, request, { connections: 10, pipelining: 1, durationSeconds: Number(seconds) });
  const cpu = (await mock.target.cpuMicros()) - cpu0;
  await mock.target.stopProfile(file);
  console.log(
    `${spec.title}, ${mock.label}: ${figures.requestsPerSecond.toFixed(0)} req/s, ` +
      `${(cpu / figures.requests).toFixed(0)} µs CPU/request (profiler on), statuses ${JSON.stringify(figures.statusCodes)}`,
  );
  console.log(`profile: ${relative(PROJECT_ROOT, file)}`);
  console.log(summarise(JSON.parse(readFileSync(file, "utf8")), 40));
} finally {
  await mock.target.stop();
  if (like !== mock) await like.target.stop();
}
