/**
 * SIM Swap 2.1.0 operations. The subject comes from the 3-legged token or from `phoneNumber`
 * (Commonalities 0.6 identification: UNNECESSARY_IDENTIFIER / MISSING_IDENTIFIER / IDENTIFIER_NOT_FOUND).
 */
import type { HandlerSet } from "../handler.ts";
import { checkMaxAge, DEFAULT_MAX_AGE_HOURS, isSwapped, latestSimChange, type SimSwapDeps } from "./sim-swap.ts";

interface SimSwapBody {
  phoneNumber?: string;
  maxAge?: number;
}

const deviceOf = (body: SimSwapBody) => (body.phoneNumber === undefined ? undefined : { phoneNumber: body.phoneNumber });

export function simSwapHandlers(deps: SimSwapDeps): HandlerSet {
  return {
    async checkSimSwap({ input, identify }) {
      const body = input.body as SimSwapBody;
      const maxAge = body.maxAge ?? DEFAULT_MAX_AGE_HOURS;
      checkMaxAge(maxAge, deps.operator());
      const { subscriber } = identify(deviceOf(body))!;
      return { status: 200, body: { swapped: await isSwapped(deps, subscriber, maxAge) } };
    },
    async retrieveSimSwapDate({ input, identify }) {
      const { subscriber } = identify(deviceOf(input.body as SimSwapBody))!;
      return { status: 200, body: await latestSimChange(deps, subscriber) };
    },
  };
}
