/**
 * Before any scenario: can the target be reached, does it answer like an API (not an HTML page),
 * does it answer at all in time? Each problem is one clear line, and the run ends with exit 2.
 */
export async function preflight(urls: string[], timeoutMs: number): Promise<string[]> {
  const problems: string[] = [];
  for (const url of urls) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      const type = res.headers.get("content-type") ?? "";
      if (type.includes("text/html") || /^\s*<(!doctype|html)/i.test(text)) {
        problems.push(`${url} answered an HTML page (status ${res.status}), not a CAMARA API: check --base-url`);
      }
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === "TimeoutError" || e.name === "AbortError") {
        problems.push(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s (is the target hanging?)`);
      } else {
        problems.push(`cannot reach ${url}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
      }
    }
    if (problems.length > 0) break;
  }
  return problems;
}
