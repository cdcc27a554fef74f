/**
 * The seed's Open Gateway "Sample code for QoD" (shared/seeds/000_b5d0fa8bbc7e069a.txt) replayed
 * against the mock's pre-meta release (QoD v0.10.1 on /qod/v0), in-process and on a real port.
 *
 * Backend flow without an SDK, as each HTTP variant of the seed writes it (JavaScript, Python, Java:
 * they differ only in how they encode the form and the JSON): CIBA /bc-authorize with client_secret_basic,
 * `login_hint=ipport:<ip>:<port>` and `purpose=dpv:RequestedServiceProvision#qod` (no scope), then
 * /token with the CIBA grant (polled, the virtual clock standing in for the wait), then
 * POST /qod/v0/sessions with QOS_E for 300 s. Frontend flow: /authorize with the same purpose, the
 * code exchanged at /token, then the same session. The SDK variants wrap the same calls.
 *
 * Adapted: the credentials (demo-app), the device (sub-mallory, 203.0.113.7:4000, instead of
 * 203.0.113.25:8080), the redirect_uri (one registered for demo-app).
 *
 * The seed's body, in all three HTTP variants, nests applicationServer, qosProfile and duration
 * inside `device`. That body is not a valid v0.10.1 CreateSession (applicationServer and qosProfile
 * are required at the top level), so the mock answers 400 INVALID_ARGUMENT, as an operator
 * implementing the spec would; the same fields at the top level (what the SDK calls mean, and the
 * shape of LEGACY-DIGEST §3.3) create the session.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listen } from "../../src/mock/server.ts";
import { type MockFixture, startMock } from "./helpers.ts";

const DEVICE_IP = "203.0.113.7";
const DEVICE_PORT = 4000;
const CLIENT_ID = "demo-app";
const CLIENT_SECRET = "demo-app-secret";
const API_PURPOSE = "dpv:RequestedServiceProvision#qod";
const REDIRECT_URI = "http://localhost:3000/callback";

interface Transport {
  base: string;
  fetch(url: string, init: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

const TRANSPORTS: { name: string; open(m: MockFixture): Promise<Transport> }[] = [
  {
    name: "in-process",
    open: async (m) => ({
      base: "https://opengateway.aggregator.com",
      fetch: (url, init) => m.app.fetch(new Request(url, init)),
      close: async () => {},
    }),
  },
  {
    name: "real port",
    open: async (m) => {
      const server = await listen(m.app, { port: 0 });
      return { base: server.url, fetch: (url, init) => fetch(url, init), close: () => server.close() };
    },
  },
];

/** Python's urllib.parse.quote_plus and Java's URLEncoder.encode, for the form bodies. */
const quotePlus = (s: string) =>
  encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+");

