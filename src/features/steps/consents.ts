/**
 * Consent Info's steps (ConsentInfo/consent-info.feature): the subject in a consent state, valid
 * scopes and purpose for it, the statusInfo checks, the capture journey (capture URL, the page, the
 * redirect to the callback with capture_result and state) and the consent-specific 403 cases. The
 * subjects and scopes come from the target's consent test data (target.consents); without it the
 * scenarios are skipped with the reason.
 */
import type { ConsentFacts, TestSubscriber } from "../../target/target.ts";
import { normalisePath } from "../json-path.ts";
import { fail, skip } from "../outcome.ts";
import { sendRequest, tokenFor } from "../request.ts";
import { sendAsGiven } from "../send.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";

const RESULTS = ["granted", "partial_grant", "denied", "error", "timeout"];
const CALLBACK = "https://consumer.example.com/consent/callback";
const FLOW = "consent.capture";

/** subscribers without a decision already used in this run (each capture journey takes its own) */
const pendingUsed = new WeakMap<object, number>();

interface CaptureFlow {
  captureUrl?: string;
  state?: string;
  landed?: URL;
}

function facts(world: World): ConsentFacts {
  const f = world.target.consents;
  if (!f) skip("the target configuration names no consent test data (consents)");
  return f;
}

function subject(world: World, s: TestSubscriber | undefined, what: string): void {
  world.setSubject(s, what, `subscriber ${what} (consents)`);
}

const set = (world: World, path: string, value: unknown) => world.body.patches.push({ op: "set", path: normalisePath(path), value });

function statusInfo(world: World): { scopes: string[]; purpose: string; statusReason?: string; expirationDate?: string }[] {
  const list = (world.received().body as { statusInfo?: unknown } | undefined)?.statusInfo;
  if (!Array.isArray(list)) fail("response property $.statusInfo is a list", "an array", list);
  return list;
}

function flow(world: World): CaptureFlow {
  let f = world.memory.get(FLOW) as CaptureFlow | undefined;
  if (!f) world.memory.set(FLOW, (f = {}));
  return f;
}

