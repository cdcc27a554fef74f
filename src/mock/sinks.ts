/**
 * Built-in notification sinks: `/_harness/sink/{name}` records what it receives so that a client
 * without a public HTTPS endpoint can still see its CloudEvents. Bearer tokens are kept only as a
 * redacted fingerprint (first 12 hex digits of their SHA-256), never in clear.
 *
 * Bounded memory (the sinks take unauthenticated bodies): each sink keeps its newest
 * MAX_PER_SINK notifications, all sinks together at most MAX_SINK_BYTES of bodies and MAX_SINKS
 * names, the oldest evicted first. A body nested deeper than MAX_JSON_DEPTH is kept as raw text, so
 * what a sink holds can always be written back as JSON.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../core/clock.ts";
import { BoundedSet } from "../core/bounded-set.ts";
import type { SharedSinkBox } from "../core/world.ts";
import { jsonDepth, MAX_JSON_DEPTH } from "../core/json-depth.ts";

export const MAX_SINKS = 256;
export const MAX_PER_SINK = 100;
export const MAX_SINK_BYTES = 8 * 1024 * 1024;

export interface ReceivedNotification {
  receivedAt: string;
  contentType?: string;
  authorization?: string;
  body: unknown;
}

export function redactAuthorization(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const [scheme, token] = value.split(/\s+/, 2);
  if (!token) return "<redacted>";
  return `${scheme} <redacted sha256:${createHash("sha256").update(token).digest("hex").slice(0, 12)}>`;
}

/** The body as JSON when it is JSON of a sane depth, else as the text received. */
export function sinkBody(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface Held {
  entry: ReceivedNotification;
  bytes: number;
}

/** What the control plane and in-process delivery need of the built-in sinks (in memory or shared). */
export interface Sinks {
  record(name: string, entry: ReceivedNotification, size?: number): void | Promise<void>;
  list(name: string): ReceivedNotification[] | Promise<ReceivedNotification[]>;
  clear(): void | Promise<void>;
}

/** The sinks of replicas: kept by the world (Redis), the same on every replica. */
export function sharedSinks(box: SharedSinkBox): Sinks {
  return {
    record: (name, entry, size = 0) => box.record(name, entry, size),
    list: async (name) => (await box.entries(name)) as ReceivedNotification[],
    clear: () => box.clear(),
  };
}

export class SinkRegistry implements Sinks {
  private readonly sinks = new Map<string, Held[]>();
  /** every entry in arrival order, for global eviction */
  private readonly order: { name: string; held: Held }[] = [];
  private bytes = 0;

  /** `size` is the body's size in bytes as received */
  record(name: string, entry: ReceivedNotification, size = 0): void {
    let list = this.sinks.get(name);
    if (!list) {
      if (this.sinks.size >= MAX_SINKS) this.dropSink(this.sinks.keys().next().value as string);
      this.sinks.set(name, (list = []));
    }
    const held = { entry, bytes: size };
    list.push(held);
    this.order.push({ name, held });
    this.bytes += size;
    if (list.length > MAX_PER_SINK) this.forget(name, list.shift()!);
    while (this.bytes > MAX_SINK_BYTES && this.order.length > 1) {
      const oldest = this.order[0];
      const l = this.sinks.get(oldest.name)!;
      l.splice(l.indexOf(oldest.held), 1);
      this.forget(oldest.name, oldest.held);
    }
  }

  list(name: string): ReceivedNotification[] {
    return (this.sinks.get(name) ?? []).map((h) => h.entry);
  }

  clear(): void {
    this.sinks.clear();
    this.order.length = 0;
    this.bytes = 0;
  }

  /** bytes of bodies held (for tests and the fuzz run) */
  get heldBytes(): number {
    return this.bytes;
  }

  private forget(name: string, held: Held): void {
    const i = this.order.findIndex((o) => o.held === held);
    if (i >= 0) this.order.splice(i, 1);
    this.bytes -= held.bytes;
    if (this.sinks.get(name)?.length === 0) this.sinks.delete(name);
  }

  private dropSink(name: string): void {
    for (const held of [...(this.sinks.get(name) ?? [])]) this.forget(name, held);
    this.sinks.delete(name);
  }
}

/**
 * Delivery to a sink on this very mock (`<origin>/_harness/sink/{name}`) without a network hop, so
 * notifications reach the built-in sinks in-process too. Undefined: not one of ours, send it.
 */
export function localSinkDelivery(origins: BoundedSet<string>, sinks: Sinks, clock: Clock, prefix: string) {
  return async (sink: string, headers: Record<string, string>, body: string): Promise<number | undefined> => {
    let url: URL;
    try {
      url = new URL(sink);
    } catch {
      return undefined;
    }
    if (!origins.has(url.origin) || !url.pathname.startsWith(`${prefix}/sink/`)) return undefined;
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(`${prefix}/sink/`.length));
    } catch {
      return undefined;
    }
    await sinks.record(
      name,
      {
        receivedAt: new Date(clock.now()).toISOString(),
        contentType: headers["content-type"],
        authorization: redactAuthorization(headers.authorization),
        body: sinkBody(body),
      },
      Buffer.byteLength(body),
    );
    return 204;
  };
}
