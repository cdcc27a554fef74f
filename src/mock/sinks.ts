/**
 * Built-in notification sinks: `/_harness/sink/{name}` records what it receives so that a client
 * without a public HTTPS endpoint can still see its CloudEvents. Bearer tokens are kept only as a
 * redacted fingerprint (first 12 hex digits of their SHA-256), never in clear.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../core/clock.ts";

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

export class SinkRegistry {
  private readonly sinks = new Map<string, ReceivedNotification[]>();

  record(name: string, entry: ReceivedNotification): void {
    const list = this.sinks.get(name) ?? [];
    list.push(entry);
    this.sinks.set(name, list);
  }

  list(name: string): ReceivedNotification[] {
    return this.sinks.get(name) ?? [];
  }

  clear(): void {
    this.sinks.clear();
  }
}

/**
 * Delivery to a sink on this very mock (`<origin>/_harness/sink/{name}`) without a network hop, so
 * notifications reach the built-in sinks in-process too. Undefined: not one of ours, send it.
 */
export function localSinkDelivery(origins: Set<string>, sinks: SinkRegistry, clock: Clock, prefix: string) {
  return async (sink: string, headers: Record<string, string>, body: string): Promise<number | undefined> => {
    let url: URL;
    try {
      url = new URL(sink);
    } catch {
      return undefined;
    }
    if (!origins.has(url.origin) || !url.pathname.startsWith(`${prefix}/sink/`)) return undefined;
    sinks.record(decodeURIComponent(url.pathname.slice(`${prefix}/sink/`.length)), {
      receivedAt: new Date(clock.now()).toISOString(),
      contentType: headers["content-type"],
      authorization: redactAuthorization(headers.authorization),
      body: JSON.parse(body),
    });
    return 204;
  };
}
