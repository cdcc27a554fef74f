/**
 * IP address helpers for subscriber lookup: parsing `address[:port]` / `[v6][:port]` strings (the
 * CAMARA `ipport:` login_hint, Security & Interoperability profile §login_hint, and X-Forwarded-For
 * entries) and comparing IPv6 addresses by their /64 prefix, since a mobile device gets a /64.
 */
import { isIPv4, isIPv6 } from "node:net";

export type IpEndpoint =
  | { family: 4; address: string; port?: number }
  | { family: 6; address: string; port?: number };

/** Parses "a.b.c.d", "a.b.c.d:port", "[v6]", "[v6]:port" and a bare "v6"; undefined when malformed. */
export function parseIpEndpoint(text: string): IpEndpoint | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) {
    const port = parsePort(bracketed[2]);
    if (!isIPv6(bracketed[1]) || port === null) return undefined;
    return withPort({ family: 6, address: bracketed[1] }, port);
  }
  if (isIPv6(text)) return { family: 6, address: text };
  const v4 = /^([0-9.]+)(?::(\d{1,5}))?$/.exec(text);
  if (v4 && isIPv4(v4[1])) {
    const port = parsePort(v4[2]);
    if (port === null) return undefined;
    return withPort({ family: 4, address: v4[1] }, port);
  }
  return undefined;
}

function withPort<T extends IpEndpoint>(endpoint: T, port: number | undefined): T {
  return port === undefined ? endpoint : { ...endpoint, port };
}

/** undefined = no port given; null = a port outside 0..65535 */
function parsePort(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : null;
}

/** The eight 16-bit groups of an IPv6 address (accepts "::" and an embedded IPv4 tail). */
export function ipv6Groups(address: string): number[] | undefined {
  const plain = address.split("/")[0].split("%")[0];
  if (!isIPv6(plain)) return undefined;
  let text = plain;
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const [a, b, c, d] = v4Tail[1].split(".").map(Number);
    text = text.slice(0, -v4Tail[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...(tail === undefined ? [] : Array(missing).fill("0")), ...tailGroups];
  return groups.map((g) => parseInt(g, 16));
}

/** True when both addresses are the same IPv6 address. */
export function sameIpv6(a: string, b: string): boolean {
  const x = ipv6Groups(a);
  const y = ipv6Groups(b);
  return !!x && !!y && x.every((g, i) => g === y[i]);
}

/** True when both addresses share their first 64 bits. */
export function sameIpv6Prefix64(a: string, b: string): boolean {
  const x = ipv6Groups(a);
  const y = ipv6Groups(b);
  return !!x && !!y && x.slice(0, 4).every((g, i) => g === y[i]);
}
