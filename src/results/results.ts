/**
 * The result model of a conformance run. The runner emits RunEvents; reporters (console, HTML,
 * JUnit, JSON) subscribe. Adding a report format never touches the runner. `results.json` is
 * exactly a `RunReport` (documented in docs/results-json.md).
 */

/**
 * pass: every expectation held. fail: the target does not conform (an expectation failed).
 * error: the harness could not judge (unreachable target, HTML instead of an API, crash, timeout).
 * skip: not applicable to this target, always with a reason. deviation: failed, but the target's
 * configuration lists it as an accepted deviation (with a reason); never counted as a pass.
 * definition-defect: it ran, but the official test definition contradicts its own spec, so no
 * target can pass it (the reason says how); not a failure of the target unless --strict-definitions.
 */
export type ScenarioStatus = "pass" | "fail" | "error" | "skip" | "deviation" | "definition-defect";

export const STATUSES: ScenarioStatus[] = ["pass", "fail", "error", "skip", "deviation", "definition-defect"];

export interface RecordedRequest {
  method: string;
  url: string;
  /** secrets (Authorization, tokens, client secrets) already redacted */
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** One frame of a websocket exchange (RFC 6455), or its close, in the order they happened. */
export interface SocketFrame {
  /** ms since the upgrade request was sent */
  atMs: number;
  direction: "sent" | "received" | "closed";
  /** the frame's text (redacted like bodies); for "closed", the close code and reason */
  data: string;
}

export interface Exchange {
  request: RecordedRequest;
  response?: RecordedResponse;
  /** network-level failure, if any */
  error?: string;
  durationMs: number;
  /** a curl command reproducing the request, with secrets replaced by shell variables */
  curl: string;
  /** websocket exchanges: the frames after the upgrade (response 101), in order, with their timing */
  frames?: SocketFrame[];
}

export interface ScenarioResult {
  /** stable id; the official tag id where a CAMARA test definition exists */
  id: string;
  title: string;
  api: string;
  version: string;
  /** operationId the scenario targets, or "*" for several */
  operationId: string;
  /** the CAMARA rule checked, e.g. "Commonalities 0.6 design guide: 401 UNAUTHENTICATED for a missing token" */
  rule: string;
  /** "spec-derived" (generic checks from the OpenAPI) or "api" (API-specific semantics) or "official" */
  layer: "spec-derived" | "api" | "official";
  /** official feature file and line, where the scenario comes from one */
  source?: { file: string; line: number };
  status: ScenarioStatus;
  /** why it was skipped, why the deviation is accepted, or what broke (error) */
  reason?: string;
  /** for failures: what CAMARA requires and what the target did */
  expected?: string;
  received?: string;
  /** the id of the registered check that failed (src/results/check-registry.ts), when a check failed */
  check?: string;
  /** CAMARA (status, code) pairs the scenario exercised, e.g. "401 UNAUTHENTICATED" */
  errorCodes: string[];
  exchanges: Exchange[];
  durationMs: number;
}

export interface Counts {
  pass: number;
  fail: number;
  error: number;
  skip: number;
  deviation: number;
  "definition-defect": number;
  total: number;
}

export interface RunReport {
  schemaVersion: 1;
  tool: { name: "camara-harness"; version: string };
  target: { baseUrl: string; builtInMock: boolean; release: string; config?: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** 0 conformant, 1 not conformant, 2 harness or configuration error */
  exitCode: 0 | 1 | 2;
  /** problems that stopped or spoiled the run (unreachable target, bad config), one line each */
  harnessErrors: string[];
  counts: Counts;
  results: ScenarioResult[];
}

export type RunEvent =
  | { type: "run-start"; target: RunReport["target"]; startedAt: string; apis: string[] }
  | { type: "scenario-end"; result: ScenarioResult; counts: Counts }
  | { type: "run-end"; report: RunReport };

export interface Reporter {
  onEvent(event: RunEvent): void | Promise<void>;
}

/**
 * The statuses a report shows for these counts: definition defects come only from official test
 * definitions (features), so their column appears only in runs that have some.
 */
export function shownStatuses(total: Counts): ScenarioStatus[] {
  return STATUSES.filter((s) => s !== "definition-defect" || total[s] > 0);
}

export function emptyCounts(): Counts {
  return { pass: 0, fail: 0, error: 0, skip: 0, deviation: 0, "definition-defect": 0, total: 0 };
}

export function countResults(results: ScenarioResult[]): Counts {
  const c = emptyCounts();
  for (const r of results) {
    c[r.status]++;
    c.total++;
  }
  return c;
}

/**
 * Exit code of a run: harness errors -> 2, failures -> 1, no scenario run at all -> 2 (a selection
 * that matched nothing proves nothing), else 0. Deviations, definition defects and skips do not fail.
 */
export function exitCodeOf(counts: Counts, harnessErrors: string[]): 0 | 1 | 2 {
  if (harnessErrors.length > 0 || counts.error > 0) return 2;
  if (counts.fail > 0) return 1;
  if (counts.total === 0) return 2;
  return 0;
}

export const TOOL_VERSION = "0.1.0";

/** The RunReport of a finished run (both runners: conformance and features). */
export function buildReport(input: {
  target: RunReport["target"];
  startedAt: Date;
  harnessErrors: string[];
  results: ScenarioResult[];
}): RunReport {
  const counts = countResults(input.results);
  const finishedAt = new Date();
  return {
    schemaVersion: 1,
    tool: { name: "camara-harness", version: TOOL_VERSION },
    target: input.target,
    startedAt: input.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - input.startedAt.getTime(),
    exitCode: exitCodeOf(counts, input.harnessErrors),
    harnessErrors: input.harnessErrors,
    counts,
    results: input.results,
  };
}
