/**
 * O(1) lookups of test subscribers by id, phone number, IPv4 public address, IPv6 /64 prefix and
 * network access identifier, built once per test-data load.
 */
import type { Device, Subscriber, TestData } from "../core/testdata.ts";

/** The eight hextets of an IPv6 address without leading zeros, or undefined if it is not IPv6. */
export function expandIpv6(address: string): string | undefined {
  const addr = address.split("/")[0].toLowerCase();
  if (!addr.includes(":")) return undefined;
  const [head, tail = ""] = addr.split("::");
  const h = head ? head.split(":") : [];
  const t = addr.includes("::") && tail ? tail.split(":") : [];
  const groups = addr.includes("::") ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t] : h;
  if (groups.length !== 8) return undefined;
  return groups.map((g) => g.replace(/^0+(?=.)/, "")).join(":");
}

/** The first four hextets of an IPv6 address (its /64 prefix), or undefined if it is not IPv6. */
export function ipv6Prefix64(address: string): string | undefined {
  return expandIpv6(address)?.split(":").slice(0, 4).join(":");
}

export class SubscriberIndex {
  private readonly byId = new Map<string, Subscriber>();
  private readonly byPhone = new Map<string, Subscriber>();
  private readonly byIpv4 = new Map<string, Subscriber[]>();
  private readonly byIpv6Exact = new Map<string, Subscriber>();
  private readonly byIpv6Prefix = new Map<string, Subscriber[]>();
  private readonly byNai = new Map<string, Subscriber>();

  constructor(data: TestData) {
    for (const s of data.subscribers) {
      this.byId.set(s.id, s);
      this.byPhone.set(s.phoneNumber, s);
      const v4 = s.device?.ipv4Address;
      if (v4) this.byIpv4.set(v4.publicAddress, [...(this.byIpv4.get(v4.publicAddress) ?? []), s]);
      const v6 = s.device?.ipv6Address;
      const prefix = v6 && ipv6Prefix64(v6);
      if (v6 && prefix) {
        this.byIpv6Exact.set(expandIpv6(v6)!, s);
        this.byIpv6Prefix.set(prefix, [...(this.byIpv6Prefix.get(prefix) ?? []), s]);
      }
      if (s.device?.networkAccessIdentifier) this.byNai.set(s.device.networkAccessIdentifier, s);
    }
  }

  get(id: string): Subscriber | undefined {
    return this.byId.get(id);
  }

  byPhoneNumber(phone: string): Subscriber | undefined {
    return this.byPhone.get(phone);
  }

  /** Matches publicAddress, then publicPort / privateAddress when both sides know them. */
  byIpv4Address(addr: NonNullable<Device["ipv4Address"]>): Subscriber | undefined {
    return (this.byIpv4.get(addr.publicAddress) ?? []).find((s) => {
      const known = s.device!.ipv4Address!;
      if (addr.publicPort !== undefined && known.publicPort !== undefined && addr.publicPort !== known.publicPort) return false;
      if (addr.privateAddress !== undefined && known.privateAddress !== undefined && addr.privateAddress !== known.privateAddress)
        return false;
      return true;
    });
  }

  /**
   * The device's own address, or any address of the /64 allocated to it (QoD DeviceIpv6Address) when
   * that prefix belongs to one subscriber only.
   */
  byIpv6Address(address: string): Subscriber | undefined {
    const exact = expandIpv6(address);
    if (exact && this.byIpv6Exact.has(exact)) return this.byIpv6Exact.get(exact);
    const prefix = ipv6Prefix64(address);
    const candidates = prefix ? (this.byIpv6Prefix.get(prefix) ?? []) : [];
    return candidates.length === 1 ? candidates[0] : undefined;
  }

  byNetworkAccessIdentifier(nai: string): Subscriber | undefined {
    return this.byNai.get(nai);
  }
}
