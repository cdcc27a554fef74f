/**
 * Who is the subject of a request? The Commonalities rules (design guide appendix A), one rule set
 * per release, chosen by the served API's release:
 *
 *   case                                      0.4 (Fall24)             0.5 / 0.6 (Spring25, Fall25)
 *   3-legged token + identifier in the body   matches: accepted;       422 UNNECESSARY_IDENTIFIER
 *                                             else 403 INVALID_TOKEN_CONTEXT
 *   2-legged token, no identifier             422 MISSING_IDENTIFIER (renamed per release, see release-errors.ts)
 *   only unsupported identifier types         422 UNSUPPORTED_IDENTIFIER (renamed per release)
 *   identifier unknown to the operator        404 IDENTIFIER_NOT_FOUND (renamed per release)
 *   identifiers of two different devices      422 IDENTIFIER_MISMATCH   0.5: same; 0.6: no check, one is used
 *
 * Commonalities 0.8 (Spring26) keeps the 0.6 behaviour: its Device note now says outright that the
 * provider uses one of several identifiers "without performing any matching checks", and the
 * 3-legged + identifier case stays 422 UNNECESSARY_IDENTIFIER (info-description templates r4.3).
 * What else changed in 0.8 is schema-level and lives in the specs (PhoneNumber maxLength 16,
 * publicPort minimum 1, length limits) or in the request validator (request body strictness).
 *
 * Pre-meta QoD (v0.10) ignores the token's subject: the device in the body (required by its schema)
 * is the subject, and an unknown device is 400 INVALID_ARGUMENT.
 * Rules throw canonical (Fall25) codes; release-errors.ts renames them to the release's codes.
 */
import type { AccessClaims } from "../auth/tokens.ts";
import { ApiError } from "../core/errors.ts";
import type { Identified } from "../apis/handler.ts";
import type { SubscriberIndex } from "./subscribers.ts";
import type { Device, OperatorSettings, Subscriber } from "../core/testdata.ts";

export type IdentifierType = "phoneNumber" | "ipv4Address" | "ipv6Address" | "networkAccessIdentifier";
const ORDER: IdentifierType[] = ["phoneNumber", "ipv4Address", "ipv6Address", "networkAccessIdentifier"];

export interface IdentifyInput {
  claims: AccessClaims;
  /** the `device` (or `{phoneNumber}`) object of the request, if any */
  device: Device | undefined;
  /** true where the identifier is an optional filter (qos-profiles retrieve): no MISSING_IDENTIFIER */
  optional?: boolean;
}

export interface IdentificationRules {
  readonly name: string;
  identify(input: IdentifyInput, index: SubscriberIndex, operator: OperatorSettings): Identified | undefined;
}

function lookup(index: SubscriberIndex, type: IdentifierType, device: Device): Subscriber | undefined {
  switch (type) {
    case "phoneNumber":
      return index.byPhoneNumber(device.phoneNumber!);
    case "ipv4Address":
      return index.byIpv4Address(device.ipv4Address!);
    case "ipv6Address":
      return index.byIpv6Address(device.ipv6Address!);
    case "networkAccessIdentifier":
      return index.byNetworkAccessIdentifier(device.networkAccessIdentifier!);
  }
}

/**
 * The subscriber a device in the body designates (first supported identifier that matches). With
 * `checkMismatch` (Commonalities 0.4 and 0.5) identifiers designating different subscribers are
 * 422 IDENTIFIER_MISMATCH; from 0.6 the provider picks one and must not check.
 */
