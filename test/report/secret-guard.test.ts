/**
 * Defence in depth: a JWT that slipped past evidence redaction (here, echoed by the target in a
 * field redaction does not know) makes every file reporter refuse to write, without repeating the
 * token in its error; the other reporters still run and the console says the files were not written.
 */
import { knownSecrets } from "../../src/core/redact.ts";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { makeExchange } from "../../src/results/evidence.ts";
import { createHtmlReporter, createJsonReporter, createJUnitReporter, createReporters, dispatchEvent, ReporterError, SecretLeakError } from "../../src/report/index.ts";
import { assertNoSecrets, findJwt } from "../../src/report/secret-guard.ts";
import { eventsOf, FIXTURE_JWT, FIXTURE_RESULTS, fixtureReport } from "./report-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "camara-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("findJwt", () => {
  it.each([
    { what: "a signed JWT", text: `token ${FIXTURE_JWT} here`, found: true },
    { what: "a JWT inside JSON", text: `{"debugToken":"${FIXTURE_JWT}"}`, found: true },
    { what: "a JWT in a URL query", text: `https://x.example/cb?t=${FIXTURE_JWT}&a=1`, found: true },
    { what: "an unsecured JWT (alg none, empty signature)", text: "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", found: true },
    { what: "a redacted bearer", text: "authorization: Bearer <redacted>", found: false },
    { what: "eyJ inside a longer base64 run", text: "abceyJhbGciOi.eyJzdWIi.sig", found: false },
    { what: "only two segments", text: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", found: false },
    { what: "a dotted version string", text: "camara-harness 0.1.0 eyes.on.it", found: false },
    { what: "a uuid", text: "3fa85f64-5717-4562-b3fc-2c963f66afa6", found: false },
  ])("$what -> $found", ({ text, found }) => {
    expect(findJwt(text) !== undefined).toBe(found);
  });

  it("names the line but never repeats the token", () => {
    const error = (() => {
      try {
        assertNoSecrets(`line one\nline two ${FIXTURE_JWT}\n`, "out/x.json");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(SecretLeakError);
    expect(error!.message).toMatch(/^refusing to write out\/x\.json: line 2 /);
    expect(error!.message).not.toContain(FIXTURE_JWT.split(".")[1]);
    expect(error!.message).not.toContain(FIXTURE_JWT.split(".")[2]);
  });
});

/** The target echoed the token under a name redaction does not know; a failure, so every format shows its evidence. */
function leakyReport() {
  // a token the harness never saw (the fixture's own tokens are masked by value): only the shape guard can catch it
  knownSecrets.clear();
  const leak = makeExchange(
    { method: "GET", url: "https://api.operator.example/camara/sim-swap/v2/debug", headers: {} },
    { status: 200, headers: { "content-type": "application/json" }, body: `{"debugEcho":"${FIXTURE_JWT}"}` },
    5,
  );
  return fixtureReport({ results: [...FIXTURE_RESULTS, { ...FIXTURE_RESULTS[6], id: "leaky", status: "fail", expected: "no debug echo", received: "an echo", exchanges: [leak] }] });
}

describe("file reporters refuse to write a JWT", () => {
  it.each([
    { format: "json", make: createJsonReporter, file: "results.json" },
    { format: "junit", make: createJUnitReporter, file: "junit.xml" },
    { format: "html", make: createHtmlReporter, file: "index.html" },
  ])("$format", async ({ make, file }) => {
    const out = join(dir, `refuse-${file}`);
    const reporter = make(out);
    const events = eventsOf(leakyReport());
    await expect(reporter.onEvent(events[events.length - 1])).rejects.toThrow(SecretLeakError);
    expect(reporter.written).toBe(false);
    expect(existsSync(join(out, file))).toBe(false);
  });

  it("still lets the console finish, then throws once for all refusals", async () => {
    const out = join(dir, "all");
    const stream = new PassThrough();
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    const reporters = createReporters({ dir: out, console: stream });
    const events = eventsOf(leakyReport());
    for (const e of events.slice(0, -1)) await dispatchEvent(reporters, e);
    const error = await dispatchEvent(reporters, events[events.length - 1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReporterError);
    expect((error as ReporterError).errors).toHaveLength(3);
    expect((error as ReporterError).errors.every((e) => e instanceof SecretLeakError)).toBe(true);
    expect(text).toContain(`${join(out, "index.html")} (NOT written)`);
    expect(text).toMatch(/^Verdict: HARNESS ERROR/m);
    expect(text).not.toContain(FIXTURE_JWT);
  });
});
