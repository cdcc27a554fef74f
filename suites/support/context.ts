/**
 * What a scenario body works with: typed clients for the target (recording every exchange), tokens,
 * the target's test subscribers, the clock and a notification sink, error assertions that also
 * record which CAMARA codes were exercised, and cleanup of what the scenario created.
 */
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { BASE_PATH as QOS_PROFILES_BASE_PATH, type paths as QosProfilesPaths } from "../../generated/qos-profiles/1.1.0/client.ts";
import type { paths as QodPaths } from "../../generated/quality-on-demand/1.1.0/client.ts";
import type { Client, Middleware } from "openapi-fetch";
import { apiBaseUrl, createTargetClient } from "../../src/target/client.ts";
import { advanceTargetClock } from "../../src/target/clock.ts";
import { accessOf, installHarnessAccess } from "../../src/target/harness-access.ts";
import { recordingFetch } from "../../src/target/recording-fetch.ts";
import { openSink, sinkRefusal, type ScenarioSink } from "../../src/target/sink.ts";
import type { TargetContext, TestSubscriber } from "../../src/target/target.ts";
import { type TokenRequest, TokenSource } from "../../src/target/tokens.ts";
import type { ScenarioMeta } from "./meta.ts";
import { qodOfRelease } from "./qod-release.ts";
import { checkExchange } from "./response-checks.ts";
import { openRecordedSocket, type RecordedSocket } from "./websocket.ts";

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
  /** the recording transport of every client: raw fetches through it are evidence too */
  readonly fetch: typeof fetch;
  private readonly cleanups: (() => Promise<unknown>)[] = [];
  /** the sink addresses this scenario offered to the target */
  private readonly offeredSinks: string[] = [];

  constructor(
    readonly target: TargetContext,
    private readonly meta: ScenarioMeta,
  ) {
    // this worker's fetch sends the run's workspace and control token (a shared harness mock)
    installHarnessAccess(accessOf(target));
    this.fetch = recordingFetch(target.timeoutMs, (exchange) => meta.exchanges.push(exchange));
  }

  // ---- clients -------------------------------------------------------------------------------
  /**
   * A client of one API of the target (src/target/client.ts), typed with the generated `paths` of
   * its version; every exchange is this scenario's evidence. `basePath` "" with `api` "" gives a
   * client that takes absolute URLs (raw requests).
   */
  client<Paths extends {}>(api: string, basePath: string, middleware: Middleware[] = []): Client<Paths> {
    const baseUrl = api === "" ? "" : apiBaseUrl(this.target, api, basePath);
    return createTargetClient<Paths>({ target: this.target, baseUrl, onExchange: (e) => this.meta.exchanges.push(e), middleware });
  }

  /** QoD typed as 1.1.0, on the base path of the target release's QoD version (same paths in 0.11.1 and 1.0.0). */
  qod() {
    return this.client<QodPaths>("quality-on-demand", qodOfRelease(this.target.release).basePath);
  }

  qosProfiles() {
    return this.client<QosProfilesPaths>("qos-profiles", QOS_PROFILES_BASE_PATH);
  }

  /** A websocket to the target, recorded in the scenario's evidence (upgrade, frames, close). */
  socket(url: string): Promise<RecordedSocket> {
    return openRecordedSocket(url, this.target.timeoutMs, (exchange) => this.meta.exchanges.push(exchange));
  }

  /** Absolute URL of a path of an API's base path, for raw requests. */
  url(api: string, basePath: string, path: string): string {
    return `${apiBaseUrl(this.target, api, basePath)}${path}`;
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
    await advanceTargetClock(this.target, seconds);
    // tokens are valid on the target's clock: after a jump, cached ones may have expired
    tokenSource = undefined;
  }

  /** A fresh sink the target can deliver to, and a reader of what arrived there. */
  sink(): ScenarioSink {
    const sink = openSink(this.target);
    this.require(sink, "the target cannot reach a notification sink of the runner (give --sink-url or sink.url)");
    this.offeredSinks.push(sink.url);
    return sink;
  }

  /**
   * Why the scenario cannot be judged when a request carrying one of its sinks was refused because
   * of the sink (400 INVALID_SINK, or INVALID_ARGUMENT about the sink): the target does not accept
   * the runner's sink, which says nothing about its notifications. Undefined otherwise.
   */
  sinkRefused(): string | undefined {
    if (this.offeredSinks.length === 0) return undefined;
    for (const e of this.meta.exchanges) {
      const reason = sinkRefusal(this.offeredSinks, e.request.body, e.response?.status, e.response?.body);
      if (reason) return reason;
    }
    return undefined;
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
        this.meta.check = problem.check;
        this.meta.expected = problem.expected;
        this.meta.received = problem.received;
        expect.fail(problem.message);
      }
    }
  }
}
