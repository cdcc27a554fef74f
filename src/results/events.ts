/**
 * The run's event stream: both runners (conformance, features) publish run-start, one scenario-end per
 * scenario and run-end here; every reporter (console, HTML, JUnit, JSON, src/report/) subscribes.
 * Events reach each subscriber in order, one at a time, even when a runner publishes without waiting
 * (vitest's reporter hooks are synchronous). One reporter failing (a full disk, the secret guard
 * refusing a file) does not silence the others; the failures are handed back together.
 */
import type { Reporter, RunEvent } from "./results.ts";

/** Thrown by dispatchEvent after every reporter has had the event, when some of them failed. */
export class ReporterError extends Error {
  override name = "ReporterError";
  constructor(readonly errors: unknown[]) {
    super(`${errors.length} reporter(s) failed: ${errors.map((e) => (e instanceof Error ? e.message : String(e))).join("; ")}`);
  }
}

/** Hands the event to each reporter in order, awaiting each; throws a ReporterError if any failed. */
export async function dispatchEvent(reporters: readonly Reporter[], event: RunEvent): Promise<void> {
  const errors: unknown[] = [];
  for (const reporter of reporters) {
    try {
      await reporter.onEvent(event);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length > 0) throw new ReporterError(errors);
}

export class RunEventStream {
  private readonly subscribers: Reporter[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** reporter failures of events published without waiting (see publish) */
  readonly failures: string[] = [];

  constructor(reporters: readonly Reporter[] = []) {
    this.subscribers.push(...reporters);
  }

  subscribe(reporter: Reporter): void {
    this.subscribers.push(reporter);
  }

  /** Delivers the event after every earlier one; the returned promise rejects with a ReporterError. */
  emit(event: RunEvent): Promise<void> {
    const delivered = this.queue.then(() => dispatchEvent(this.subscribers, event));
    this.queue = delivered.catch(() => {});
    return delivered;
  }

  /** Delivers without waiting: a failure is kept in `failures` instead of rejecting. */
  publish(event: RunEvent): void {
    this.emit(event).catch((e: Error) => this.failures.push(e.message));
  }

  /** Resolves once every event published so far has been delivered. */
  flush(): Promise<void> {
    return this.queue;
  }
}
