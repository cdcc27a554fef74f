/** login_hint resolution (CAMARA profile "login_hint formats") and device address matching. */
import { describe, expect, it } from "vitest";
import { ipv6Groups, parseIpEndpoint } from "../../src/auth/ip-address.ts";
import { forwardedFor, resolveLoginHint } from "../../src/auth/subscribers.ts";
import { loadOperatorTestData } from "../../src/apis/registry.ts";

const data = loadOperatorTestData();

describe("resolveLoginHint", () => {
  const cases: [hint: string, want: string | undefined][] = [
    ["tel:+34600000001", "sub-alice"],
    ["tel:+34699999999", undefined],
    ["tel:34600000001", undefined],
    ["tel:+34 600 000 001", undefined],
    ["+34600000001", undefined],
    ["ipport:203.0.113.7:4000", "sub-mallory"],
    ["ipport:203.0.113.7", "sub-mallory"],
    ["ipport:203.0.113.7:4001", undefined],
    ["ipport:198.51.100.10:5000", "sub-alice"],
    ["ipport:10.0.0.10", undefined], // private addresses are not what the network sees
    ["ipport:[2001:db8:1::10]", "sub-alice"],
    ["ipport:[2001:db8:1:0:0:0:0:10]:8080", "sub-alice"],
    ["ipport:[2001:db8:2::9]", "sub-ivan"],
    ["ipport:[2001:db8:2::ffff:1]:443", "sub-ivan"],
    ["ipport:[2001:db8:1::99]", undefined], // three devices share 2001:db8:1::/64
    ["ipport:2001:db8:2::9", "sub-ivan"],
    ["ipport:[2001:db8:3::1]", undefined],
    ["ipport:999.1.1.1", undefined],
    ["ipport:203.0.113.7:70000", undefined],
    ["operatortoken:abc", undefined],
    ["", undefined],
  ];
  it.each(cases)("%s -> %s", (hint, want) => {
    expect(resolveLoginHint(hint, data)?.id).toBe(want);
  });

  it("tells CGNAT neighbours apart by port, and refuses to guess without one", () => {
    const shared = structuredClone(data);
    shared.subscribers.push({ id: "sub-nat", phoneNumber: "+34600000099", device: { ipv4Address: { publicAddress: "203.0.113.7", publicPort: 4100 } } });
    expect(resolveLoginHint("ipport:203.0.113.7:4100", shared)?.id).toBe("sub-nat");
    expect(resolveLoginHint("ipport:203.0.113.7:4000", shared)?.id).toBe("sub-mallory");
    expect(resolveLoginHint("ipport:203.0.113.7", shared)).toBeUndefined();
  });
});

describe("address parsing", () => {
  it.each([
    ["1.2.3.4", { family: 4, address: "1.2.3.4" }],
    ["1.2.3.4:80", { family: 4, address: "1.2.3.4", port: 80 }],
    ["[::1]:80", { family: 6, address: "::1", port: 80 }],
    ["::1", { family: 6, address: "::1" }],
    ["[1.2.3.4]", undefined],
    ["host:80", undefined],
  ])("%s", (text, want) => {
    expect(parseIpEndpoint(text)).toEqual(want);
  });

  it("expands IPv6 forms to eight groups", () => {
    expect(ipv6Groups("2001:db8::1")).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(ipv6Groups("2001:db8:1::/64")).toEqual([0x2001, 0xdb8, 1, 0, 0, 0, 0, 0]);
    expect(ipv6Groups("nope")).toBeUndefined();
  });

  it("takes the first X-Forwarded-For entry", () => {
    expect(forwardedFor(" 198.51.100.10 , 10.1.1.1")).toEqual({ family: 4, address: "198.51.100.10" });
    expect(forwardedFor(undefined)).toBeUndefined();
    expect(forwardedFor("unknown")).toBeUndefined();
  });
});
