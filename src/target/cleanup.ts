/**
 * Undoing what a scenario created, so a run against a real operator leaves nothing behind. Best
 * effort: the outcome is not evidence, and a rate-limited client is given up to three more tries, a
 * second apart, before the deletion is given up.
 */
import { randomUUID } from "node:crypto";

/** DELETE `url` with the token; retried on 429 only. `fetcher` may record the exchange. */
export async function deleteQuietly(fetcher: typeof fetch, url: string, token: string, timeoutMs: number): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const res = await fetcher(url, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}`, "x-correlator": randomUUID() },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    if (res.status !== 429) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
