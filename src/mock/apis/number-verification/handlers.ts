/**
 * Number Verification 2.1.0 operations. Body errors (400) come before the token's authentication
 * method (403), as in the pipeline where request validation precedes the handler.
 */
import type { HandlerContext, HandlerSet } from "../../handler.ts";
import { checkVerifyBody, matchesDeviceNumber, requireNetworkAuthentication } from "./verification.ts";

/** Phone number of the network-authenticated subscriber bound to the token. */
function devicePhoneNumber({ claims, identify }: HandlerContext): string {
  requireNetworkAuthentication(claims);
  return identify(undefined)!.subscriber.phoneNumber;
}

export function numberVerificationHandlers(): HandlerSet {
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
