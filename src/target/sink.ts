/**
 * The scenario's side of the runner's notification sink (sink-server.ts): a fresh address per
 * scenario that the target can deliver to, and reading what arrived there. Delivery may lag behind
 * the answer that caused it, so waiting re-reads for up to ~10 s of real time.
 */
import { randomUUID } from "node:crypto";
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
  received(): Promise<SinkEvent[]>;
}

/** A fresh sink at the runner's notification server, or undefined when the target cannot reach one. */
export function openSink(target: TargetContext): ScenarioSink | undefined {
  const sink = target.sink;
  if (!sink) return undefined;
  const id = randomUUID();
  const readUrl = `${sink.readUrl}/${id}`;
  return { id, url: `${sink.url}/${id}`, readUrl, received: () => readSinkEvents(readUrl, target.timeoutMs) };
}

/** Every notification received at one sink address so far. */
export async function readSinkEvents(readUrl: string, timeoutMs: number): Promise<SinkEvent[]> {
  const res = await fetch(readUrl, { signal: AbortSignal.timeout(timeoutMs) });
  return (await res.json()) as SinkEvent[];
}

/**
 * What arrived at the sink, re-read (up to ~10 s of real time) until `done` holds: a target without a
 * virtual clock delivers asynchronously. Returns what arrived even if `done` never held.
 */
export async function awaitEvents(sink: Pick<ScenarioSink, "received">, done: (events: SinkEvent[]) => boolean): Promise<SinkEvent[]> {
  let events: SinkEvent[] = [];
  for (let i = 0; i < 40; i++) {
    events = await sink.received();
    if (done(events)) return events;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return events;
}
