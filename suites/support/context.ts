/**
 * What a scenario body works with: typed clients for the target (recording every exchange), tokens,
 * the target's test subscribers, the clock and a notification sink, error assertions that also
 * record which CAMARA codes were exercised, and cleanup of what the scenario created.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { createQosProfilesClient } from "../../generated/qos-profiles/1.1.0/client.ts";
import type { paths as QodPaths } from "../../generated/quality-on-demand/1.1.0/client.ts";
import createClient from "openapi-fetch";
import { recordingFetch } from "../../src/target/recording-fetch.ts";
import { type TargetContext, type TestSubscriber, apiRootFor } from "../../src/target/target.ts";
import { type TokenRequest, TokenSource } from "../../src/target/tokens.ts";
import type { ScenarioMeta } from "./meta.ts";
import { qodOfRelease } from "./qod-release.ts";
import { checkExchange } from "./response-checks.ts";

/** The target cannot provide what the scenario needs: the scenario is skipped with this reason. */
export class Unsatisfied extends Error {
  override name = "Unsatisfied";
}

let tokenSource: { target: TargetContext; source: TokenSource } | undefined;


export interface ApiAnswer {
  response: Response;
  data?: unknown;
  error?: unknown;
}

export class ScenarioContext {
  readonly fetch: typeof fetch;
  private readonly cleanups: (() => Promise<unknown>)[] = [];

  constructor(
    readonly target: TargetContext,
    private readonly meta: ScenarioMeta,
  ) {
    this.fetch = recordingFetch(target.timeoutMs, (exchange) => meta.exchanges.push(exchange));
  }

  // ---- clients -------------------------------------------------------------------------------
  /** QoD typed as 1.1.0, on the base path of the target release's QoD version (same paths in 0.11.1 and 1.0.0). */
  qod() {
    const baseUrl = apiRootFor(this.target, "quality-on-demand") + qodOfRelease(this.target.release).basePath;
    return createClient<QodPaths>({ fetch: this.fetch, baseUrl });
  }

  qosProfiles() {
    return createQosProfilesClient(apiRootFor(this.target, "qos-profiles"), { fetch: this.fetch });
  }

  /** Absolute URL of a path of an API's base path, for raw requests. */
  url(api: string, basePath: string, path: string): string {
    return `${apiRootFor(this.target, api)}${basePath}${path}`;
  }

  // ---- needs ---------------------------------------------------------------------------------
  require(condition: unknown, reason: string): asserts condition {
    if (!condition) throw new Unsatisfied(reason);
  }

  skip(reason: string): never {
    throw new Unsatisfied(reason);
  }

  subscriber(kind: keyof TargetContext["subscribers"]): TestSubscriber {
    const s = this.target.subscribers[kind];
    this.require(s, `the target configuration names no '${kind}' test subscriber`);
    return s;
  }

  // ---- tokens --------------------------------------------------------------------------------
  async token(request: TokenRequest): Promise<string> {
    if (!tokenSource || tokenSource.target !== this.target) tokenSource = { target: this.target, source: new TokenSource(this.target) };
    return tokenSource.source.get(request);
  }

  /** Headers of a well-formed call: bearer token, fresh x-correlator, JSON content type. */
  async headers(request: TokenRequest | string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
    const token = typeof request === "string" ? request : await this.token(request);
    return { authorization: `Bearer ${token}`, "x-correlator": randomUUID(), "content-type": "application/json", ...extra };
  }

  // ---- time and notifications ----------------------------------------------------------------
  async advanceClock(seconds: number): Promise<void> {
    this.require(this.target.clockUrl, "the target exposes no clock to advance (time-dependent scenario)");
    const res = await fetch(this.target.clockUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ advanceSeconds: seconds }),
      signal: AbortSignal.timeout(this.target.timeoutMs),
    });
    if (!res.ok) throw new Error(`advancing the target's clock failed with ${res.status}`);
    // tokens are valid on the target's clock: after a jump, cached ones may have expired
    tokenSource = undefined;
  }

  /** A fresh sink the target can deliver to, and a reader of what arrived there. */
  sink(): { url: string; received(): Promise<{ headers: Record<string, string>; body: any }[]> } {
    const sink = this.target.sink;
    this.require(sink, "the target cannot reach a notification sink of the runner (configure sink.url)");
    const id = randomUUID();
    return {
      url: `${sink.url}/${id}`,
      received: async () => {
        const res = await fetch(`${sink.readUrl}/${id}`, { signal: AbortSignal.timeout(this.target.timeoutMs) });
        return (await res.json()) as { headers: Record<string, string>; body: any }[];
      },
    };
  }

  // ---- assertions ----------------------------------------------------------------------------
  /** Asserts a CAMARA error answer: HTTP status, ErrorInfo status, one of the codes, a message. */
  expectError(answer: ApiAnswer, status: number, codes: string | string[]): void {
    const allowed = Array.isArray(codes) ? codes : [codes];
    for (const c of allowed) this.noteCode(`${status} ${c}`);
    const body = (answer.error ?? answer.data) as { status?: number; code?: string; message?: unknown } | undefined;
    expect(answer.response.status, `HTTP status (body: ${JSON.stringify(body)?.slice(0, 200)})`).toBe(status);
    expect(body?.status, "ErrorInfo.status").toBe(status);
    expect(allowed, `ErrorInfo.code ${body?.code} is one of ${allowed.join(" or ")}`).toContain(body?.code);
    expect(typeof body?.message === "string" && body.message.length > 0, "ErrorInfo.message is a text").toBe(true);
  }

  noteCode(pair: string): void {
    if (!this.meta.errorCodes.includes(pair)) this.meta.errorCodes.push(pair);
  }

  // ---- cleanup -------------------------------------------------------------------------------
  cleanup(fn: () => Promise<unknown>): void {
    this.cleanups.push(fn);
  }

  async runCleanups(): Promise<void> {
    for (const fn of this.cleanups.reverse()) {
      try {
        await fn();
      } catch {
        /* best effort: a failed cleanup must not hide the scenario's own result */
      }
    }
  }

  /** Spec conformance of every answer received (status documented, schema, x-correlator echo). */
  async checkAllResponses(): Promise<void> {
    for (const exchange of this.meta.exchanges) {
      const problem = await checkExchange(this.target, exchange);
      if (problem) {
        this.meta.expected = problem.expected;
        this.meta.received = problem.received;
        expect.fail(problem.message);
      }
    }
  }
}
