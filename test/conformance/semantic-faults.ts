/**
 * Semantic faults (issue 19): the mock with one meaning changed while every answer keeps its shape
 * (documented status, schema-valid body). Each must be reported NOT CONFORMANT by `conformance`
 * alone, through the API-specific layer of suites/<api>/ (not the official feature files).
 */
import type { CloudEvent } from "../../src/core/notifications.ts";
import type { MockRequest, MockResponse } from "../../src/core/http.ts";
import type { Fault } from "./faults.ts";

const body = (res: MockResponse): any => (res.body ? JSON.parse(res.body) : undefined);
const withBody = (res: MockResponse, value: unknown): MockResponse => ({ ...res, body: JSON.stringify(value) });
const requestBody = (req: MockRequest): any => {
  try {
    return JSON.parse(req.body);
  } catch {
    return undefined;
  }
};
const isPost = (req: MockRequest, suffix: string) => req.method === "POST" && req.path.endsWith(suffix) && !req.path.startsWith("/_harness");
const DAY_MS = 86_400_000;
const SWAPPED = "org.camaraproject.sim-swap-subscriptions.v0.swapped";

/** Rewrites one member of the subscription request, and restores it in the answer so only the behaviour differs. */
function strippedConfig(member: "subscriptionMaxEvents" | "subscriptionExpireTime"): Fault["wrap"] {
  return (_app, handle) => async (req) => {
    const parsed = isPost(req, "/subscriptions") ? requestBody(req) : undefined;
    const value = parsed?.config?.[member];
    if (value === undefined) return handle(req);
    delete parsed.config[member];
    const res = await handle({ ...req, body: JSON.stringify(parsed) });
    const b = body(res);
    if (res.status !== 201 || !b?.config) return res;
    return withBody(res, { ...b, config: { ...b.config, [member]: value }, ...(member === "subscriptionExpireTime" ? { expiresAt: value } : {}) });
  };
}

export const SEMANTIC_FAULTS: Fault[] = [
  // ---- Number Verification --------------------------------------------------------------------
  {
    name: "NV: devicePhoneNumberVerified true for every number",
    api: "nv",
    expectFailing: /false/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return isPost(req, "/verify") && res.status === 200 ? withBody(res, { devicePhoneNumberVerified: true }) : res;
    },
  },
  {
    name: "NV: devicePhoneNumberVerified false for every hashed number",
    api: "nv",
    expectFailing: /hashed/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return isPost(req, "/verify") && res.status === 200 && requestBody(req)?.hashedPhoneNumber !== undefined
        ? withBody(res, { devicePhoneNumberVerified: false })
        : res;
    },
  },
  {
    name: "NV: tokens not from network-based authentication accepted",
    api: "nv",
    expectFailing: /ciba|403\.2/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      if (res.status !== 403 || body(res)?.code !== "NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK") return res;
      const answer = req.path.endsWith("/verify") ? { devicePhoneNumberVerified: true } : { devicePhoneNumber: "+34600000012" };
      return { ...withBody(res, answer), status: 200 };
    },
  },
  {
    name: "NV: device-phone-number shares another subscriber's number",
    api: "nv",
    expectFailing: /share/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return req.path.endsWith("/device-phone-number") && res.status === 200 ? withBody(res, { devicePhoneNumber: "+34600000001" }) : res;
    },
  },
  // ---- SIM Swap -------------------------------------------------------------------------------
  {
    name: "SIM Swap: 400 INVALID_ARGUMENT instead of OUT_OF_RANGE (maxAge beyond the monitored period)",
    api: "sim-swap",
    expectFailing: /out_of_range|out_of_monitored_period|invalid_max_age_value/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return res.status === 400 && body(res)?.code === "OUT_OF_RANGE" ? withBody(res, { ...body(res), code: "INVALID_ARGUMENT" }) : res;
    },
  },
  {
    name: "SIM Swap: retrieve-date a day off",
    api: "sim-swap",
    expectFailing: /retrieve|date/i,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      const b = body(res);
      if (!isPost(req, "/retrieve-date") || res.status !== 200 || typeof b?.latestSimChange !== "string") return res;
      return withBody(res, { ...b, latestSimChange: new Date(Date.parse(b.latestSimChange) - DAY_MS).toISOString() });
    },
  },
  {
    name: "SIM Swap: swapped ignores maxAge (always the default 240 hours)",
    api: "sim-swap",
    expectFailing: /max_age|flips/,
    wrap: (_app, handle) => async (req) => {
      const parsed = isPost(req, "/check") ? requestBody(req) : undefined;
      if (!parsed || typeof parsed.maxAge !== "number" || parsed.maxAge > 720 || parsed.maxAge < 1 || !Number.isInteger(parsed.maxAge)) return handle(req);
      delete parsed.maxAge;
      return handle({ ...req, body: JSON.stringify(parsed) });
    },
  },
  // ---- SIM Swap subscriptions -----------------------------------------------------------------
  {
    name: "SIM Swap subscriptions: never fires a swapped event",
    api: "ssub",
    expectFailing: /swapped_event|max_events/,
    wrap: (app, handle) => {
      const send = app.notifier.send.bind(app.notifier);
      app.notifier.send = async (sink, credential, event: CloudEvent) =>
        event.type === SWAPPED ? { event, sink, attempts: [], delivered: false } : send(sink, credential, event);
      return handle;
    },
  },
  {
    name: "SIM Swap subscriptions: swapped event of the wrong type (the subscription-ended type)",
    api: "ssub",
    expectFailing: /swapped_event|max_events/,
    wrap: (app, handle) => {
      const event = app.notifier.event.bind(app.notifier);
      app.notifier.event = (type, source, data) => event(type === SWAPPED ? "org.camaraproject.sim-swap-subscriptions.v0.subscription-ended" : type, source, data);
      return handle;
    },
  },
  {
    name: "SIM Swap subscriptions: subscriptionMaxEvents ignored",
    api: "ssub",
    expectFailing: /max_events/,
    wrap: strippedConfig("subscriptionMaxEvents"),
  },
  {
    name: "SIM Swap subscriptions: subscriptionExpireTime ignored",
    api: "ssub",
    expectFailing: /expiry/,
    wrap: strippedConfig("subscriptionExpireTime"),
  },
];
