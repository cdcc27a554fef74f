/**
 * Evidence that a missing notification is the target's delivery problem, not non-conformance: our
 * mock, reached on this machine, keeps a delivery log (GET /_harness/events) whose attempts name
 * their error. When an attempt to the scenario's sink failed because TLS failed (the mock does not
 * trust the runner's certificate: started without --sink-ca), the notification scenarios cannot be
 * judged. Any other target, or no such attempt, gives no evidence (undefined).
 */
import { isTlsDeliveryError } from "../core/sink-delivery.ts";
import type { TargetContext } from "./target.ts";

interface LoggedDelivery {
  sink?: unknown;
  delivered?: unknown;
  attempts?: { error?: unknown }[];
}

const LOOPBACK = /^https?:\/\/(127\.|localhost(:|\/|$)|\[::1\])/;

/** The first TLS failure the target logged for deliveries to `sink`, if any. */
export async function tlsDeliveryFailure(target: TargetContext, sink: string): Promise<{ sink: string; error: string } | undefined> {
  if (!target.deliveryLogUrl || !LOOPBACK.test(target.deliveryLogUrl) || !LOOPBACK.test(target.apiRoot)) return undefined;
  let log: unknown;
  try {
    const res = await fetch(target.deliveryLogUrl, { signal: AbortSignal.timeout(target.timeoutMs) });
    if (!res.ok) return undefined;
    log = await res.json();
  } catch {
    return undefined;
  }
  if (!Array.isArray(log)) return undefined;
  for (const record of log as LoggedDelivery[]) {
    if (record?.sink !== sink || record.delivered === true) continue;
    const error = (record.attempts ?? []).map((a) => a?.error).find((e): e is string => typeof e === "string" && isTlsDeliveryError(e));
    if (error) return { sink, error };
  }
  return undefined;
}
