/**
 * The mock's own cost per request, without sockets: CPU µs per `app.handle()` for the benchmark's GET
 * and POST, in both modes, and how the POST cost moves as sessions pile up (the design guide wants it
 * flat). CPU time, not wall time, so a busy machine changes it little. Compare with the bare server's
 * CPU per request printed by `npm run bench`: that is what node:http itself costs.
 *   npx tsx bench/handle-cost.ts [--posts-per-step N] [--steps N] [--profile get|post]
 * --profile samples the loop with the V8 profiler (start-up excluded) and prints where the time goes;
 * the profile is written to reports/profiles/handle-<scenario>.<mode>.cpuprofile.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join, relative } from "node:path";
import { benchPhoneNumber, benchTestData } from "./bench-data.ts";
import { summarise } from "./profile-summary.ts";
import { createBody, MODES, SESSIONS_PATH } from "./scenarios.ts";
import { createMock } from "../src/mock/app.ts";
import type { MockRequest } from "../src/core/http.ts";
import { PROJECT_ROOT } from "../src/core/paths.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const postsPerStep = Number(option("--posts-per-step", "4000"));
const steps = Number(option("--steps", "3"));
const profileScenario = option("--profile", "");
const GETS = 30_000;

const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

async function perOp(n: number, fn: (i: number) => Promise<void>): Promise<number> {
  const c0 = cpuMicros();
  for (let i = 0; i < n; i++) await fn(i);
  return (cpuMicros() - c0) / n;
}

async function profiled<T>(enabled: boolean, file: string, run: () => Promise<T>): Promise<T> {
  if (!enabled) return run();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 250 });
  await session.post("Profiler.start");
  const result = await run();
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  mkdirSync(join(PROJECT_ROOT, "reports", "profiles"), { recursive: true });
  writeFileSync(file, JSON.stringify(profile));
  console.log(`  profile: ${relative(PROJECT_ROOT, file)}`);
  console.log(summarise(profile as never, 30).replace(/^/gm, "    "));
  return result;
}

for (const mode of MODES) {
  const app = await createMock({ testdata: benchTestData(postsPerStep * steps + 2000), validateResponses: mode.validateResponses });
  const token = await app.tokens.issue(
    { clientId: "demo-app", scopes: ["quality-on-demand:sessions:create", "quality-on-demand:sessions:read"], grant: "client_credentials" },
    3600,
  );
  const request = (method: string, path: string, body = ""): MockRequest => ({
    method,
    path,
    query: new URLSearchParams(),
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", host: "127.0.0.1:4010" },
    body,
    origin: "http://127.0.0.1:4010",
  });
  const expect = async (req: MockRequest, status: number) => {
    const res = await app.handle(req);
    if (res.status !== status) throw new Error(`${req.method} ${req.path}: expected ${status}, got ${res.status} ${res.body}`);
    return res;
  };
  console.log(`${mode.label}`);

  const created = await expect(request("POST", SESSIONS_PATH, createBody("+34600000001")), 201);
  const get = request("GET", `${SESSIONS_PATH}/${JSON.parse(created.body!).sessionId}`);
  await perOp(2000, () => expect(get, 200).then(() => undefined)); // warm-up
  const file = (s: string) => join(PROJECT_ROOT, "reports", "profiles", `handle-${s}.${mode.id}.cpuprofile`);
  const getCost = await profiled(profileScenario === "get", file("get-session"), () => perOp(GETS, () => expect(get, 200).then(() => undefined)));
  console.log(`  GET  session                                  ${getCost.toFixed(1).padStart(8)} µs CPU/request`);

  let device = 0;
  await profiled(profileScenario === "post", file("create-session"), async () => {
    for (let step = 0; step < steps; step++) {
      const from = device;
      const cost = await perOp(postsPerStep, async () => {
        await expect(request("POST", SESSIONS_PATH, createBody(benchPhoneNumber(device++))), 201);
      });
      console.log(`  POST session, sessions stored ${String(from + 1).padStart(6)}..${String(device + 1).padEnd(6)} ${cost.toFixed(1).padStart(8)} µs CPU/request`);
    }
  });
  app.close();
}
