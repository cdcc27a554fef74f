/**
 * OpenID Connect CIBA in poll mode, the CAMARA profile's backend 3-legged flow ("CIBA /bc-authorize
 * request"): the client names the end user with `login_hint` (tel: or ipport:), gets an
 * `auth_req_id`, and polls the token endpoint. The end user's answer is simulated from the
 * subscriber's traits: approve at once by default, `ciba-pending` never answers, `ciba-denied`
 * refuses, `ciba-expired` lets the request expire at once.
 */
import { randomBytes } from "node:crypto";
import { json, type MockResponse } from "../core/http.ts";
import type { Client } from "../core/testdata.ts";
import { authenticateRequestClient, type AuthContext } from "./context.ts";
import { type ExpiringEntries, type ExpiringFactory, memoryExpiring } from "../core/expiring-map.ts";
import { NO_STORE, OAuthError, readForm } from "./oauth-error.ts";
import { parseScopes, threeLeggedScopes } from "./scopes.ts";
import { parseLoginHint, resolveLoginHint } from "./subscribers.ts";
import { tokenResponse } from "./token-response.ts";

export const CIBA_GRANT_TYPE = "urn:openid:params:grant-type:ciba";
/** The profile's example values; `requested_expiry` SHOULD be ignored, so they are fixed. */
export const CIBA_EXPIRES_IN = 120;
export const CIBA_INTERVAL = 2;
/** CIBA §11: on slow_down the interval grows by at least 5 s for all later polls. */
const SLOW_DOWN_STEP = 5;

type Outcome = "approve" | "pending" | "deny";

interface CibaRequest {
  clientId: string;
  subscriberId: string;
  apiScopes: string[];
  purpose?: string;
  outcome: Outcome;
  createdAt: number;
  expiresAt: number;
  /** seconds the client must wait between polls */
  interval: number;
  lastPollAt?: number;
}

export type CibaRequests = ExpiringEntries<CibaRequest>;

export function createCibaRequests(expiring: ExpiringFactory = memoryExpiring): CibaRequests {
  return expiring<CibaRequest>("ciba", 10 * 60_000);
}

export async function handleBackchannelAuthorize(ctx: AuthContext, requests: CibaRequests): Promise<MockResponse> {
  const form = readForm(ctx.req.headers["content-type"], ctx.req.body);
  const { client } = await authenticateRequestClient(ctx, form);
  if (form.has("request") || form.has("request_uri")) {
    throw new OAuthError("invalid_request", "signed request objects are not supported by the mock; send plain parameters");
  }
  // The profile: login_hint is REQUIRED and the only hint allowed.
  if (form.has("login_hint_token") || form.has("id_token_hint")) {
    throw new OAuthError("invalid_request", "only login_hint is accepted as a hint");
  }
  const hint = form.get("login_hint");
  if (!hint) throw new OAuthError("invalid_request", "login_hint is required");
  if (!parseLoginHint(hint)) {
    throw new OAuthError("invalid_request", "login_hint must be tel:+<E.164> or ipport:<IPv4>[:port] or ipport:[<IPv6>][:port]");
  }

  const requested = parseScopes(form.get("scope"), form.get("purpose"));
  if (requested.empty) throw new OAuthError("invalid_request", "scope is required (or, Open Gateway form, purpose)");
  // CIBA is an OpenID flow (CIBA §7.1: scope must contain openid). The purpose-only Open Gateway
  // form sends no scope at all; there openid is implied.
  if (form.has("scope") && !requested.openid) throw new OAuthError("invalid_scope", "scope must contain openid");
  const apiScopes = threeLeggedScopes(requested, client, ctx.knownScopes);

  const subscriber = resolveLoginHint(hint, ctx.data);
  if (!subscriber) throw new OAuthError("unknown_user_id", "login_hint does not designate a known subscriber");

  const now = ctx.clock.now();
  const traits = subscriber.traits ?? [];
  const authReqId = randomBytes(24).toString("base64url");
  await requests.set(
    authReqId,
    {
      clientId: client.clientId,
      subscriberId: subscriber.id,
      apiScopes,
      ...(requested.purpose !== undefined ? { purpose: requested.purpose } : {}),
      outcome: traits.includes("ciba-denied") ? "deny" : traits.includes("ciba-pending") ? "pending" : "approve",
      createdAt: now,
      expiresAt: traits.includes("ciba-expired") ? now : now + CIBA_EXPIRES_IN * 1000,
      interval: CIBA_INTERVAL,
    },
    now,
  );
  return json(200, { auth_req_id: authReqId, expires_in: CIBA_EXPIRES_IN, interval: CIBA_INTERVAL }, { ...NO_STORE });
}

/** The token endpoint's CIBA grant (CIBA §10.1 and §11), for an already authenticated client. */
export async function cibaGrant(ctx: AuthContext, client: Client, form: URLSearchParams, requests: CibaRequests): Promise<MockResponse> {
  const authReqId = form.get("auth_req_id");
  if (!authReqId) throw new OAuthError("invalid_request", "auth_req_id is required");
  const request = await requests.get(authReqId);
  // Another client's auth_req_id is treated as unknown: its existence is not disclosed.
  if (!request || request.clientId !== client.clientId) throw new OAuthError("invalid_grant", "unknown auth_req_id");

  const now = ctx.clock.now();
  const tooSoon = request.lastPollAt !== undefined && now - request.lastPollAt < request.interval * 1000;
  request.lastPollAt = now;
  if (tooSoon) {
    request.interval += SLOW_DOWN_STEP;
    await requests.set(authReqId, request, now);
    throw new OAuthError("slow_down", `poll at most every ${request.interval} s`);
  }
  if (now >= request.expiresAt) {
    await requests.delete(authReqId);
    throw new OAuthError("expired_token", "the authentication request has expired; start a new one");
  }
  if (request.outcome === "deny") {
    await requests.delete(authReqId);
    throw new OAuthError("access_denied", "the end user denied the request");
  }
  if (request.outcome === "pending") {
    await requests.set(authReqId, request, now);
    throw new OAuthError("authorization_pending", "the end user has not answered yet");
  }

  // an auth_req_id yields tokens once, on whichever replica polls first
  if (!(await requests.take(authReqId))) throw new OAuthError("invalid_grant", "unknown auth_req_id");
  // the user approved on the device, but the platform holds no valid consent for this purpose
  const refused = await ctx.policy.consentRefusal({ clientId: client.clientId, subscriberId: request.subscriberId, apiScopes: request.apiScopes, purpose: request.purpose });
  if (refused) throw new OAuthError("access_denied", refused);
  return tokenResponse(ctx, {
    clientId: client.clientId,
    grant: "ciba",
    apiScopes: request.apiScopes,
    ...(request.purpose !== undefined ? { purpose: request.purpose } : {}),
    subscriberId: request.subscriberId,
    // A harness-private value: the user was reached over the back channel, not authenticated by the
    // mobile network, so APIs requiring network authentication (Number Verification) refuse it.
    amr: ["ciba"],
    openid: true,
    authTime: now,
    authReqId,
  });
}