export const consentSteps: StepDef[] = [
  {
    name: "consent.scopes",
    concept: "body",
    patterns: [/^the request body property "\$\.scopes" is set to a valid scope list$/i],
    run: (world) => set(world, "$.scopes", facts(world).scopes),
  },
  {
    name: "consent.purpose",
    concept: "body",
    patterns: [/^the request body property "\$\.purpose" is set to a valid purpose for the requested scope\(s\)$/i],
    run: (world) => set(world, "$.purpose", facts(world).purpose),
  },
  {
    name: "consent.not-allowed",
    concept: "body",
    patterns: [/^the request body property "\$\.scopes" and "\$\.purpose" are set to a value which is not allowed for the API Consumer$/i],
    run(world) {
      set(world, "$.scopes", facts(world).scopes);
      set(world, "$.purpose", "dpv:Marketing");
    },
  },
  {
    name: "consent.state",
    concept: "data",
    patterns: [
      /^the data processing is (allowed|not allowed) for the requested scope\(s\) and purpose(?: (with an expiration date|because it has expired|because Consent is pending, requested or expired))?$/i,
    ],
    run(world, [allowed, how]) {
      const f = facts(world);
      if (allowed.toLowerCase() === "allowed") return subject(world, how ? f.expiring : f.valid, how ? "with a time-limited consent" : "with a valid consent");
      if (/expired$/i.test(how) && /because it/i.test(how)) return subject(world, f.expired, "with an expired consent");
      if (how) return subject(world, f.requested, "with a requested consent");
      subject(world, f.denied, "with a denied consent");
    },
  },
  {
    name: "consent.status-scopes-subset",
    concept: "response",
    patterns: [/^the response property "\$\.statusInfo\[\*\]\.scopes" is either equal to or a subset of the requested scopes$/i],
    run(world) {
      const sent = ((world.received().sent.body as { scopes?: string[] }) ?? {}).scopes ?? [];
      for (const item of statusInfo(world)) for (const s of item.scopes) if (!sent.includes(s)) fail("$.statusInfo[*].scopes is a subset of the requested scopes", sent, item.scopes);
    },
  },
  {
    name: "consent.status-purpose",
    concept: "response",
    patterns: [/^the response property "\$\.statusInfo\[\*\]\.purpose" matches the requested purpose$/i],
    run(world) {
      const sent = ((world.received().sent.body as { purpose?: string }) ?? {}).purpose;
      for (const item of statusInfo(world)) if (item.purpose !== sent) fail("$.statusInfo[*].purpose", sent, item.purpose);
    },
  },
  {
    name: "consent.expiration-date",
    concept: "response",
    patterns: [/^the response property "\$\.statusInfo\[\*\]\.expirationDate" is present and its value is in the (future|past)$/i],
    run(world, [when]) {
      const now = Date.now();
      for (const item of statusInfo(world)) {
        const at = Date.parse(item.expirationDate ?? "");
        if (Number.isNaN(at)) fail("$.statusInfo[*].expirationDate is present", "a date-time", item.expirationDate);
        // the target's clock may be virtual: a past date is checked against now, a future one too
        if (when.toLowerCase() === "future" ? at <= now : at >= now + 60_000) fail(`$.statusInfo[*].expirationDate is in the ${when}`, `in the ${when}`, item.expirationDate);
      }
    },
  },
  {
    name: "consent.status-item-present",
    concept: "response",
    patterns: [/^the response property "\$\.statusInfo\[\*\]\.(\w+)" is present$/i],
    run(world, [name]) {
      for (const item of statusInfo(world)) if ((item as Record<string, unknown>)[name] === undefined) fail(`$.statusInfo[*].${name} is present`, "present", "absent");
    },
  },
  {
    name: "consent.status-reason-needs-action",
    concept: "response",
    patterns: [/^the response property "\$\.statusInfo\[\*\]\.statusReason" is "PENDING", "REQUESTED" or "EXPIRED"$/i],
    run(world) {
      for (const item of statusInfo(world)) {
        if (!["PENDING", "REQUESTED", "EXPIRED"].includes(String(item.statusReason))) fail("$.statusInfo[*].statusReason", "PENDING, REQUESTED or EXPIRED", item.statusReason);
      }
    },
  },
  {
    name: "consent.capture-url",
    concept: "response",
    patterns: [/^the response property "\$\.captureUrl" is present and it contains a valid URL$/i],
    run(world) {
      const url = (world.received().body as { captureUrl?: string } | undefined)?.captureUrl;
      try {
        new URL(String(url));
      } catch {
        fail("$.captureUrl is a valid URL", "a URL", url);
      }
      flow(world).captureUrl = url;
    },
  },
  {
    name: "consent.prior-capture-request",
    concept: "data",
    patterns: [/^a prior "retrieveStatus" request where the API Consumer requested a Consent capture URL$/i],
    run(world) {
      const f = facts(world);
      // a subscriber without a decision, one per scenario: the journey decides for them
      const used = pendingUsed.get(world.runtime) ?? 0;
      pendingUsed.set(world.runtime, used + 1);
      subject(world, f.pending[used % Math.max(1, f.pending.length)], "without a decision");
      set(world, "$.scopes", f.scopes);
      set(world, "$.purpose", f.purpose);
      set(world, "$.requestCaptureUrl", true);
    },
  },
  {
    name: "consent.prior-callback",
    concept: "send",
    patterns: [/^the request body property "\$\.callbackUrl" was set to a valid URL belonging to the API Consumer$/i],
    async run(world) {
      set(world, "$.callbackUrl", CALLBACK);
      await sendRequest(world, world.operation("retrieveStatus"), { main: true });
    },
  },
  {
    name: "consent.open-capture",
    concept: "send",
    patterns: [/^the User is redirected to the Consent capture URL(?: including a query parameter "state" with a valid value)?$/i],
    run(world, _args, step) {
      const f = flow(world);
      if (!f.captureUrl) throw new Error("no captureUrl was received before this step");
      if (/state/.test(step.text)) f.state = "xyz-123";
    },
  },
  {
    name: "consent.capture-final",
    concept: "send",
    patterns: [/^the Consent Capture process reach(?:es)? a final state$/i],
    async run(world) {
      const f = flow(world);
      const url = f.state ? `${f.captureUrl}?state=${encodeURIComponent(f.state)}` : f.captureUrl!;
      // the capture page is HTML for people: the subscriber's browser, not an API exchange
      const page = await fetch(url, { signal: AbortSignal.timeout(world.target.timeoutMs) });
      const action = /<form[^>]*action="([^"]+)"/.exec(await page.text())?.[1];
      if (page.status !== 200 || !action) skip("the capture page offers no form the runner can submit (a journey for people)");
      const answer = await fetch(new URL(action.replace(/&amp;/g, "&"), url).href, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ decision: "grant", ...(f.state ? { state: f.state } : {}) }).toString(),
        redirect: "manual",
        signal: AbortSignal.timeout(world.target.timeoutMs),
      });
      const location = answer.headers.get("location");
      if (!location) fail("the capture journey ends with a redirection", "a Location header", `${answer.status} without Location`);
      f.landed = new URL(location);
    },
  },
  {
    name: "consent.callback-received",
    concept: "response",
    patterns: [/^the API Consumer receives a redirection to the callback URL provided in the original "retrieveStatus" request$/i],
    run(world) {
      const landed = flow(world).landed;
      if (!landed || `${landed.origin}${landed.pathname}` !== CALLBACK) fail("redirection to the callbackUrl", CALLBACK, landed?.href);
    },
  },
  {
    name: "consent.callback-result",
    concept: "response",
    patterns: [/^the redirection includes a query parameter "capture_result" with a valid capture result value$/i],
    run(world) {
      const v = flow(world).landed?.searchParams.get("capture_result");
      if (!v || !RESULTS.includes(v)) fail("capture_result", RESULTS.join(" | "), v);
    },
  },
  {
    name: "consent.callback-state",
    concept: "response",
    patterns: [/^the redirection includes a query parameter "state" with the same value as provided when opening the Consent Capture URL$/i],
    run(world) {
      const f = flow(world);
      if (f.landed?.searchParams.get("state") !== f.state) fail("state in the redirection", f.state, f.landed?.searchParams.get("state"));
    },
  },
  {
    name: "consent.capture-frequency-exceeded",
    concept: "data",
    patterns: [/^the API Consumer has exceeded the maximum number of captureUrl requests for the same phone number within a certain time period$/i],
    async run(world) {
      const f = facts(world);
      subject(world, f.requested, "with a requested consent");
      const op = world.operation("retrieveStatus");
      const token = await tokenFor(world, op);
      const body = { phoneNumber: world.subscriber().phoneNumber, scopes: f.scopes, purpose: f.purpose, requestCaptureUrl: true };
      // the scenario's own request asks for the same capture
      set(world, "$.scopes", f.scopes);
      set(world, "$.purpose", f.purpose);
      for (let i = 0; i < 30; i++) {
        const res = await sendAsGiven(world, op, { token, body, path: `${op.basePath}${op.path}` });
        if (res.status !== 200) return;
      }
      skip("the target gave 30 capture URLs for the same phone number without a limit");
    },
  },
  {
    name: "consent.invalid-callback",
    concept: "body",
    patterns: [/^the request body property "\$\.callbackUrl" is set to an invalid URL$/i],
    run(world) {
      const f = facts(world);
      subject(world, f.requested, "with a requested consent");
      set(world, "$.scopes", f.scopes);
      set(world, "$.purpose", f.purpose);
      set(world, "$.requestCaptureUrl", true);
      set(world, "$.callbackUrl", "http://consumer.example.com/not-https");
    },
  },
];
