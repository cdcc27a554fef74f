/**
 * The mock's control plane under /_harness (documented in specs/harness-control and README):
 *   GET  /_harness/testdata          the active test data (secrets included: this is a test tool)
 *   POST /_harness/reset             restore the test data, clear all state
 *   GET  /_harness/clock             virtual now
 *   POST /_harness/clock             {"advanceSeconds": N}: move virtual time, run due transitions
 *   GET  /_harness/events            notifications sent (tokens redacted)
 *   POST /_harness/tokens            mint an access token (expired, narrow scope, 3-legged...) for tests
 *   POST /_harness/sink/{name}       a built-in sink; GET lists what it received
 *   POST /_harness/subscribers/{phoneNumber}/sim-change
 *                                    record a SIM change of that line now (virtual clock): 201
 */
import type { TokenService } from "../auth/tokens.ts";
import type { SimHistory } from "./apis/sim-swap/sim-history.ts";
import type { VirtualClock } from "../core/clock.ts";
import { type MockRequest, type MockResponse, json, noContent } from "../core/http.ts";
import type { Notifier } from "./notifications.ts";
import { SinkRegistry, redactAuthorization } from "./sinks.ts";
import type { SubscriberIndex } from "./subscribers.ts";
import type { TestData } from "../core/testdata.ts";

export const CONTROL_PREFIX = "/_harness";

export interface ControlPlaneDeps {
  data: () => TestData;
  index: () => SubscriberIndex;
  clock: VirtualClock;
  notifier: Notifier;
  tokens: TokenService;
  sinks: SinkRegistry;
  reset: () => Promise<void>;
  simHistory: SimHistory;
}

function problem(status: number, message: string): MockResponse {
  return json(status, { status, code: status === 404 ? "NOT_FOUND" : "INVALID_ARGUMENT", message });
}

function parseJson(req: MockRequest): Record<string, unknown> | undefined {
  if (req.body.trim() === "") return {};
  try {
    const v = JSON.parse(req.body);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function createControlPlane(deps: ControlPlaneDeps) {
  return async function handle(req: MockRequest): Promise<MockResponse> {
    const path = req.path.slice(CONTROL_PREFIX.length).replace(/\/$/, "");
    const simChange = /^\/subscribers\/([^/]+)\/sim-change$/.exec(path);
    const route = `${req.method} ${path.startsWith("/sink/") ? "/sink/*" : simChange ? "/subscribers/*/sim-change" : path}`;
    switch (route) {
      case "GET /testdata":
        return json(200, deps.data());
      case "POST /reset":
        await deps.reset();
        return noContent();
      case "GET /clock":
        return json(200, { now: new Date(deps.clock.now()).toISOString() });
      case "POST /clock": {
        const body = parseJson(req);
        const seconds = body?.advanceSeconds;
        if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
          return problem(400, "body must be {\"advanceSeconds\": <number >= 0>}");
        }
        if (Number.isNaN(new Date(deps.clock.now() + seconds * 1000).getTime())) {
          return problem(400, "advanceSeconds moves the clock beyond the range of dates");
        }
        const tasksRun = await deps.clock.advance(seconds);
        return json(200, { now: new Date(deps.clock.now()).toISOString(), tasksRun });
      }
      case "GET /events":
        return json(200, deps.notifier.log);
      case "POST /tokens":
        return mintToken(deps, parseJson(req));
      case "POST /sink/*": {
        const name = decodeURIComponent(path.slice("/sink/".length));
        let body: unknown = req.body;
        try {
          body = JSON.parse(req.body);
        } catch {
          /* keep the raw text */
        }
        deps.sinks.record(name, {
          receivedAt: new Date(deps.clock.now()).toISOString(),
          contentType: req.headers["content-type"],
          authorization: redactAuthorization(req.headers.authorization),
          body,
        });
        return noContent();
      }
      case "GET /sink/*":
        return json(200, deps.sinks.list(decodeURIComponent(path.slice("/sink/".length))));
      case "POST /subscribers/*/sim-change":
        return recordSimChange(deps, simChange![1]);
      default:
        return problem(404, `no control-plane operation ${req.method} ${req.path}`);
    }
  };
}

async function mintToken(deps: ControlPlaneDeps, body: Record<string, unknown> | undefined): Promise<MockResponse> {
  if (!body) return problem(400, "body must be a JSON object");
  const clientId = body.clientId;
  const client = deps.data().clients.find((c) => c.clientId === clientId);
  if (!client) return problem(400, `clientId must name a client of the test data`);
  const scope = typeof body.scope === "string" ? body.scope : "";
  let subscriberId: string | undefined;
  if (typeof body.phoneNumber === "string") {
    subscriberId = deps.index().byPhoneNumber(body.phoneNumber)?.id;
    if (!subscriberId) return problem(400, `phoneNumber ${body.phoneNumber} is not a test subscriber`);
  } else if (typeof body.subscriberId === "string") {
    if (!deps.index().get(body.subscriberId)) return problem(400, `subscriberId ${body.subscriberId} is unknown`);
    subscriberId = body.subscriberId;
  }
  const expiresIn = typeof body.expiresIn === "number" ? body.expiresIn : deps.data().operator.accessTokenSeconds;
  const amr = Array.isArray(body.amr) ? body.amr.map(String) : subscriberId ? ["nba"] : undefined;
  const scopes = scope.split(/\s+/).filter((s) => s && s !== "openid" && !s.startsWith("dpv:"));
  const purpose = scope.split(/\s+/).find((s) => s.startsWith("dpv:"));
  const token = await deps.tokens.issue(
    {
      clientId: client.clientId,
      scopes,
      purpose,
      subscriberId,
      amr,
      grant: subscriberId ? "authorization_code" : "client_credentials",
    },
    expiresIn,
  );
  return json(200, { access_token: token, token_type: "Bearer", expires_in: expiresIn, scope: scopes.join(" ") });
}

/** SIM Swap: the line got a new SIM now; /check with a small maxAge answers swapped: true from now on. */
async function recordSimChange(deps: ControlPlaneDeps, encoded: string): Promise<MockResponse> {
  let phoneNumber: string;
  try {
    phoneNumber = decodeURIComponent(encoded);
  } catch {
    return problem(400, "the phone number in the path is not valid percent-encoding");
  }
  const subscriber = deps.index().byPhoneNumber(phoneNumber);
  if (!subscriber) return problem(404, `phoneNumber ${phoneNumber} is not a test subscriber`);
  const at = await deps.simHistory.recordChange(subscriber.id);
  return json(201, { phoneNumber, subscriberId: subscriber.id, at: new Date(at).toISOString() });
}
