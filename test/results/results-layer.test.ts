/**
 * The results layer: every answer check fails with its own id on an answer that breaks just its rule
 * (and passes a conforming one), accepted deviations are mapped once for both runners, outcomes map
 * onto results.json statuses, and the event stream delivers events in order to every subscriber.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadReleaseSpecs } from "../../src/apis/registry.ts";
import type { OperationSpec } from "../../src/openapi/operations.ts";
import { compileResponseValidator } from "../../src/openapi/validation/response-validator.ts";
import { applyDeviation } from "../../src/results/deviations.ts";
import { RunEventStream } from "../../src/results/events.ts";
import { toVerdict } from "../../src/results/outcome.ts";
import type { Exchange, RunEvent } from "../../src/results/results.ts";
import { ANSWER_CHECKS, type Answer } from "../../src/target/answer-checks.ts";

let op: OperationSpec;
beforeAll(async () => {
  const specs = await loadReleaseSpecs("fall25");
  op = specs.find((s) => s.api === "qos-profiles")!.operations.find((o) => o.operationId === "getQosProfile")!;
});

function answer(status: number, body: unknown, headers: Record<string, string> = {}, sentCorrelator = "abc-1"): Answer {
  const exchange: Exchange = {
    request: { method: "GET", url: "http://t/qos-profiles/v1/qos-profiles/QOS_E", headers: { "x-correlator": sentCorrelator } },
    response: {
      status,
      headers: { "content-type": "application/json", "x-correlator": sentCorrelator, ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    },
    durationMs: 1,
    curl: "",
  };
  return { exchange, where: "GET /qos-profiles/v1/qos-profiles/QOS_E", op, validator: compileResponseValidator(op, { allowInsecureSinks: false }) };
}

const ERROR_404 = { status: 404, code: "NOT_FOUND", message: "no such profile" };

describe("answer checks", () => {
  it("have stable, distinct ids", () => {
    expect(ANSWER_CHECKS.ids()).toEqual([
      "response.x-correlator-echoed",
      "response.json-body",
      "response.status-documented",
      "response.content-type",
      "response.schema",
      "response.error-info",
    ]);
  });

  it("pass a conforming answer", () => {
    expect(ANSWER_CHECKS.firstFailure(answer(404, ERROR_404))).toBeUndefined();
    expect(ANSWER_CHECKS.runAll(answer(404, ERROR_404)).every((r) => r.outcome.status !== "fail")).toBe(true);
  });

  const cases: { check: string; answer: () => Answer }[] = [
    { check: "response.x-correlator-echoed", answer: () => answer(404, ERROR_404, { "x-correlator": "other" }) },
    { check: "response.json-body", answer: () => answer(404, "{not json") },
    { check: "response.status-documented", answer: () => answer(418, ERROR_404) },
    { check: "response.content-type", answer: () => answer(404, ERROR_404, { "content-type": "text/plain" }) },
    { check: "response.schema", answer: () => answer(404, { status: 404, code: "NOT_FOUND" }) },
  ];
  for (const c of cases) {
    it(`${c.check} fails on an answer that breaks only its rule`, () => {
      const failure = ANSWER_CHECKS.firstFailure(c.answer());
      expect(failure?.id).toBe(c.check);
      expect(failure?.expected.length).toBeGreaterThan(0);
    });
  }

  it("response.error-info fails where the ErrorInfo status is not the HTTP status", () => {
    const check = ANSWER_CHECKS.runAll(answer(404, { ...ERROR_404, status: 400 })).find((r) => r.id === "response.error-info")!;
    expect(check.outcome.status).toBe("fail");
  });
});

describe("accepted deviations", () => {
  const deviations = { s1: "ticket OPS-42" };
  it("turn a failure (also a contradiction) into a deviation with the owner's reason", () => {
    expect(toVerdict(applyDeviation({ kind: "fail", reason: "HTTP 200, expected 400" }, "s1", deviations))).toEqual({
      status: "deviation",
      reason: "ticket OPS-42 (HTTP 200, expected 400)",
      expected: undefined,
      received: undefined,
    });
    expect(toVerdict(applyDeviation({ kind: "definition-defect", reason: "x" }, "s1", deviations)).status).toBe("deviation");
  });
  it("leave passes, skips, errors and unlisted scenarios alone", () => {
    expect(applyDeviation({ kind: "pass" }, "s1", deviations)).toEqual({ kind: "pass" });
    expect(applyDeviation({ kind: "error", reason: "down" }, "s1", deviations).kind).toBe("error");
    expect(applyDeviation({ kind: "fail", reason: "r" }, "s2", deviations).kind).toBe("fail");
  });
  it("a definition defect is its own status, and a contradiction failure under --strict-definitions", () => {
    expect(toVerdict({ kind: "definition-defect", reason: "the file says A and B" })).toMatchObject({ status: "definition-defect", reason: "the file says A and B" });
    expect(toVerdict({ kind: "definition-defect", reason: "the file says A and B" }, { strictDefinitions: true })).toMatchObject({ status: "fail", reason: "contradiction: the file says A and B" });
  });
});

describe("the run's event stream", () => {
  it("delivers published events in order to every subscriber, and keeps reporter failures", async () => {
    const seen: string[] = [];
    const slow = { onEvent: async (e: RunEvent) => { await new Promise((r) => setTimeout(r, 5)); seen.push(`slow ${e.type}`); } };
    const fast = { onEvent: (e: RunEvent) => void seen.push(`fast ${e.type}`) };
    const broken = { onEvent: () => { throw new Error("disk full"); } };
    const stream = new RunEventStream([slow, fast]);
    stream.subscribe(broken);
    const start: RunEvent = { type: "run-start", target: { baseUrl: "x", builtInMock: true, release: "fall25" }, startedAt: "", apis: [] };
    stream.publish(start);
    stream.publish({ ...start, apis: ["a"] });
    await stream.flush();
    expect(seen).toEqual(["slow run-start", "fast run-start", "slow run-start", "fast run-start"]);
    expect(stream.failures).toEqual(["1 reporter(s) failed: disk full", "1 reporter(s) failed: disk full"]);
  });
});
