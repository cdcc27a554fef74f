/**
 * Response validation, first part (API-Testing-Guidelines "Response validation"): the HTTP status,
 * the ErrorInfo status, code and message, and response headers. Tolerated variants pass with a note
 * (a quoted status, `$.status` used as the HTTP status, 404 where a malformed id is not validated, a
 * code an older release names differently); an expectation the spec does not document (a status, a
 * code, a Content-Type on an answer without content) is recorded as a contradiction of the test
 * definition and the scenario goes on.
 */
import { renameCode } from "../../apis/registry.ts";
import { fail, show } from "../outcome.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";
import { brief, documentsCode, documentsStatus, hasNoContent } from "./response-helpers.ts";

interface Alternative {
  status: number;
  alternative: number;
  code: string;
}

function expectStatus(world: World, expected: number[], quoted: boolean): void {
  const r = world.received();
  world.assertedStatus = expected[0];
  if (quoted) world.note(`the test definition quotes the HTTP status ("${expected[0]}"): compared as a number (tolerated)`);
  if (expected.includes(r.status)) return;
  const alt = world.memory.get("alternative-answer") as Alternative | undefined;
  if (alt && expected.includes(alt.status) && r.status === alt.alternative) {
    world.memory.set("alternative-taken", alt);
    world.note(`answered ${alt.alternative} ${alt.code} instead of ${alt.status}: the definition allows it where the format of the id is not validated`);
    return;
  }
  if (!expected.some((s) => documentsStatus(r.op, s))) {
    world.contradiction(`expects HTTP ${expected.join(" or ")}, which ${r.op.operationId} does not document; the target answered ${r.status}`);
    return;
  }
  fail(`HTTP status of ${r.op.operationId}`, expected.join(" or "), `${r.status} ${brief(r.text)}`);
}

function expectCode(world: World, codes: string[]): void {
  const r = world.received();
  const status = world.assertedStatus ?? r.status;
  for (const c of codes) world.noteCode(status, c);
  const code = (r.body as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && codes.includes(code)) return;
  const alt = world.memory.get("alternative-taken") as Alternative | undefined;
  if (alt && code === alt.code && r.status === alt.alternative) return;
  // an older release names the same error differently (Commonalities 0.4: DEVICE_NOT_FOUND...)
  const theirs = (c: string) => renameCode(world.target.release, r.op.api, r.op.version, c)?.code;
  const renamed = codes.find((c) => theirs(c) === code && theirs(c) !== c);
  if (renamed) {
    world.note(`release ${world.target.release} names ${renamed} ${String(code)}: accepted as the same error`);
    return;
  }
  if (typeof code === "string" && !codes.some((c) => documentsCode(r.op, r.status, c)) && documentsCode(r.op, r.status, code)) {
    world.contradiction(
      `expects code ${codes.join(" or ")}, which ${r.op.operationId} does not document for HTTP ${r.status}; the target answered ${code}, which it documents`,
    );
    return;
  }
  fail(`ErrorInfo code of ${r.op.operationId}`, codes.join(" or "), `${r.status} ${show(code) ?? "(no code)"}`);
}

function expectBodyStatus(world: World, n: number): void {
  const r = world.received();
  const v = (r.body as { status?: unknown } | undefined)?.status;
  const alt = world.memory.get("alternative-taken") as Alternative | undefined;
  if (typeof v === "number") {
    world.assertedBodyStatus = n;
    if (v === n || (alt && n === alt.status && v === alt.alternative)) return;
    fail(`ErrorInfo status of ${r.op.operationId}`, n, v);
  }
  // no ErrorInfo status: the definition uses $.status for the HTTP status (sim-swap-subscriptions)
  world.note(`the test definition checks "$.status" = ${n} on an answer without an ErrorInfo status: compared with the HTTP status (tolerated)`);
  world.assertedStatus ??= n;
  if (r.status !== n) fail(`HTTP status of ${r.op.operationId} (as "$.status")`, n, r.status);
}

export const responseStatusSteps: StepDef[] = [
  {
    name: "response.status-code",
    concept: "response",
    patterns: [/^the response (?:status code|status|code) is ("?)(\d{3})"?(?: or "?(\d{3})"?)?$/i],
    run: (world, [quote, a, b]) => expectStatus(world, [Number(a), ...(b ? [Number(b)] : [])], quote === '"'),
  },
  {
    name: "response.error-status",
    concept: "response",
    patterns: [/^the response property "\$\.status" is (\d{3})$/i],
    run: (world, [n]) => expectBodyStatus(world, Number(n)),
  },
  {
    name: "response.error-code",
    concept: "response",
    patterns: [/^the response property "\$\.code" is ("[^"]+"(?: (?:or|OR) "[^"]+")*)$/],
    run: (world, [list]) => expectCode(world, [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1])),
  },
  {
    name: "response.error-message",
    concept: "response",
    patterns: [/^the response property "\$\.message" contains a user[ -]friendly text$/i],
    run(world) {
      const m = (world.received().body as { message?: unknown } | undefined)?.message;
      if (typeof m !== "string" || m.trim() === "") fail("ErrorInfo message is not a text", "a non-empty message", m);
    },
  },
  {
    name: "response.header-value",
    concept: "response",
    patterns: [/^the response header "([^"]+)" is "([^"]*)"$/i],
    run(world, [name, expected]) {
      const r = world.received();
      const actual = r.headers[name.toLowerCase()];
      const media = (s: string) => s.split(";")[0].trim().toLowerCase();
      const ok = actual !== undefined && (name.toLowerCase() === "content-type" ? media(actual) === media(expected) : actual === expected);
      if (ok) return;
      if (actual === undefined && r.text === "" && hasNoContent(r.op, r.status)) {
        world.contradiction(`expects the header ${name}: ${expected} on the ${r.status} answer of ${r.op.operationId}, which the spec defines without content`);
        return;
      }
      fail(`response header ${name}`, expected, actual ?? "(absent)");
    },
  },
  {
    name: "response.header-echo",
    concept: "response",
    patterns: [/^the response header "([^"]+)" has (?:the )?same value as (?:in )?the request header "([^"]+)"$/i],
    run(world, [resName, reqName]) {
      const r = world.received();
      const sent = r.sent.headers[reqName.toLowerCase()];
      const got = r.headers[resName.toLowerCase()];
      if (sent === undefined) throw new Error(`the request carried no ${reqName} header to compare with`);
      if (got !== sent) fail(`response header ${resName} does not echo the request's ${reqName}`, sent, got ?? "(absent)");
    },
  },
];
