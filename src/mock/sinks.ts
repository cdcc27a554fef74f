/**
 * Built-in notification sinks: `/_harness/sink/{name}` records what it receives so that a client
 * without a public HTTPS endpoint can still see its CloudEvents. Bearer tokens are kept only as a
 * redacted fingerprint (first 12 hex digits of their SHA-256), never in clear.
 */
import { createHash } from "node:crypto";

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
