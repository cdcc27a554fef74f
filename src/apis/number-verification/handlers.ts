/**
 * Number Verification 2.1.0 operations. Body errors (400) come before the token's authentication
 * method (403), as in the pipeline where request validation precedes the handler.
 */
import type { HandlerContext, HandlerSet } from "../handler.ts";
import { checkVerifyBody, matchesDeviceNumber, requireNetworkAuthentication } from "./verification.ts";

export interface NumberVerificationOptions {
  /** NV 1.0.0: a token without a phone number is 403 INVALID_TOKEN_CONTEXT */
  noSubject?: "INVALID_TOKEN_CONTEXT";
}

export function numberVerificationHandlers(options: NumberVerificationOptions = {}): HandlerSet {
  /** Phone number of the network-authenticated subscriber bound to the token. */
  const devicePhoneNumber = ({ claims, identify }: HandlerContext): string => {
    requireNetworkAuthentication(claims, options.noSubject);
    return identify(undefined)!.subscriber.phoneNumber;
  };
  return {
    async phoneNumberVerify(ctx) {
      const body = checkVerifyBody(ctx.input.body as Record<string, unknown>);
      return { status: 200, body: { devicePhoneNumberVerified: matchesDeviceNumber(body, devicePhoneNumber(ctx)) } };
    },
    async phoneNumberShare(ctx) {
      return { status: 200, body: { devicePhoneNumber: devicePhoneNumber(ctx) } };
    },
  };
}
