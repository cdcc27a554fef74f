/**
 * Who is the subject of a request? Commonalities 0.6 (Fall25) rules, design guide appendix A:
 *   3-legged token + identifier in the body  -> 422 UNNECESSARY_IDENTIFIER
 *   2-legged token without identifier        -> 422 MISSING_IDENTIFIER (unless the identifier is an optional filter)
 *   only unsupported identifier types        -> 422 UNSUPPORTED_IDENTIFIER
 *   identifier unknown to the operator       -> 404 IDENTIFIER_NOT_FOUND
 * Rules are a value (IdentificationRules) so that an older Commonalities release can plug in its own
 * codes without touching the APIs.
 */
import type { AccessClaims } from "../auth/tokens.ts";
import { ApiError } from "./errors.ts";
import type { SubscriberIndex } from "./subscribers.ts";
import type { Device, OperatorSettings, Subscriber } from "./testdata.ts";

export type IdentifierType = "phoneNumber" | "ipv4Address" | "ipv6Address" | "networkAccessIdentifier";
const ORDER: IdentifierType[] = ["phoneNumber", "ipv4Address", "ipv6Address", "networkAccessIdentifier"];

export interface Identified {
  subscriber: Subscriber;
  /** the single identifier used, to echo as DeviceResponse; only when the request carried a device */
  deviceResponse?: Device;
}

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

export const COMMONALITIES_0_6: IdentificationRules = {
  name: "commonalities-0.6",
  identify({ claims, device, optional }, index, operator) {
    if (claims.subscriberId !== undefined) {
      if (device !== undefined) throw new ApiError("UNNECESSARY_IDENTIFIER");
      const subscriber = index.get(claims.subscriberId);
      if (!subscriber) throw new ApiError("IDENTIFIER_NOT_FOUND", "The subscriber bound to the access token no longer exists.");
      return { subscriber };
    }
    if (device === undefined) {
      if (optional) return undefined;
      throw new ApiError("MISSING_IDENTIFIER");
    }
    const given = ORDER.filter((t) => device[t] !== undefined);
    const supported = given.filter((t) => !operator.unsupportedIdentifiers.includes(t));
    if (supported.length === 0) {
      throw new ApiError("UNSUPPORTED_IDENTIFIER", `Identifier type(s) not supported: ${given.join(", ")}.`);
    }
    for (const type of supported) {
      const subscriber = lookup(index, type, device);
      if (subscriber) return { subscriber, deviceResponse: { [type]: device[type] } as Device };
    }
    throw new ApiError("IDENTIFIER_NOT_FOUND");
  },
};
