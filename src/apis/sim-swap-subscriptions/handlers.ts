/**
 * SIM Swap Subscriptions 0.3.0 operations bound to the subscription state machine. The watched
 * number comes from the 3-legged token or from config.subscriptionDetail.phoneNumber (Commonalities
 * 0.6 identification: 422 UNNECESSARY_IDENTIFIER / MISSING_IDENTIFIER).
 *
 * createSimSwapSubscription documents no 404 and no UNSUPPORTED_IDENTIFIER, so a number the operator
 * does not know (IDENTIFIER_NOT_FOUND of the identification rules) and an identifier type it does not
 * support answer 422 SERVICE_NOT_APPLICABLE ("the service is not available for the provided
 * identifier"), like a line without SIM swap events (trait sim-swap-not-applicable). Not
 * 400 INVALID_ARGUMENT: the number is well formed, and the same answer for "unknown" and "not
 * served" does not reveal whether a number exists.
 */
import { ApiError } from "../../core/errors.ts";
import type { HandlerContext, HandlerSet } from "../handler.ts";
import type { Subscriber } from "../../core/testdata.ts";
import { checkCreateRequest, type SubscriptionRequestBody } from "./create-rules.ts";
import { type Caller, SimSwapSubscriptions, type SubscriptionsDeps, toSubscription } from "./subscriptions.ts";

const caller = (c: { clientId: string; subscriberId?: string }): Caller => ({ clientId: c.clientId, subscriberId: c.subscriberId });

function watchedSubscriber(identify: HandlerContext["identify"], phoneNumber: string | undefined): Subscriber {
  let subscriber: Subscriber;
  try {
    subscriber = identify(phoneNumber === undefined ? undefined : { phoneNumber })!.subscriber;
  } catch (error) {
    if (error instanceof ApiError && (error.code === "IDENTIFIER_NOT_FOUND" || error.code === "UNSUPPORTED_IDENTIFIER")) {
      throw new ApiError("SERVICE_NOT_APPLICABLE", "SIM swap subscriptions are not offered for this phone number.");
    }
    throw error;
  }
  if (subscriber.traits?.includes("sim-swap-not-applicable")) {
    throw new ApiError("SERVICE_NOT_APPLICABLE", "SIM swap subscriptions are not offered for this phone number.");
  }
  return subscriber;
}

export function simSwapSubscriptionsHandlers(deps: SubscriptionsDeps): HandlerSet {
  const subscriptions = new SimSwapSubscriptions(deps);
  return {
    async createSimSwapSubscription({ input, claims, identify, origin }) {
      const body = input.body as SubscriptionRequestBody;
      checkCreateRequest(body, deps.clock.now());
      const subscriber = watchedSubscriber(identify, body.config.subscriptionDetail.phoneNumber);
      const created = await subscriptions.create(caller(claims), subscriber, body, origin);
      return { status: 201, body: toSubscription(created, caller(claims)) };
    },
    async retrieveSubscriptionList({ claims }) {
      const list = await subscriptions.list(caller(claims));
      return { status: 200, body: list.map((s) => toSubscription(s, caller(claims))) };
    },
    async retrieveSubscription({ input, claims }) {
      const subscription = await subscriptions.get(caller(claims), input.params.subscriptionId);
      return { status: 200, body: toSubscription(subscription, caller(claims)) };
    },
    async deleteSubscription({ input, claims }) {
      await subscriptions.delete(caller(claims), input.params.subscriptionId);
      return { status: 204 };
    },
  };
}