/** Python's json.dumps with its default separators (", " and ": "). */
function jsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonDumps).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${jsonDumps(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}

interface Variant {
  name: string;
  /** the form body as the variant builds it */
  form(params: [string, string][]): BodyInit;
  json(body: unknown): string;
}

const VARIANTS: Variant[] = [
  {
    name: "HTTP using JavaScript (ES6)",
    form: (params) => {
      const urlencoded = new URLSearchParams();
      for (const [k, v] of params) urlencoded.append(k, v);
      return urlencoded;
    },
    json: (body) => JSON.stringify(body),
  },
  {
    name: "HTTP using Python (requests)",
    form: (params) => params.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join("&"),
    json: jsonDumps,
  },
  {
    name: "HTTP using Java (HttpClient)",
    // a HashMap: no defined order of the entries
    form: (params) => [...params].reverse().map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join("&"),
    json: (body) => JSON.stringify(body),
  },
];

/** The body of the seed's samples, verbatim but for the device address. */
function seedBody(): unknown {
  return {
    device: {
      ipv4Address: { publicAddress: DEVICE_IP, publicPort: DEVICE_PORT },
      applicationServer: { ipv4Address: "0.0.0.0/0" },
      qosProfile: "QOS_E",
      duration: 300,
    },
  };
}

/** The same request with the fields where v0.10.1's CreateSession has them. */
function createSessionBody(ip = DEVICE_IP, port = DEVICE_PORT): unknown {
  return {
    device: { ipv4Address: { publicAddress: ip, publicPort: port } },
    applicationServer: { ipv4Address: "0.0.0.0/0" },
    qosProfile: "QOS_E",
    duration: 300,
  };
}

let m: MockFixture;
beforeAll(async () => {
  m = await startMock({ release: "pre-meta" });
});
beforeEach(() => m.app.reset());
afterEach(() => {
  expect(m.bugs).toEqual([]);
});
afterAll(() => m.app.close());

describe.each(TRANSPORTS)("seed sample, $name", (transport) => {
  let t: Transport;
  beforeAll(async () => {
    t = await transport.open(m);
  });
  afterAll(() => t.close());

  const appCredentials = btoa(`${CLIENT_ID}:${CLIENT_SECRET}`);
  const formHeaders = () => {
    const myHeaders = new Headers();
    myHeaders.append("Content-Type", "application/x-www-form-urlencoded");
    myHeaders.append("Authorization", `Basic ${appCredentials}`);
    return myHeaders;
  };

  /** Backend flow, first and second step: CIBA, then the token (polled while pending). */
  async function backendToken(variant: Variant, deviceIpPortAddress: string): Promise<string> {
    const authorize = await t.fetch(`${t.base}/bc-authorize`, {
      method: "POST",
      headers: formHeaders(),
      body: variant.form([
        ["login_hint", `ipport:${deviceIpPortAddress}`],
        ["purpose", API_PURPOSE],
      ]),
    });
    const result = await authorize.json();
    expect(authorize.status, JSON.stringify(result)).toBe(200);
    const authReqId: string = result.auth_req_id;
    expect(authReqId).toBeTruthy();

    for (let poll = 0; poll < 5; poll++) {
      const res = await t.fetch(`${t.base}/token`, {
        method: "POST",
        headers: formHeaders(),
        body: variant.form([
          ["grant_type", "urn:openid:params:grant-type:ciba"],
          ["auth_req_id", authReqId],
        ]),
      });
      const token = await res.json();
      if (res.status === 400 && token.error === "authorization_pending") {
        await m.clock.advance(result.interval);
        continue;
      }
      expect(res.status, JSON.stringify(token)).toBe(200);
      expect(token.token_type.toLowerCase()).toBe("bearer");
      expect(token.scope.split(" ")).toContain(API_PURPOSE);
      return token.access_token;
    }
    throw new Error("CIBA request still pending after 5 polls");
  }

  function bearer(accessToken: string): Headers {
    const myHeaders = new Headers();
    myHeaders.append("Content-Type", "application/json");
    myHeaders.append("Authorization", `Bearer ${accessToken}`);
    return myHeaders;
  }

  const createSession = (variant: Variant, accessToken: string, body: unknown) =>
    t.fetch(`${t.base}/qod/v0/sessions`, { method: "POST", headers: bearer(accessToken), body: variant.json(body) });

  /** "Session created with id: ...", then read it and end it. */
  async function createReadDelete(variant: Variant, accessToken: string, body: unknown, device: unknown): Promise<void> {
    const response = await createSession(variant, accessToken, body);
    const result = await response.json();
    expect(response.status, JSON.stringify(result)).toBe(201);
    expect(result).toMatchObject({ sessionId: expect.any(String), qosProfile: "QOS_E", duration: 300, device });
    expect(["REQUESTED", "AVAILABLE"]).toContain(result.qosStatus);
    const sessionUrl = `${t.base}/qod/v0/sessions/${result.sessionId}`;

    const read = await t.fetch(sessionUrl, { method: "GET", headers: bearer(accessToken) });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ sessionId: result.sessionId, startedAt: expect.any(Number), expiresAt: expect.any(Number) });

    const deleted = await t.fetch(sessionUrl, { method: "DELETE", headers: bearer(accessToken) });
    expect(deleted.status).toBe(204);
    expect((await t.fetch(sessionUrl, { method: "GET", headers: bearer(accessToken) })).status).toBe(404);
  }

  it.each(VARIANTS)("backend flow (CIBA), $name", async (variant) => {
    const accessToken = await backendToken(variant, `${DEVICE_IP}:${DEVICE_PORT}`);

    // the body exactly as the seed writes it: refused, as by any v0.10.1 operator
    const asWritten = await createSession(variant, accessToken, seedBody());
    expect(asWritten.status).toBe(400);
    expect(await asWritten.json()).toMatchObject({ status: 400, code: "INVALID_ARGUMENT", message: expect.stringContaining("applicationServer") });

    await createReadDelete(variant, accessToken, createSessionBody(), { ipv4Address: { publicAddress: DEVICE_IP, publicPort: DEVICE_PORT } });
  });

  it("frontend flow (authorization code with purpose), then the backend's session for the device's address", async () => {
    const params = new URLSearchParams({ client_id: CLIENT_ID, response_type: "code", purpose: API_PURPOSE, redirect_uri: REDIRECT_URI });
    // the mobile network sees the device's address (a proxy's x-forwarded-for stands in for it)
    const authorize = await t.fetch(`${t.base}/authorize?${params}`, {
      method: "GET",
      redirect: "manual",
      headers: { "x-forwarded-for": DEVICE_IP },
    });
    expect(authorize.status).toBe(302);
    const callback = new URL(authorize.headers.get("location")!);
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    const code = callback.searchParams.get("code");
    expect(code, callback.search).toBeTruthy();

    const token = await t.fetch(`${t.base}/token`, {
      method: "POST",
      headers: formHeaders(),
      body: new URLSearchParams({ grant_type: "authorization_code", code: code!, redirect_uri: REDIRECT_URI }),
    });
    const tokens = await token.json();
    expect(token.status, JSON.stringify(tokens)).toBe(200);

    // ip = req.ip, port = req.socket.remotePort of the device's request to the callback
    await createReadDelete(VARIANTS[0], tokens.access_token, createSessionBody(DEVICE_IP, DEVICE_PORT), {
      ipv4Address: { publicAddress: DEVICE_IP, publicPort: DEVICE_PORT },
    });
  });
});
