/**
 * The scenario's side of the runner's notification sink (sink-server.ts): a fresh address per
 * scenario that the target can deliver to, and reading what arrived there. Delivery may lag behind
 * the answer that caused it, so waiting re-reads for up to the run's timeout (--timeout, default 10 s).
 *
 * A notification scenario cannot judge a target that cannot use the runner's sink: when the target
 * refused the offered sink (sinkRefusal) or, being our mock on this machine, logged that it could not
 * deliver to it because TLS failed (its certificate is not trusted, sink-evidence.ts), the scenario
 * is skipped with that reason and the fix (SinkUnusable). A missing notification without such
 * evidence stays a failure.
 */
import { describeFetchFailure } from "./network-error.ts";
import { randomUUID } from "node:crypto";
import { tlsDeliveryFailure } from "./sink-evidence.ts";
import type { TargetContext } from "./target.ts";

/** One notification as the sink received it (Authorization kept only as a fingerprint). */
export interface SinkEvent {
  headers: Record<string, string>;
  body: any;
}

export interface ScenarioSink {
  id: string;
  /** where the target delivers */
  url: string;
  /** where the runner reads */
  readUrl: string;
  /** what arrived so far; throws SinkUnusable when nothing did and the target says it could not deliver */
  received(): Promise<SinkEvent[]>;
  /** how long to wait for a notification the target owes, ms: the run's timeout */
  waitMs: number;
}

/** The target could not use the runner's sink: the scenario is skipped with this reason (not a failure). */
export class SinkUnusable extends Error {
  override name = "SinkUnusable";
}

/** How often (ms) an empty sink makes the runner look at the target's delivery log. */
const EVIDENCE_EVERY_MS = 1000;

/** A fresh sink at the runner's notification server, or undefined when the target cannot reach one. */
export function openSink(target: TargetContext): ScenarioSink | undefined {
  const sink = target.sink;
  if (!sink) return undefined;
  const id = randomUUID();
  const url = `${sink.url}/${id}`;
  const readUrl = `${sink.readUrl}/${id}`;
  let lastLook = 0;
  const received = async (): Promise<SinkEvent[]> => {
    const events = await readSinkEvents(readUrl, target.timeoutMs);
    if (events.length > 0 || performance.now() - lastLook < EVIDENCE_EVERY_MS) return events;
    lastLook = performance.now();
    const failure = await tlsDeliveryFailure(target, url);
    if (failure) throw new SinkUnusable(undeliveredReason(target, failure));
    return events;
  };
  return { id, url, readUrl, received, waitMs: target.timeoutMs };
}

function undeliveredReason(target: TargetContext, failure: { sink: string; error: string }): string {
  const origin = new URL(failure.sink).origin;
  const ca = target.sink?.certFile;
  const fix = ca
    ? `start the mock with --sink-ca ${ca} (the runner's certificate, kept across runs), or run the conformance with --sink-url`
    : "make the target trust the sink's certificate (our mock: --sink-ca FILE), or use --sink-url";
  return `the target did not deliver to the runner's sink ${origin} (${failure.error}): ${fix}`;
}

/** Every notification received at one sink address so far. */
export async function readSinkEvents(readUrl: string, timeoutMs: number): Promise<SinkEvent[]> {
  let res: Response;
  try {
    res = await fetch(readUrl, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(describeFetchFailure(`reading the notification sink (GET ${readUrl})`, error, timeoutMs));
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`reading the notification sink (GET ${readUrl}) answered ${res.status}`);
  }
  return (await res.json()) as SinkEvent[];
}

/**
 * What arrived at the sink, re-read until `done` holds or `waitMs` passed (default: the sink's waitMs,
 * the run's timeout): a target without a virtual clock delivers asynchronously. Returns what arrived
 * even if `done` never held. A short waitMs checks that nothing (more) comes.
 */
export async function awaitEvents(
  sink: Pick<ScenarioSink, "received" | "waitMs">,
  done: (events: SinkEvent[]) => boolean,
  waitMs = sink.waitMs,
): Promise<SinkEvent[]> {
  const until = performance.now() + waitMs;
  for (;;) {
    const events = await sink.received();
    if (done(events) || performance.now() >= until) return events;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

const POLL_MS = 100;

/**
 * Why the target refused a request carrying one of the runner's sinks, when it refused the sink
 * itself: 400 INVALID_SINK, or 400 INVALID_ARGUMENT whose message is about `sink` (not about
 * `sinkCredential`). Undefined for any other answer.
 */
export function sinkRefusal(offered: string[], requestBody: string | undefined, status: number | undefined, responseBody: string | undefined): string | undefined {
  if (status !== 400 || !requestBody) return undefined;
  const sink = offered.find((u) => requestBody.includes(u));
  if (!sink) return undefined;
  let error: { code?: unknown; message?: unknown };
  try {
    error = JSON.parse(responseBody ?? "");
  } catch {
    return undefined;
  }
  const message = typeof error?.message === "string" ? error.message : "";
  const aboutSink = error?.code === "INVALID_SINK" || (error?.code === "INVALID_ARGUMENT" && /\bsink\b(?!Credential)/i.test(message));
  if (!aboutSink) return undefined;
  const fix = sink.startsWith("http://")
    ? "start the target so that it accepts http sinks (our mock: --allow-insecure-sinks), or drop --http-sink"
    : "give the runner a sink the target accepts: --sink-url with a public https address forwarded to the runner's sink";
  return `the target refused the runner's notification sink ${new URL(sink).origin} (400 ${String(error.code)}: ${message.slice(0, 160)}): ${fix}`;
}
