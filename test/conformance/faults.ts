/**
 * Faulty targets: the real mock with exactly one behaviour changed, each the kind of mistake an
 * operator implementation makes. The conformance run against each must exit 1 and name a failing
 * scenario of the expected kind.
 */
import { randomUUID } from "node:crypto";
import type { MockApp } from "../../src/mock/app.ts";
import type { MockRequest, MockResponse } from "../../src/core/http.ts";
import { IN_HOME_FAULTS } from "./in-home-faults.ts";
import type { SocketConnection, UpgradeDecision } from "../../src/core/socket.ts";

type Upgrade = (req: MockRequest) => Promise<UpgradeDecision | undefined>;
import { applicationWire } from "../../src/apis/open-gateway-platform/wire.ts";
import { COLLECTIONS } from "../../src/apis/shared/platform/collections.ts";
import type { Application } from "../../src/apis/shared/platform/model.ts";

export interface Fault {
  name: string;
  /** --api value for the run */
  api: string;
  /** a failing scenario id must match this */
  expectFailing: RegExp;
  wrap(app: MockApp, handle: (req: MockRequest) => Promise<MockResponse>): (req: MockRequest) => Promise<MockResponse>;
  /** websocket faults: wraps the app's upgrade decisions (and so every accepted connection) */
  wrapUpgrade?(app: MockApp, upgrade: Upgrade): Upgrade;
}

/** Websocket faults change what the server sends on every accepted connection. */
function alterSends(send: (inner: SocketConnection, text: string) => void): (app: MockApp, upgrade: Upgrade) => Upgrade {
  return (_app, upgrade) => async (req) => {
    const decision = await upgrade(req);
    if (!decision || "refuse" in decision) return decision;
    return { accept: (c) => decision.accept({ ...c, send: (text) => send(c, text) }) };
  };
}

/** Remembers every node pinged and adds those missing to GET /seeds: nodes never expire. */
function nodesListedForever(_app: MockApp, handle: (req: MockRequest) => Promise<MockResponse>) {
  const seen = new Map<string, Record<string, unknown>>();
  return async (req: MockRequest) => {
    const res = await handle(req);
    if (res.status !== 200 || !req.path.startsWith("/relaysms-gateway/seeds")) return res;
    if (req.method === "POST") {
      const ping = JSON.parse(req.body);
      seen.set(ping.IMSI, { ...ping, LPS: body(res).LPS });
      return res;
    }
    const listed = body(res) as { IMSI: string }[];
    const missing = [...seen.values()].filter((n) => !listed.some((l) => l.IMSI === n.IMSI));
    return withBody(res, [...listed, ...missing]);
  };
}

const body = (res: MockResponse): any => (res.body ? JSON.parse(res.body) : undefined);
const withBody = (res: MockResponse, value: unknown): MockResponse => ({ ...res, body: JSON.stringify(value) });
const isApi = (req: MockRequest) => !req.path.startsWith("/_harness") && req.path !== "/token" && req.path !== "/bc-authorize";

async function fullToken(app: MockApp): Promise<string> {
  return app.tokens.issue(
    { clientId: "demo-app", scopes: ["quality-on-demand:sessions:create", "quality-on-demand:sessions:read", "quality-on-demand:sessions:delete", "quality-on-demand:sessions:update", "quality-on-demand:sessions:retrieve-by-device", "qos-profiles:read"], grant: "client_credentials" },
    3600,
  );
}

/** The --api of the faults of the common rules (the rest are API-specific: api-faulty-targets.test.ts). */
export const COMMON_RULE_APIS = ["qos", "qod"];

