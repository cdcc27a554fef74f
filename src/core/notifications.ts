/**
 * CloudEvents 1.0 notifications (CAMARA event subscription and notification guide): POSTed to the
 * sink as `application/cloudevents+json`, with `Authorization: Bearer <sinkCredential.accessToken>`
 * when the consumer gave an ACCESSTOKEN credential, retried on failure, and recorded for
 * `GET /_harness/events`. Tokens are never recorded in clear. The log keeps the newest MAX_EVENTS
 * deliveries (bounded memory, issue 12); older ones are evicted. An https sink must present a
 * certificate of a public root or of one of `trustedSinkCas` (sink-delivery.ts); a failed attempt is
 * logged with its cause (e.g. an untrusted certificate), which the conformance runner reads.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "./clock.ts";
import { describeDeliveryError, postToSink } from "./sink-delivery.ts";

export interface CloudEvent {
  id: string;
  source: string;
  type: string;
  specversion: "1.0";
  datacontenttype: "application/json";
  time: string;
  data: Record<string, unknown>;
}

export interface SinkCredential {
  credentialType?: string;
  accessToken?: string;
  accessTokenType?: string;
  accessTokenExpiresUtc?: string;
}

export interface DeliveryRecord {
  event: CloudEvent;
  sink: string;
  /** "Bearer <redacted>" when a token was sent */
  authorization?: string;
  attempts: { at: string; status?: number; error?: string }[];
  delivered: boolean;
}

/** Where deliveries are recorded besides this process's `log` (the shared log of replicas on Redis). */
export interface DeliveryLog {
  add(record: DeliveryRecord): Promise<void>;
  /** the record's attempts changed */
  update(record: DeliveryRecord): Promise<void>;
  list(): Promise<DeliveryRecord[]>;
  clear(): Promise<void>;
}

export interface NotifierOptions {
  /** a log shared with other replicas: `list()` answers from it */
  sharedLog?: DeliveryLog;
  clock: Clock;
  /** delays between attempts, ms (real time); attempts = delays.length + 1 */
  retryDelaysMs?: number[];
  /** per-attempt timeout, ms */
  timeoutMs?: number;
  /** delivers to the mock's own sinks without a network hop (set by the app) */
  localDelivery?: (sink: string, headers: Record<string, string>, body: string) => Promise<number | undefined>;
  /** PEM certificates trusted for https sinks besides the public roots (`--sink-ca`) */
  trustedSinkCas?: string[];
}

export const MAX_EVENTS = 1000;

export class Notifier {
  readonly log: DeliveryRecord[] = [];
  private readonly retryDelaysMs: number[];
  private readonly timeoutMs: number;

  constructor(private readonly options: NotifierOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? [500, 2000, 5000];
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  event(type: string, source: string, data: Record<string, unknown>): CloudEvent {
    return {
      id: randomUUID(),
      source,
      type,
      specversion: "1.0",
      datacontenttype: "application/json",
      time: new Date(this.options.clock.now()).toISOString(),
      data,
    };
  }

  /** Sends one event; resolves after the first attempt (later retries run in the background). */
  async send(sink: string, credential: SinkCredential | undefined, event: CloudEvent): Promise<DeliveryRecord> {
    const headers: Record<string, string> = { "content-type": "application/cloudevents+json" };
    if (credential?.credentialType === "ACCESSTOKEN" && credential.accessToken) {
      headers.authorization = `Bearer ${credential.accessToken}`;
    }
    const record: DeliveryRecord = {
      event,
      sink,
      authorization: headers.authorization ? "Bearer <redacted>" : undefined,
      attempts: [],
      delivered: false,
    };
    this.log.push(record);
    if (this.log.length > MAX_EVENTS) this.log.splice(0, this.log.length - MAX_EVENTS);
    await this.options.sharedLog?.add(record);
    const body = JSON.stringify(event);
    const attempt = async (): Promise<boolean> => {
      const at = new Date(this.options.clock.now()).toISOString();
      let done = false;
      try {
        const local = await this.options.localDelivery?.(sink, headers, body);
        const status =
          local ??
          (await postToSink(sink, headers, body, { timeoutMs: this.timeoutMs, trustedCas: this.options.trustedSinkCas }));
        record.attempts.push({ at, status });
        record.delivered = status >= 200 && status < 300;
        // 410 GONE: the sink will never accept; do not retry (CAMARA notification responses)
        done = record.delivered || status === 410 || (status >= 400 && status < 500 && status !== 429);
      } catch (error) {
        record.attempts.push({ at, error: describeDeliveryError(error) });
      }
      // the shared log follows the record; a lost write there never sends a delivered notification again
      await this.options.sharedLog?.update(record).catch(() => undefined);
      return done;
    };
    if (!(await attempt())) {
      const retry = (i: number) => {
        if (i >= this.retryDelaysMs.length) return;
        setTimeout(async () => {
          if (!(await attempt())) retry(i + 1);
        }, this.retryDelaysMs[i]).unref();
      };
      retry(0);
    }
    return record;
  }

  /** every delivery recorded, oldest first (the shared log's, when there is one) */
  async list(): Promise<DeliveryRecord[]> {
    return this.options.sharedLog ? this.options.sharedLog.list() : this.log;
  }

  async clear(): Promise<void> {
    this.log.length = 0;
    await this.options.sharedLog?.clear();
  }
}
