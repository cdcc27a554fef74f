import { relative } from "node:path";
import { runFeatures } from "../src/features/runner.ts";
const R = "/work/shared/reference/camara";
const [pattern, ...paths] = process.argv.slice(2);
const run = await runFeatures({ files: paths.map((p) => ({ path: p, display: relative(R, p) })), release: "fall25", apis: ["quality-on-demand", "qos-profiles", "number-verification", "sim-swap", "sim-swap-subscriptions"], reportDir: "/tmp/fx/reports", reporters: [] });
for (const r of run.report.results.filter((x) => x.id.includes(pattern))) {
  console.log("==", r.id, r.status, r.reason ?? "", r.errorCodes);
  for (const e of r.exchanges) console.log("  ", e.request.method, e.request.url.replace(/http:\/\/127.0.0.1:\d+/, ""), e.request.headers.authorization ?? "-", e.request.body ?? "", "->", e.response?.status, (e.response?.body ?? "").slice(0, 160));
}