export const FAULTS: Fault[] = [
  {
    name: "wrong error code for a missing token (UNAUTHORIZED instead of UNAUTHENTICATED)",
    api: "qos",
    expectFailing: /401_no_token/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return res.status === 401 ? withBody(res, { ...body(res), code: "UNAUTHORIZED" }) : res;
    },
  },
  {
    name: "x-correlator not echoed",
    api: "qos",
    expectFailing: /x-correlator/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      const { "x-correlator": _, ...headers } = res.headers;
      return { ...res, headers };
    },
  },
  {
    name: "x-correlator echoed altered (upper-cased)",
    api: "qos",
    expectFailing: /x-correlator_echoed/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return res.headers["x-correlator"] ? { ...res, headers: { ...res.headers, "x-correlator": res.headers["x-correlator"].toUpperCase() } } : res;
    },
  },
  {
    name: "schema-violating field (qosStatus ACTIVE)",
    api: "qod",
    expectFailing: /createSession|getSession|lifecycle|extend/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      const b = body(res);
      return b && typeof b === "object" && "qosStatus" in b ? withBody(res, { ...b, qosStatus: "ACTIVE" }) : res;
    },
  },
  {
    name: "required field missing (SessionInfo without sessionId)",
    api: "qod",
    expectFailing: /createSession|getSession|lifecycle|extend/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      const b = body(res);
      if (!b || typeof b !== "object" || !("sessionId" in b) || req.method === "POST") return res;
      const { sessionId: _, ...rest } = b;
      return withBody(res, rest);
    },
  },
  {
    name: "200 after delete",
    api: "qod",
    expectFailing: /delete|404/i,
    wrap: (_app, handle) => {
      const deleted = new Map<string, string>();
      return async (req) => {
        const m = /\/sessions\/([0-9a-f-]{36})$/.exec(req.path);
        if (m && req.method === "GET" && deleted.has(m[1])) {
          return { status: 200, headers: { "content-type": "application/json", "x-correlator": req.headers["x-correlator"] ?? "x" }, body: deleted.get(m[1]) };
        }
        if (m && req.method === "DELETE") {
          const before = await handle({ ...req, method: "GET", body: "" });
          const res = await handle(req);
          if (res.status === 204 && before.status === 200) deleted.set(m[1], before.body!);
          return res;
        }
        return handle(req);
      };
    },
  },
  {
    name: "scope not enforced",
    api: "qos",
    expectFailing: /403_missing_scope/,
    wrap: (app, handle) => async (req) => {
      const res = await handle(req);
      if (res.status !== 403 || body(res)?.code !== "PERMISSION_DENIED") return res;
      return handle({ ...req, headers: { ...req.headers, authorization: `Bearer ${await fullToken(app)}` } });
    },
  },
  {
    name: "expired token accepted",
    api: "qos",
    expectFailing: /401_expired_token/,
    wrap: (app, handle) => async (req) => {
      const res = await handle(req);
      const auth = req.headers.authorization ?? "";
      const token = auth.replace(/^Bearer\s+/i, "");
      if (res.status !== 401 || token.split(".").length !== 3) return res;
      return handle({ ...req, headers: { ...req.headers, authorization: `Bearer ${await fullToken(app)}` } });
    },
  },
  {
    name: "422 instead of 400 for schema errors (Prism's habit)",
    api: "qod",
    expectFailing: /_400/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return res.status === 400 && isApi(req) ? { ...withBody(res, { status: 422, code: "UNPROCESSABLE_ENTITY", message: "invalid" }), status: 422 } : res;
    },
  },
  {
    name: "ErrorInfo.status differs from the HTTP status",
    api: "qod",
    expectFailing: /404|NOT_FOUND|not_found/i,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return res.status === 404 && isApi(req) ? withBody(res, { ...body(res), status: 400 }) : res;
    },
  },
  {
    name: "500 for an unknown session instead of 404",
    api: "qod",
    expectFailing: /404|not_found/i,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return res.status === 404 && isApi(req) ? { ...withBody(res, { status: 500, code: "INTERNAL", message: "boom" }), status: 500 } : res;
    },
  },
  {
    name: "wrong content type (text/plain) on success",
    api: "qos",
    expectFailing: /retrieveQoSProfiles|getQosProfile/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return res.status === 200 && isApi(req) ? { ...res, headers: { ...res.headers, "content-type": "text/plain" } } : res;
    },
  },
  {
    name: "200 instead of 201 on session creation",
    api: "qod",
    expectFailing: /createSession/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      return res.status === 201 ? { ...res, status: 200 } : res;
    },
  },
  {
    name: "QoS profile with an undocumented status value",
    api: "qos",
    expectFailing: /retrieveQoSProfiles|getQosProfile/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      const b = body(res);
      if (res.status !== 200 || !isApi(req)) return res;
      if (Array.isArray(b)) return withBody(res, b.map((p) => ({ ...p, status: "ENABLED" })));
      return b && "status" in b ? withBody(res, { ...b, status: "ENABLED" }) : res;
    },
  },
  {
    name: "unnecessary identifier not rejected (3-legged token + device accepted)",
    api: "qos",
    expectFailing: /UNNECESSARY|unnecessary|C01\.04/i,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      if (res.status !== 422 || body(res)?.code !== "UNNECESSARY_IDENTIFIER") return res;
      const parsed = JSON.parse(req.body);
      delete parsed.device;
      return handle({ ...req, body: JSON.stringify(parsed) });
    },
  },
  ...IN_HOME_FAULTS,
  {
    name: "RelaySMS: the sync URL never changes (no session_url after the first)",
    api: "relaysms-gateway",
    expectFailing: /syncSession_0[2-6]/,
    wrap: (_app, handle) => handle,
    wrapUpgrade: alterSends((c, text) => {
      if (!/"type":"session_url"/.test(text) || /"change":0[,}]/.test(text)) c.send(text);
    }),
  },
  {
    name: "RelaySMS: 200- ack sent before 201- pause",
    api: "relaysms-gateway",
    expectFailing: /syncSession_1[0-5]/,
    wrap: (_app, handle) => handle,
    wrapUpgrade: alterSends((c, text) => {
      if (text === "201- pause") {
        c.send("200- ack");
        c.send(text);
      } else if (text !== "200- ack") c.send(text);
    }),
  },
  {
    name: "RelaySMS: a gateway node stays listed forever",
    api: "relaysms-gateway",
    expectFailing: /listSeeds_01_node_expires/,
    wrap: nodesListedForever,
  },
  {
    name: "a revoked or expired consent is ignored (live 3-legged tokens keep working)",
    api: "open-gateway-platform",
    expectFailing: /revokeConsent_01|expireConsent_01/,
    wrap: (app, handle) => async (req) => {
      const res = await handle(req);
      if (res.status !== 403 || !/consent/i.test(String(body(res)?.message))) return res;
      // answer as if the consent were still valid: the same claims, minus the purpose the gate looks at
      const claims = await app.tokens.verify(String(req.headers.authorization).replace(/^Bearer\s+/i, ""));
      const { purpose: _, issuedAt: _i, expiresAt: _e, ...rest } = claims;
      return handle({ ...req, headers: { ...req.headers, authorization: `Bearer ${await app.tokens.issue(rest, 600)}` } });
    },
  },
  {
    name: "a disabled application still gets a token",
    api: "open-gateway-platform",
    expectFailing: /disableApplication_01/,
    wrap: (app, handle) => async (req) => {
      const res = await handle(req);
      if (req.path !== "/token" || res.status !== 401) return res;
      const basic = Buffer.from(String(req.headers.authorization ?? "").replace(/^Basic\s+/i, ""), "base64").toString("utf8");
      const clientId = decodeURIComponent(basic.split(":")[0] ?? "");
      const application = await app.store.get<Application>(COLLECTIONS.applications, clientId);
      if (application?.status !== "DISABLED") return res;
      const scopes = (new URLSearchParams(req.body).get("scope") ?? "").split(" ").filter(Boolean);
      const token = await app.tokens.issue({ clientId, scopes, grant: "client_credentials" }, 3600);
      return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: 3600, scope: scopes.join(" ") }) };
    },
  },
  {
    name: "another tenant's application is disclosed",
    api: "open-gateway-platform",
    expectFailing: /getApplication_404_other_tenant/,
    wrap: (app, handle) => async (req) => {
      const res = await handle(req);
      const m = /^\/open-gateway-platform\/v1\/applications\/([^/]+)$/.exec(req.path);
      if (!m || req.method !== "GET" || res.status !== 404) return res;
      const application = await app.store.get<Application>(COLLECTIONS.applications, decodeURIComponent(m[1]));
      return application ? { ...res, status: 200, body: JSON.stringify(applicationWire(application)) } : res;
    },
  },
  // ---- Click to Dial: the call model ----------------------------------------------------------
  {
    name: "a call never leaves initiating (the network never places the caller leg)",
    api: "click-to-dial",
    expectFailing: /click_to_dial_(lifecycle|failure)/,
    wrap: (app, handle) => async (req) => {
      const res = await handle(req);
      // the call's scheduled transitions are dropped as soon as it is created
      if (req.method === "POST" && req.path.endsWith("/click-to-dial/v0.1/calls") && res.status === 201) await app.clock.clearTasks();
      return res;
    },
  },
  {
    name: "a status notification missing (connected is never sent)",
    api: "click-to-dial",
    expectFailing: /click_to_dial_lifecycle_02_notifications/,
    wrap: (app, handle) => {
      const send = app.notifier.send.bind(app.notifier);
      app.notifier.send = async (sink, credential, event) => {
        const state = (event.data.status as { state?: string } | undefined)?.state;
        return state === "connected" ? { event, sink, attempts: [], delivered: false } : send(sink, credential, event);
      };
      return handle;
    },
  },
  {
    name: "a second ongoing call of the same user accepted (per-user limit not enforced)",
    api: "click-to-dial",
    expectFailing: /click_to_dial_access_01_limit_across_clients/,
    wrap: (_app, handle) => async (req) => {
      const res = await handle(req);
      if (req.method !== "POST" || body(res)?.code !== "ALREADY_EXISTS") return res;
      const asked = JSON.parse(req.body);
      const call = { callId: `call_${randomUUID()}`, caller: asked.caller, callee: asked.callee, status: "initiating", createdAt: new Date().toISOString() };
      return { status: 201, headers: { ...res.headers }, body: JSON.stringify(call) };
    },
  },
];
