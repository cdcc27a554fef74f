/**
 * Consent Info 0.2.0 operations. The subject comes from the 3-legged token or from `phoneNumber`
 * (Commonalities 0.6 identification: UNNECESSARY_IDENTIFIER / MISSING_IDENTIFIER / IDENTIFIER_NOT_FOUND);
 * the API consumer is the token's client, an application of the platform.
 */
import { ApiError } from "../../core/errors.ts";
import type { HandlerSet } from "../handler.ts";
import type { Platform } from "../shared/platform/platform.ts";
import { retrieveStatus, type RetrieveBody } from "./retrieve.ts";

export function consentInfoHandlers(platform: Platform): HandlerSet {
  return {
    async retrieveStatus({ input, claims, identify, origin }) {
      const body = input.body as RetrieveBody;
      const { subscriber } = identify(body.phoneNumber === undefined ? undefined : { phoneNumber: body.phoneNumber })!;
      const application = await platform.application(claims.clientId);
      if (!application) throw new ApiError("UNAUTHENTICATED");
      return { status: 200, body: await retrieveStatus(platform, application, subscriber, body, origin) };
    },
  };
}
