/**
 * The state of one scenario while its steps run: the request being prepared (headers, token, path
 * parameters, body), the subject the request is about, what was sent and received, the resources the
 * scenario created (deleted at the end), the notification sink, and the notes and contradictions the
 * steps record. Steps only change this state; sending and preconditions live in request.ts and
 * resources.ts.
 */
import { randomUUID } from "node:crypto";
import type { Exchange } from "../results/results.ts";
import type { TargetContext, TestSubscriber } from "../target/target.ts";
import type { TokenSource } from "../target/tokens.ts";
import { openSink, type ScenarioSink, type SinkEvent } from "../target/sink.ts";
import type { OperationSpec } from "../openapi/operations.ts";
import type { FeatureFixtures } from "./fixtures.ts";
import type { FeatureFile, FeatureScenario } from "./model.ts";
import { skip } from "./outcome.ts";
import type { ResourceRef, SpecIndex } from "./spec-index.ts";

/** What a run shares between scenarios. */
export interface FeatureRuntime {
  target: TargetContext;
  fixtures: FeatureFixtures;
  specs: SpecIndex;
  tokens: TokenSource;
  seed: number;
}

/** Which token the Authorization header carries; resolved when the request is sent. */
export type TokenKind = "valid" | "expired" | "invalid" | "missing-scope" | "other-client" | "not-network-auth" | "throttled";

export type Patch =
  | { op: "set"; path: string; value: unknown }
  | { op: "delete"; path: string }
  /** a value at `path` that the named schema (or the body schema) rejects, chosen when sending */
  | { op: "invalid"; path: string; schema?: string }
  /** the identifier of the current subject at `path` (device or phone number), chosen when sending */
  | { op: "subject"; path: string; kind: "device" | "phoneNumber" };

export interface BodyDraft {
  /** default: the operation's default body; absent: no body; value: `value`; invalid: default body broken against the schema */
  mode: "default" | "absent" | "value" | "invalid";
  value?: unknown;
  patches: Patch[];
  /** a step set the body explicitly (noted when the operation takes none) */
  explicit: boolean;
}

export interface Received {
  op: OperationSpec;
  status: number;
  headers: Record<string, string>;
  text: string;
  /** parsed JSON, undefined when empty or not JSON */
  body: unknown;
  sent: { headers: Record<string, string>; body: unknown; token?: string };
}

export interface CreatedResource {
  create: OperationSpec;
  /** the create request body */
  body: Record<string, unknown>;
  /** the created object as answered */
  created: Record<string, unknown>;
  id: string;
  token: string;
  subscriber: TestSubscriber;
  /** the sinkCredential access token given, if a sink was given */
  sinkToken?: string;
}

export type { SinkEvent } from "../target/sink.ts";

export class World {
  readonly exchanges: Exchange[] = [];
  readonly notes: string[] = [];
  readonly contradictions: string[] = [];
  readonly errorCodes: string[] = [];
  readonly cleanups: (() => Promise<unknown>)[] = [];

  resource?: ResourceRef;
  /** operation named by the feature ("Operation createSession") or the template instance */
  operationHint?: string;
  auth?: TokenKind;
  headers: Record<string, string> = {};
  correlator?: { value: string; valid: boolean };
  pathParams: Record<string, { value: string } | { existing: true }> = {};
  query: Record<string, string> = {};
  body: BodyDraft = { mode: "default", patches: [], explicit: false };
  subject: { subscriber?: TestSubscriber; label?: string; via?: "token" | "body" } = {};
  /** the token must come from network-based authentication (Number Verification) */
  networkAuth?: boolean;

  response?: Received;
  requestsSent = 0;
  /** the HTTP status the scenario asserted, and the ErrorInfo status */
  assertedStatus?: number;
  assertedBodyStatus?: number;
  resourceCreated?: CreatedResource;
  /** values picked by earlier steps for later ones (maxDuration, hours since a swap...) */
  readonly memory = new Map<string, unknown>();
  sink?: ScenarioSink;
  /** events already at the sink when the last request was sent */
  eventsBefore = 0;
  events?: SinkEvent[];

  constructor(
    readonly runtime: FeatureRuntime,
    readonly file: FeatureFile,
    readonly scenario: FeatureScenario,
  ) {}

  get target(): TargetContext {
    return this.runtime.target;
  }

  get api(): string | undefined {
    return this.resource?.api;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  contradiction(text: string): void {
    if (!this.contradictions.includes(text)) this.contradictions.push(text);
  }

  noteCode(status: number, code: string): void {
    const pair = `${status} ${code}`;
    if (!this.errorCodes.includes(pair)) this.errorCodes.push(pair);
  }

  /** The subject of the request: the one a step chose, else the target's plain subscriber. */
  subscriber(): TestSubscriber {
    const s = this.subject.subscriber ?? this.target.subscribers.plain;
    if (!s) skip("the target configuration names no plain test subscriber (subscribers.plain)");
    return s;
  }

  setSubject(subscriber: TestSubscriber | undefined, label: string, why: string): TestSubscriber {
    if (!subscriber) skip(`the target configuration names no ${why}`);
    this.subject = { ...this.subject, subscriber, label };
    return subscriber;
  }

  /** How the subject reaches the API: in the token (3-legged) or in the body (2-legged). */
  via(): "token" | "body" {
    return this.subject.via ?? (this.networkAuth ? "token" : "body");
  }

  /** The x-correlator sent (generated once per scenario). */
  ensureCorrelator(): { value: string; valid: boolean } {
    this.correlator ??= { value: randomUUID(), valid: true };
    return this.correlator;
  }

  /** A fresh sink at the runner's notification server. */
  ensureSink(): ScenarioSink {
    if (!this.sink) {
      const sink = openSink(this.target);
      if (!sink) skip("the target cannot reach a notification sink of the runner (give --sink-url or sink.url)");
      this.sink = sink;
    }
    return this.sink;
  }

  /** The operation a step refers to by id, in the feature's API first. */
  operation(operationId: string): OperationSpec {
    const op = (this.api && this.runtime.specs.operation(this.api, operationId)) || this.runtime.specs.operationAnywhere(operationId);
    if (!op) skip(`no operation '${operationId}' in the specs of release ${this.target.release}`);
    return op;
  }

  /** The response a Then step checks; a harness error when nothing was sent. */
  received(): Received {
    if (!this.response) throw new Error("no request was sent before this step");
    return this.response;
  }
}
