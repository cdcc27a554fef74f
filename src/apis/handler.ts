/** What a stateful operation handler receives and returns. */
import type { AccessClaims } from "../auth/tokens.ts";
import type { Device, Subscriber } from "../core/testdata.ts";
import type { ValidatedInput } from "../openapi/validation/request-validator.ts";

export interface Identified {
  subscriber: Subscriber;
  /** the single identifier used, to echo as DeviceResponse; only when the request carried a device */
  deviceResponse?: Device;
}

export interface HandlerContext {
  input: ValidatedInput;
  claims: AccessClaims;
  /** origin the request reached, for absolute URLs (CloudEvent source) */
  origin: string;
  /** applies the release's identification rules to a device (or {phoneNumber}) from the request */
  identify(device: Device | undefined, options?: { optional?: boolean }): Identified | undefined;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
}

export type Handler = (ctx: HandlerContext) => Promise<HandlerResult>;

/** Handlers of one API version, by operationId. */
export type HandlerSet = Record<string, Handler>;