function fromDevice(device: Device, index: SubscriberIndex, operator: OperatorSettings, checkMismatch = false): Identified {
  // the identifiers sent that the operator supports, in ORDER (a loop: this runs on every request naming a device)
  const supported: IdentifierType[] = [];
  for (const t of ORDER) if (device[t] !== undefined && !operator.unsupportedIdentifiers.includes(t)) supported.push(t);
  if (supported.length === 0) {
    const given = ORDER.filter((t) => device[t] !== undefined);
    throw new ApiError("UNSUPPORTED_IDENTIFIER", `Identifier type(s) not supported: ${given.join(", ")}.`);
  }
  let found: Identified | undefined;
  for (const type of supported) {
    const subscriber = lookup(index, type, device);
    if (!subscriber) continue;
    // the subscriber's own phone number string (the same value) rather than the request's copy
    if (!found) found = { subscriber, deviceResponse: type === "phoneNumber" ? { phoneNumber: subscriber.phoneNumber } : ({ [type]: device[type] } as Device) };
    else if (checkMismatch && found.subscriber.id !== subscriber.id) {
      throw new ApiError("IDENTIFIER_MISMATCH", "The device identifiers given do not designate the same device.");
    }
    if (!checkMismatch) break;
  }
  if (found) return found;
  throw new ApiError("IDENTIFIER_NOT_FOUND");
}

function fromToken(claims: AccessClaims, index: SubscriberIndex): Subscriber {
  const subscriber = index.get(claims.subscriberId!);
  if (!subscriber) throw new ApiError("IDENTIFIER_NOT_FOUND", "The subscriber bound to the access token no longer exists.");
  return subscriber;
}

type WithToken = "reject" | "validate";

function commonalities(name: string, withToken: WithToken, checkMismatch: boolean): IdentificationRules {
  return {
    name,
    identify({ claims, device, optional }, index, operator) {
      if (claims.subscriberId !== undefined) {
        const subscriber = fromToken(claims, index);
        if (device === undefined) return { subscriber };
        if (withToken === "reject") throw new ApiError("UNNECESSARY_IDENTIFIER");
        // Commonalities 0.4: a matching identifier is accepted, another one is inconsistent with the token
        let designated: Subscriber | undefined;
        try {
          designated = fromDevice(device, index, operator, checkMismatch).subscriber;
        } catch {
          designated = undefined;
        }
        if (designated?.id !== subscriber.id) {
          const field = device.phoneNumber !== undefined && Object.keys(device).length === 1 ? "phoneNumber" : "device";
          throw new ApiError("INVALID_TOKEN_CONTEXT", `${field} is not consistent with access token.`);
        }
        return { subscriber };
      }
      if (device === undefined) {
        if (optional) return undefined;
        throw new ApiError("MISSING_IDENTIFIER");
      }
      return fromDevice(device, index, operator, checkMismatch);
    },
  };
}

export const COMMONALITIES_0_8 = commonalities("commonalities-0.8", "reject", false);
export const COMMONALITIES_0_6 = commonalities("commonalities-0.6", "reject", false);
export const COMMONALITIES_0_5 = commonalities("commonalities-0.5", "reject", true);
export const COMMONALITIES_0_4 = commonalities("commonalities-0.4", "validate", true);

/** QoD v0.9/v0.10: the device in the body is the subject; no token-subject rule. */
export const PRE_META: IdentificationRules = {
  name: "pre-meta",
  identify({ device, optional }, index, operator) {
    if (device === undefined) {
      if (optional) return undefined;
      throw new ApiError("INVALID_ARGUMENT", "Expected property is missing: device");
    }
    try {
      return fromDevice(device, index, operator);
    } catch (error) {
      if (error instanceof ApiError && error.code === "IDENTIFIER_NOT_FOUND") {
        throw new ApiError("INVALID_ARGUMENT", "Unable to identify device from specified parameters: device");
      }
      throw error;
    }
  },
};

export const IDENTIFICATION_RULES: Record<string, IdentificationRules> = {
  [COMMONALITIES_0_8.name]: COMMONALITIES_0_8,
  [COMMONALITIES_0_6.name]: COMMONALITIES_0_6,
  [COMMONALITIES_0_5.name]: COMMONALITIES_0_5,
  [COMMONALITIES_0_4.name]: COMMONALITIES_0_4,
  [PRE_META.name]: PRE_META,
};
