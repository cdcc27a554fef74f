/**
 * Load on the scale benchmark's contenders (bench/scale.ts), with bench/run.ts's habits: a warm-up of
 * each, then ROUNDS slices interleaved across contenders (rotating who goes first), only the measured
 * contender running (the others SIGSTOPped, Redis included). A contender with several replicas gets one
 * autocannon instance per replica at the same time, the connections split evenly; their requests are
 * summed over the slice (req/s of the whole) and their latencies pooled.
 */
import type { RequestSpec } from "autocannon";
import { combine, type Figures, type LoadSettings, runLoad, type Slice, unexpectedCount } from "./load.ts";
import type { ScenarioSpec } from "./scenarios.ts";
import type { ScaleContender } from "./scale-contenders.ts";

export interface Measured {
  contender: ScaleContender;
  figures: Figures;
  perRound: number[];
  /** non-expected statuses and socket errors, warm-up included */
  unexpected: number;
  /** Redis commands per request over the measured slices (0 without Redis) */
  redisCommandsPerRequest: number;
}

/** Slices taken at the same time on several replicas, as one slice of the whole contender. */
function together(slices: Slice[]): Slice {
  if (slices.length === 1) return slices[0];
  const merged = combine(slices);
  // combine() adds durations (consecutive slices); these ran side by side
  const durationSeconds = Math.max(...slices.map((s) => s.figures.durationSeconds));
  const latencies = new Float64Array(slices.reduce((n, s) => n + s.latencies.length, 0));
  let at = 0;
  for (const s of slices) {
    latencies.set(s.latencies, at);
    at += s.latencies.length;
  }
  return { figures: { ...merged, durationSeconds, requestsPerSecond: merged.requests / durationSeconds }, latencies: latencies.sort() };
}

async function loadOnce(c: ScaleContender, requests: RequestSpec[], settings: LoadSettings): Promise<Slice> {
  const connections = Math.max(1, Math.floor(settings.connections / c.targets.length));
  const slices = await Promise.all(c.targets.map((t, i) => runLoad(t.url, requests[i], { ...settings, connections })));
  return together(slices);
}

export async function measure(spec: ScenarioSpec, contenders: ScaleContender[], slice: LoadSettings, warmup: LoadSettings, rounds: number): Promise<Measured[]> {
  const slices = new Map<ScaleContender, Slice[]>(contenders.map((c) => [c, []]));
  const unexpected = new Map<ScaleContender, number>(contenders.map((c) => [c, 0]));
  const commands = new Map<ScaleContender, number>(contenders.map((c) => [c, 0]));
  // one request spec per replica; a POST's device counter is the contender's, shared by its replicas
  const requests = new Map(contenders.map((c) => [c, c.targets.map(() => spec.request(c))]));
  const one = async (c: ScaleContender, settings: LoadSettings, measured: boolean): Promise<Slice> => {
    c.resume();
    try {
      const cpuBefore = await c.cpuMicros();
      const commandsBefore = await c.redisCommands();
      const s = await loadOnce(c, requests.get(c)!, settings);
      s.serverCpuMicros = (await c.cpuMicros()) - cpuBefore;
      // the INFO call itself is one command
      if (measured) commands.set(c, commands.get(c)! + Math.max(0, (await c.redisCommands()) - commandsBefore - (c.redis ? 1 : 0)));
      unexpected.set(c, unexpected.get(c)! + unexpectedCount(s.figures, spec.expectedStatus));
      return s;
    } finally {
      c.pause();
    }
  };
  for (const c of contenders) await one(c, warmup, false);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(round + k) % contenders.length];
      slices.get(c)!.push(await one(c, slice, true));
    }
  }
  return contenders.map((c) => {
    const figures = combine(slices.get(c)!);
    return {
    contender: c,
    figures,
    redisCommandsPerRequest: figures.requests > 0 ? commands.get(c)! / figures.requests : 0,
    perRound: slices.get(c)!.map((s) => s.figures.requestsPerSecond),
    unexpected: unexpected.get(c)!,
    };
  });
}
