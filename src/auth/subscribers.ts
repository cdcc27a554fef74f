/**
 * Who the end user is: resolution of a CAMARA `login_hint` (Security & Interoperability profile,
 * "login_hint formats": `tel:+E164`, `ipport:IPv4[:port]`, `ipport:[IPv6][:port]`) and of a device's
 * source address (network-based authentication in the authorization-code flow) to a Subscriber.
 */
import type { Subscriber, TestData } from "../core/testdata.ts";
import { parseIpEndpoint, sameIpv6, sameIpv6Prefix64, type IpEndpoint } from "./ip-address.ts";

export type LoginHint = { kind: "tel"; phoneNumber: string } | { kind: "ipport"; endpoint: IpEndpoint };

const TEL = /^tel:(\+[1-9][0-9]{4,14})$/;

/** Parses a login_hint; undefined when it is not one of the two supported formats (or malformed). */
export function parseLoginHint(hint: string): LoginHint | undefined {
  const tel = TEL.exec(hint);
  if (tel) return { kind: "tel", phoneNumber: tel[1] };
  if (hint.startsWith("ipport:")) {
    const endpoint = parseIpEndpoint(hint.slice("ipport:".length));
    return endpoint ? { kind: "ipport", endpoint } : undefined;
  }
  return undefined;
}

/** The subscriber a login_hint designates, or undefined (malformed, unknown or ambiguous). */
export function resolveLoginHint(hint: string, data: TestData): Subscriber | undefined {
  const parsed = parseLoginHint(hint);
  if (!parsed) return undefined;
  if (parsed.kind === "tel") return data.subscribers.find((s) => s.phoneNumber === parsed.phoneNumber);
  return findSubscriberByIp(parsed.endpoint, data);
}

/**
 * IPv4: the public address must match; a port given on both sides must match too (several lines can
 * share one public address behind CGNAT, told apart by port). IPv6: an exact match wins, else the
 * only subscriber in the same /64. Anything ambiguous resolves to nobody rather than to a guess.
 */
export function findSubscriberByIp(endpoint: IpEndpoint, data: TestData): Subscriber | undefined {
  if (endpoint.family === 4) {
    const sameAddress = data.subscribers.filter((s) => s.device?.ipv4Address?.publicAddress === endpoint.address);
    if (endpoint.port === undefined) return only(sameAddress);
    const samePort = sameAddress.filter((s) => s.device!.ipv4Address!.publicPort === endpoint.port);
    if (samePort.length > 0) return only(samePort);
    return only(sameAddress.filter((s) => s.device!.ipv4Address!.publicPort === undefined));
  }
  const withV6 = data.subscribers.filter((s) => s.device?.ipv6Address !== undefined);
  const exact = withV6.filter((s) => sameIpv6(s.device!.ipv6Address!, endpoint.address));
  if (exact.length > 0) return only(exact);
  return only(withV6.filter((s) => sameIpv6Prefix64(s.device!.ipv6Address!, endpoint.address)));
}

/** First address of an X-Forwarded-For header (the client as seen by the first proxy). */
export function forwardedFor(header: string | undefined): IpEndpoint | undefined {
  const first = header?.split(",")[0]?.trim();
  return first ? parseIpEndpoint(first) : undefined;
}

function only(list: Subscriber[]): Subscriber | undefined {
  return list.length === 1 ? list[0] : undefined;
}
