/**
 * Authentication and authorisation attacks the fuzz run replays against the mock (issue 12): forged
 * and tampered access tokens, client-authentication forgeries at /token (replayed, jti-less,
 * foreign-audience, unsigned or foreign-key assertions, wrong secrets), scope escalation, access to
 * another client's resource, header tricks. Each attack is a list of steps; the LAST step must be
 * refused (a 4xx error answer). The earlier steps set the stage (e.g. the first use of an assertion);
 * `{last}` in a path stands for the sessionId the previous step's answer named.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { decodeJwt, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from "jose";
import type { MockRequest } from "../../src/core/http.ts";
import { PROJECT_ROOT } from "../../src/core/paths.ts";
import { FUZZ_ORIGIN } from "./generator.ts";

export interface Attack {
  name: string;
  steps: MockRequest[];
}

export interface AttackTools {
  /** a valid token for these scopes (and subscriber) */
  token(scopes: string[], phoneNumber?: string, clientId?: string, expiresIn?: number): Promise<string>;
  /** the virtual now, ms */
  now(): number;
  /** the mock's public signing key */
  jwks(): Promise<{ keys: JWK[] }>;
}

const QOD = "/quality-on-demand/v1";
const CREATE = "quality-on-demand:sessions:create";
const READ = "quality-on-demand:sessions:read";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const SESSION = { device: { phoneNumber: "+34600000002" }, applicationServer: { ipv4Address: "203.0.113.50" }, qosProfile: "QOS_E", duration: 600 };

