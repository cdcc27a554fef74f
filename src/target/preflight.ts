/**
 * Before any scenario: can the target be reached, does it answer like an API (not an HTML page),
 * does it answer at all in time? Each problem is one clear line (src/target/network-error.ts); the
 * APIs under that root are not run, and the run ends with exit 2 (served-probe.ts, checkServed).
 * A 404 page is left to the served-API probe: it means that one API is not served, not that the
 * whole target is wrong.
 */
import { describeFetchFailure, readLimited } from "./network-error.ts";

export async function preflight(urls: string[], timeoutMs: number): Promise<string[]> {
  const problems: string[] = [];
  for (const url of urls) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      const { text } = await readLimited(res);
      const type = res.headers.get("content-type") ?? "";
      if (res.status !== 404 && (type.includes("text/html") || /^\s*<(!doctype|html)/i.test(text))) {
        problems.push(`${url} answered an HTML page (status ${res.status}), not a CAMARA API: check --base-url`);
      }
    } catch (error) {
      problems.push(`cannot reach ${describeFetchFailure(`GET ${url}`, error, timeoutMs)}`);
    }
    if (problems.length > 0) break;
  }
  return problems;
}
