/**
 * The scale benchmark's figures as rows (reports/bench-scale.json) and readable tables: req/s, p50/p99
 * latency, server CPU per request and the ratio to the bare node:http server measured in the same
 * rounds (the first contender of every measurement).
 */
import type { Figures } from "./load.ts";
import type { ScenarioSpec } from "./scenarios.ts";
import type { Measured } from "./scale-load.ts";

export interface Row {
  /** scenario.contender, e.g. get-session.redis×2 */
  id: string;
  scenario: string;
  contender: string;
  label: string;
  processes: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** server CPU µs per request, every process of the contender (replicas + Redis) */
  cpuMicrosPerRequest?: number;
  /** Redis commands per request (background work such as the clock's polling included), 0 without Redis */
  redisCommandsPerRequest: number;
  /** req/s / bare req/s over the same rounds (1 for bare itself) */
  ratioToBare: number;
  ratioPerRound: number[];
  statusCodes: Record<string, number>;
  expectedStatus: number;
  /** unexpected statuses and socket errors on this contender or the bare one, warm-up included (+1 if no answer at all) */
  unexpected: number;
  valid: boolean;
  figures: Figures;
}

export function rowsOf(spec: ScenarioSpec, measured: Measured[]): Row[] {
  const bare = measured[0];
  return measured.map((m) => {
    // no answer at all measures nothing either
    const unexpected = m.unexpected + (m === bare ? 0 : bare.unexpected) + (m.figures.requests === 0 ? 1 : 0);
    return {
      id: `${spec.id}.${m.contender.id}`,
      scenario: spec.id,
      contender: m.contender.id,
      label: m.contender.label,
      processes: m.contender.targets.length + (m.contender.redis ? 1 : 0),
      requestsPerSecond: m.figures.requestsPerSecond,
      latencyP50Ms: m.figures.latencyP50Ms,
      latencyP99Ms: m.figures.latencyP99Ms,
      cpuMicrosPerRequest: m.figures.serverCpuMicrosPerRequest,
      redisCommandsPerRequest: m.redisCommandsPerRequest,
      ratioToBare: m.figures.requestsPerSecond / bare.figures.requestsPerSecond,
      ratioPerRound: m.perRound.map((r, i) => r / bare.perRound[i]),
      statusCodes: m.figures.statusCodes,
      expectedStatus: spec.expectedStatus,
      unexpected,
      valid: unexpected === 0,
      figures: m.figures,
    };
  });
}

const num = (n: number | undefined, width: number, digits = 0) => (n === undefined ? "n/a" : n.toFixed(digits)).padStart(width);

export function printRows(rows: Row[]): void {
  console.log(
    `  ${"contender".padEnd(46)} ${"req/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"cpu µs/req".padStart(10)} ${"redis cmd/req".padStart(13)} ` +
      `${"ratio".padStart(6)}  ${"per round".padEnd(10)}  answers`,
  );
  for (const r of rows) {
    const lo = Math.min(...r.ratioPerRound);
    const hi = Math.max(...r.ratioPerRound);
    const codes = Object.entries(r.statusCodes).map(([c, n]) => `${c}×${n}`).join(" ");
    console.log(
      `  ${r.label.padEnd(46)} ${num(r.requestsPerSecond, 7)} ${num(r.latencyP50Ms, 7, 2)} ${num(r.latencyP99Ms, 7, 2)} ` +
        `${num(r.cpuMicrosPerRequest, 10)} ${r.redisCommandsPerRequest ? num(r.redisCommandsPerRequest, 13, 1) : "-".padStart(13)} ${num(r.ratioToBare, 6, 3)}  ${`${lo.toFixed(2)}–${hi.toFixed(2)}`.padEnd(10)}  ` +
        (r.valid ? `${codes}` : `INVALID: ${r.unexpected} not ${r.expectedStatus} (${codes}${r.figures.errors ? ` socket-errors×${r.figures.errors}` : ""})`),
    );
  }
}

export function printMemory(memory: { store: string; sessions: number; preloadSeconds: number; bytesPerSession: number; rssPerSession?: number; measure: string }[]): void {
  console.log("\n  memory per stored session");
  for (const m of memory) {
    const total = (m.bytesPerSession * m.sessions) / 2 ** 20;
    console.log(
      `  ${m.store.padEnd(7)} ${num(m.bytesPerSession, 6)} B/session (${total.toFixed(0)} MiB for ${m.sessions})` +
        (m.rssPerSession === undefined ? "" : `, RSS ${num(m.rssPerSession, 0)} B/session`) +
        `; preload ${m.preloadSeconds.toFixed(1)} s; ${m.measure}`,
    );
  }
}
