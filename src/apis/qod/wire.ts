/**
 * QoD v0.10.1 (pre-meta, `/qod/v0`) on the wire, mapped onto the shared QodSessions state machine.
 * What v0 spells differently from 1.x (LEGACY-DIGEST §3.3, specs/qod/0.10.1.yaml):
 *   - `webhook {notificationUrl, notificationAuthToken}` instead of `sink` / `sinkCredential`; the
 *     token is presented to the webhook as a bearer token (security scheme notificationsBearerAuth,
 *     bearerFormat `{$request.body#/webhook/notificationAuthToken}`), which the notifier does for an
 *     ACCESSTOKEN credential, so the token becomes one;
 *   - `startedAt` / `expiresAt` are integer Unix seconds and REQUIRED in every SessionInfo, also while
 *     REQUESTED (then they count from the creation); SessionInfo has no `statusInfo`;
 *   - notifications are CloudEvents of type `org.camaraproject.qod.v0.qos-status-changed`.
 */
import type { SinkCredential } from "../../core/notifications.ts";
import type { Device } from "../../core/testdata.ts";
import type { CreateSessionBody, QodFlavour, Session } from "../shared/qod-sessions.ts";

export const QOD_V0: QodFlavour = {
  eventType: "org.camaraproject.qod.v0.qos-status-changed",
  basePath: "/qod/v0",
  // v0 has no 422: a profile that exists but is not ACTIVE is a plain 400
  profileNotApplicable: "INVALID_ARGUMENT",
};

export interface WebhookV0 {
  notificationUrl: string;
  notificationAuthToken?: string;
}

export interface PortsSpecV0 {
  ranges?: { from: number; to: number }[];
  ports?: number[];
}

/** The CreateSession body of v0.10.1, as the request validator let it through. */
export interface CreateSessionV0 {
  device?: Device;
  applicationServer: Record<string, unknown>;
  devicePorts?: PortsSpecV0;
  applicationServerPorts?: PortsSpecV0;
  qosProfile: string;
  duration?: number;
  webhook?: WebhookV0;
}

/** The notificationAuthToken never expires on its own in v0; the credential needs a date. */
const NO_EXPIRY = "9999-12-31T23:59:59Z";

function sinkCredential(token: string | undefined): SinkCredential | undefined {
  if (token === undefined) return undefined;
  return { credentialType: "ACCESSTOKEN", accessToken: token, accessTokenType: "bearer", accessTokenExpiresUtc: NO_EXPIRY };
}

/** The shared state machine's body for a v0 request whose duration has been settled. */
export function toSessionBody(body: CreateSessionV0, duration: number): CreateSessionBody {
  return {
    device: body.device,
    applicationServer: body.applicationServer,
    devicePorts: body.devicePorts,
    applicationServerPorts: body.applicationServerPorts,
    qosProfile: body.qosProfile,
    sink: body.webhook?.notificationUrl,
    sinkCredential: sinkCredential(body.webhook?.notificationAuthToken),
    duration,
  };
}

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * The v0 SessionInfo. Before activation the session counts from its creation (`createdAt`, ms);
 * the webhook is echoed without its token (a secret, as sinkCredential in 1.x).
 */
export function toSessionInfoV0(s: Session, createdAt: number): Record<string, unknown> {
  const startedAt = s.startedAt ?? createdAt;
  const expiresAt = s.expiresAt ?? startedAt + s.duration * 1000;
  const info: Record<string, unknown> = { sessionId: s.sessionId };
  if (s.device) info.device = s.device;
  info.applicationServer = s.applicationServer;
  if (s.devicePorts !== undefined) info.devicePorts = s.devicePorts;
  if (s.applicationServerPorts !== undefined) info.applicationServerPorts = s.applicationServerPorts;
  info.qosProfile = s.qosProfile;
  if (s.sink) info.webhook = { notificationUrl: s.sink };
  info.duration = s.duration;
  info.startedAt = unixSeconds(startedAt);
  info.expiresAt = unixSeconds(expiresAt);
  info.qosStatus = s.qosStatus;
  return info;
}