function req(method: string, path: string, headers: Record<string, string | undefined>, body = "", origin = FUZZ_ORIGIN): MockRequest {
  const q = path.indexOf("?");
  return { method, path: q < 0 ? path : path.slice(0, q), query: new URLSearchParams(q < 0 ? "" : path.slice(q + 1)), headers, body, origin };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const bearer = (t: string) => ({ authorization: `Bearer ${t}`, "content-type": "application/json" });
const getSession = (headers: Record<string, string | undefined>) => req("GET", `${QOD}/sessions/${randomUUID()}`, headers);
const tokenForm = (form: Record<string, string>, headers: Record<string, string> = {}, origin = FUZZ_ORIGIN) =>
  req("POST", "/token", { "content-type": "application/x-www-form-urlencoded", ...headers }, new URLSearchParams({ grant_type: "client_credentials", scope: "qos-profiles:read", ...form }).toString(), origin);

export async function buildAttacks(t: AttackTools): Promise<Attack[]> {
  const valid = await t.token([READ, CREATE]);
  const [header, payload, signature] = valid.split(".");
  const claims = decodeJwt(valid);
  const foreign = await generateKeyPair("ES256");
  const publicJwk = (await t.jwks()).keys[0];
  const partnerKey = JSON.parse(readFileSync(join(PROJECT_ROOT, "data/keys/partner-app.private.jwk.json"), "utf8")) as JWK;
  const partnerPrivate = await importJWK(partnerKey, "ES256");
  const now = Math.floor(t.now() / 1000);
  const assertion = (extra: JWTPayload = {}, key: Parameters<SignJWT["sign"]>[0] = partnerPrivate, alg = "ES256") => {
    const body: JWTPayload = { iss: "partner-app", sub: "partner-app", aud: `${FUZZ_ORIGIN}/token`, iat: now, exp: now + 60, jti: randomUUID(), ...extra };
    for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
    return new SignJWT(body).setProtectedHeader({ alg, kid: partnerKey.kid }).sign(key);
  };
  const jwtForm = (a: string) => ({ client_assertion_type: ASSERTION_TYPE, client_assertion: a });
  const replayed = await assertion();
  const noScope = await t.token(["qos-profiles:read"]);
  const otherClient = await t.token([READ, CREATE], undefined, "other-app");
  const threeLegged = await t.token([CREATE], "+34600000001");
  const expired = await t.token([READ], undefined, undefined, -60);

  return [
    { name: "no Authorization header", steps: [getSession({})] },
    { name: "garbage bearer token", steps: [getSession({ authorization: "Bearer garbage" })] },
    { name: "token in the query string", steps: [req("GET", `${QOD}/sessions/${randomUUID()}?access_token=${valid}`, {})] },
    { name: "Basic credentials on an API", steps: [getSession({ authorization: "Basic ZGVtby1hcHA6ZGVtby1hcHAtc2VjcmV0" })] },
    { name: "unsigned token (alg none)", steps: [getSession({ authorization: `Bearer ${b64({ alg: "none", typ: "JWT" })}.${payload}.` })] },
    { name: "alg none, signature kept", steps: [getSession({ authorization: `Bearer ${b64({ alg: "none" })}.${payload}.${signature}` })] },
    { name: "payload tampered (scope escalation)", steps: [getSession({ authorization: `Bearer ${header}.${b64({ ...claims, scope: `${claims.scope} quality-on-demand:sessions:delete` })}.${signature}` })] },
    { name: "payload tampered (client swap)", steps: [getSession({ authorization: `Bearer ${header}.${b64({ ...claims, client_id: "other-app" })}.${signature}` })] },
    { name: "payload tampered (lifetime extended)", steps: [getSession({ authorization: `Bearer ${header}.${b64({ ...claims, exp: (claims.exp ?? 0) + 86_400 * 365 })}.${signature}` })] },
    { name: "signed with a foreign key", steps: [getSession(bearer(await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: publicJwk.kid }).sign(foreign.privateKey)))] },
    { name: "HS256 keyed with the public key (alg confusion)", steps: [getSession(bearer(await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: publicJwk.kid }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)))))] },
    { name: "embedded jwk header", steps: [getSession(bearer(await new SignJWT(claims).setProtectedHeader({ alg: "ES256", jwk: await exportJWK(foreign.publicKey) }).sign(foreign.privateKey)))] },
    { name: "expired token", steps: [getSession(bearer(expired))] },
    { name: "token without the operation's scope", steps: [req("POST", `${QOD}/sessions`, bearer(noScope), JSON.stringify(SESSION))] },
    { name: "another client's session", steps: [req("POST", `${QOD}/sessions`, bearer(valid), JSON.stringify(SESSION)), req("GET", `${QOD}/sessions/{last}`, bearer(otherClient))] },
    { name: "another client deletes a session", steps: [req("POST", `${QOD}/sessions`, bearer(valid), JSON.stringify({ ...SESSION, device: { phoneNumber: "+34600000011" } })), req("DELETE", `${QOD}/sessions/{last}`, bearer(otherClient))] },
    { name: "3-legged token, another subscriber's device", steps: [req("POST", `${QOD}/sessions`, bearer(threeLegged), JSON.stringify(SESSION))] },
    { name: "x-correlator header injection", steps: [getSession({ ...bearer(valid), "x-correlator": "a\r\nset-cookie: x=1" })] },
    { name: "path traversal to the control plane", steps: [req("GET", `${QOD}/../../_harness/testdata`, bearer(valid))] },
    { name: "percent-encoded traversal", steps: [req("GET", `${QOD}/sessions/..%2F..%2F_harness%2Ftestdata`, bearer(valid))] },
    { name: "CORS preflight without --cors", steps: [req("OPTIONS", `${QOD}/sessions`, { origin: "https://evil.example", "access-control-request-method": "DELETE" })] },
    { name: "/token wrong client secret", steps: [tokenForm({}, { authorization: `Basic ${Buffer.from("demo-app:wrong").toString("base64")}` })] },
    { name: "/token unknown client", steps: [tokenForm({}, { authorization: `Basic ${Buffer.from("ghost:ghost").toString("base64")}` })] },
    { name: "/token secret of another client", steps: [tokenForm({}, { authorization: `Basic ${Buffer.from("demo-app:other-app-secret").toString("base64")}` })] },
    { name: "/token two authentication methods", steps: [tokenForm({ client_id: "demo-app", client_secret: "demo-app-secret" }, { authorization: `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}` })] },
    { name: "/token password grant", steps: [tokenForm({ grant_type: "password", username: "a", password: "b" }, { authorization: `Basic ${Buffer.from("demo-app:demo-app-secret").toString("base64")}` })] },
    { name: "/token scope the client may not have", steps: [tokenForm({ scope: "quality-on-demand:sessions:create" }, { authorization: `Basic ${Buffer.from("profiles-only-app:profiles-only-app-secret").toString("base64")}` })] },
    { name: "private_key_jwt replayed assertion", steps: [tokenForm(jwtForm(replayed)), tokenForm(jwtForm(replayed))] },
    { name: "private_key_jwt without jti", steps: [tokenForm(jwtForm(await assertion({ jti: undefined })))] },
    { name: "private_key_jwt audience of another server, Host set to it", steps: [tokenForm(jwtForm(await assertion({ aud: "https://other-as.example/token" })), {}, "https://other-as.example")] },
    { name: "private_key_jwt audience of another server", steps: [tokenForm(jwtForm(await assertion({ aud: "https://other-as.example/token" })))] },
    { name: "private_key_jwt signed with a foreign key", steps: [tokenForm(jwtForm(await assertion({}, foreign.privateKey)))] },
    { name: "private_key_jwt unsigned", steps: [tokenForm(jwtForm(`${b64({ alg: "none" })}.${b64({ iss: "partner-app", sub: "partner-app", aud: `${FUZZ_ORIGIN}/token`, exp: now + 60, jti: randomUUID() })}.`))] },
    { name: "private_key_jwt expired", steps: [tokenForm(jwtForm(await assertion({ iat: now - 600, exp: now - 300 })))] },
    { name: "private_key_jwt lives too long", steps: [tokenForm(jwtForm(await assertion({ exp: now + 3600 })))] },
    { name: "private_key_jwt iss of another client", steps: [tokenForm(jwtForm(await assertion({ iss: "demo-app", sub: "demo-app" })))] },
    { name: "private_key_jwt client_id differs from iss", steps: [tokenForm({ client_id: "demo-app", ...jwtForm(await assertion()) })] },
  ];
}
