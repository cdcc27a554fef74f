/**
 * One autocannon measurement, reduced to the figures the benchmark reports. Latency percentiles are
 * computed from autocannon's per-response hrtime durations (sub-millisecond), because its own latency
 * histogram keeps whole milliseconds, too coarse on loopback. Every status code is counted: a
 * benchmark of error answers measures nothing, so the caller compares them with the expected one.
 */
import autocannon, { type RequestSpec } from "autocannon";

export interface LoadSettings {
  connections: number;
  pipelining: number;
  durationSeconds: number;
}

export interface Figures {
  /** completed requests / measured seconds */
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  durationSeconds: number;
  statusCodes: Record<string, number>;
  /** answers outside 200-299 */
  non2xx: number;
  /** socket errors, timeouts included */
  errors: number;
  timeouts: number;
  /**
   * CPU time of the server process per completed request (user + system, µs). Unlike req/s it does not
   * depend on how much CPU the machine gave the server, so it survives a noisy, shared machine.
   */
  serverCpuMicrosPerRequest?: number;
}

/** One measured slice: its figures and the raw latencies (ms), so that slices can be combined. */
export interface Slice {
  figures: Figures;
  latencies: Float64Array;
  /** CPU the server used during the slice, µs, when known */
  serverCpuMicros?: number;
}

function non2xx(statusCodes: Record<string, number>): number {
  let n = 0;
  for (const [code, count] of Object.entries(statusCodes)) if (Number(code) < 200 || Number(code) > 299) n += count;
  return n;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function runLoad(url: string, request: RequestSpec, settings: LoadSettings): Promise<Slice> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url,
        connections: settings.connections,
        pipelining: settings.pipelining,
        duration: settings.durationSeconds,
        timeout: 10,
        requests: [request],
      },
      (err, result) => {
        if (err) return reject(err);
        const sorted = Float64Array.from(latencies).sort();
        const statusCodes: Record<string, number> = {};
        for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
        const figures: Figures = {
          requestsPerSecond: result.requests.total / result.duration,
          latencyP50Ms: percentile(sorted, 50),
          latencyP99Ms: percentile(sorted, 99),
          requests: result.requests.total,
          durationSeconds: result.duration,
          statusCodes,
          non2xx: non2xx(statusCodes),
          errors: result.errors,
          timeouts: result.timeouts,
        };
        resolve({ figures, latencies: sorted });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
      latencies.push(responseTimeMs);
    });
  });
}

/** Responses whose status is not `expected`, plus socket errors (timeouts included). */
export function unexpectedCount(f: Figures, expected: number): number {
  let n = f.errors;
  for (const [code, count] of Object.entries(f.statusCodes)) if (Number(code) !== expected) n += count;
  return n;
}

/** The figures of several slices of one target taken as one measurement. */
export function combine(slices: Slice[]): Figures {
  const latencies = new Float64Array(slices.reduce((n, s) => n + s.latencies.length, 0));
  let at = 0;
  for (const s of slices) {
    latencies.set(s.latencies, at);
    at += s.latencies.length;
  }
  latencies.sort();
  const statusCodes: Record<string, number> = {};
  let requests = 0;
  let durationSeconds = 0;
  let errors = 0;
  let timeouts = 0;
  let cpu = 0;
  for (const { figures: f, serverCpuMicros } of slices) {
    cpu += serverCpuMicros ?? Number.NaN;
    requests += f.requests;
    durationSeconds += f.durationSeconds;
    errors += f.errors;
    timeouts += f.timeouts;
    for (const [code, n] of Object.entries(f.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  }
  return {
    requestsPerSecond: requests / durationSeconds,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    requests,
    durationSeconds,
    statusCodes,
    non2xx: non2xx(statusCodes),
    errors,
    timeouts,
    serverCpuMicrosPerRequest: Number.isNaN(cpu) ? undefined : cpu / requests,
  };
}
