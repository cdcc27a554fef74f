/**
 * QoS Profiles 1.1.0: retrieveQoSProfiles (filters name / status / device; the device is an optional
 * filter, digest §1.5 exception) and getQosProfile (200 / 404 NOT_FOUND), against data/testdata.yaml.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEVICES, expectError, mint, type MockFixture, qos, startMock } from "./helpers.ts";

let m: MockFixture;
let api: ReturnType<typeof qos>;
let all: { name: string; status: string }[];
beforeAll(async () => {
  m = await startMock();
  // without a device, profiles restricted to certain devices are not offered
  all = m.app.testdata().qosProfiles.filter((p) => !p.restrictedTo);
});
beforeEach(async () => {
  await m.app.reset();
  api = qos(m.app, await mint(m.app, { scope: "qos-profiles:read" }));
});
afterEach(() => {
  expect(m.bugs).toEqual([]);
});
afterAll(() => m.app.close());

const names = (body: { name: string }[]) => body.map((p) => p.name);

describe("retrieveQoSProfiles", () => {
  it("{} -> every profile, as in the test data, each with name and status", async () => {
    const res = await api.retrieve({});
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toEqual(all);
    for (const p of res.body) expect(p).toEqual(expect.objectContaining({ name: expect.any(String), status: expect.any(String) }));
  });

  it("{} lists no profile restricted to certain devices, and never shows restrictedTo", async () => {
    const res = await api.retrieve({});
    expect(names(res.body)).not.toContain("QOS_FACTORY");
    for (const p of res.body) expect(p).not.toHaveProperty("restrictedTo");
  });

  it("a device a restricted profile serves sees it (without restrictedTo); another device does not", async () => {
    const served = await api.retrieve({ device: { phoneNumber: "+34600000020" } });
    expect(names(served.body)).toContain("QOS_FACTORY");
    expect(served.body.find((p: { name: string }) => p.name === "QOS_FACTORY")).not.toHaveProperty("restrictedTo");
    const other = await api.retrieve({ device: { phoneNumber: "+34600000001" } });
    expect(names(other.body)).not.toContain("QOS_FACTORY");
  });

  it("getQosProfile of a restricted profile: 2-legged 200; 3-legged for another subscriber 404, for its own 200", async () => {
    expect((await api.get("QOS_FACTORY")).status).toBe(200);
    const other = qos(m.app, await mint(m.app, { scope: "qos-profiles:read", phoneNumber: "+34600000001" }));
    expectError(await other.get("QOS_FACTORY"), 404, "NOT_FOUND");
    const own = qos(m.app, await mint(m.app, { scope: "qos-profiles:read", phoneNumber: "+34600000020" }));
    expect((await own.get("QOS_FACTORY")).status).toBe(200);
  });

  it.each([["QOS_E"], ["QOS_L"], ["QOS_LAB"]])("filter by name %s -> exactly that profile (02)", async (name) => {
    const res = await api.retrieve({ name });
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual([name]);
  });

  it("filter by an unknown name -> 200 []", async () => {
    const res = await api.retrieve({ name: "QOS_UNKNOWN" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it.each([
    ["ACTIVE", ["QOS_E", "QOS_S", "QOS_M", "QOS_L"]],
    ["INACTIVE", ["QOS_LAB"]],
    ["DEPRECATED", ["QOS_LEGACY"]],
  ])("filter by status %s (03)", async (status, expected) => {
    const res = await api.retrieve({ status });
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(expected);
    for (const p of res.body) expect(p.status).toBe(status);
  });

  it("name and status together are AND-ed", async () => {
    expect(names((await api.retrieve({ name: "QOS_E", status: "ACTIVE" })).body)).toEqual(["QOS_E"]);
    expect((await api.retrieve({ name: "QOS_E", status: "INACTIVE" })).body).toEqual([]);
  });

  describe("device filter", () => {
    it("2-legged without device: no MISSING_IDENTIFIER, the whole catalogue", async () => {
      const res = await api.retrieve({ status: "ACTIVE" });
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(4);
    });

    it.each([
      ["phone number", DEVICES.alice],
      ["IPv4 + port", { ipv4Address: { publicAddress: "198.51.100.11", publicPort: 5001 } }],
      ["IPv6", { ipv6Address: "2001:db8:2::9" }],
    ])("2-legged with a known device (%s) -> 200", async (_name, device) => {
      const res = await api.retrieve({ device });
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(0);
    });

    it("2-legged with device and filters combined", async () => {
      const res = await api.retrieve({ device: DEVICES.alice, name: "QOS_M" });
      expect(names(res.body)).toEqual(["QOS_M"]);
    });

    it("3-legged without device -> 200", async () => {
      const t3 = await mint(m.app, { scope: "qos-profiles:read", phoneNumber: DEVICES.alice.phoneNumber });
      const res = await qos(m.app, t3).retrieve({});
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(0);
    });

    it("3-legged + device -> 422 UNNECESSARY_IDENTIFIER (C01.04)", async () => {
      const t3 = await mint(m.app, { scope: "qos-profiles:read", phoneNumber: DEVICES.alice.phoneNumber });
      expectError(await qos(m.app, t3).retrieve({ device: DEVICES.alice }), 422, "UNNECESSARY_IDENTIFIER");
    });

    it.each([
      ["unknown device (C01.03)", DEVICES.unknown, 404, "IDENTIFIER_NOT_FOUND"],
      ["NAI only (C01.06)", { networkAccessIdentifier: "judy@iot.operator.example" }, 422, "UNSUPPORTED_IDENTIFIER"],
      ["qod-not-applicable device (C01.07)", DEVICES.carol, 422, "SERVICE_NOT_APPLICABLE"],
    ])("%s -> %i %s", async (_name, device, status, code) => {
      expectError(await api.retrieve({ device }), status, code);
    });
  });
});

describe("getQosProfile", () => {
  it.each(["QOS_E", "QOS_S", "QOS_M", "QOS_L", "QOS_LEGACY", "QOS_LAB"])("%s -> 200, the catalogue entry", async (name) => {
    const res = await api.get(name);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(all.find((p) => p.name === name));
  });

  it.each(["QOS_NOPE", "qos_e", "QOS_E.1", "A-b_c.d"])("%s -> 404 NOT_FOUND", async (name) => {
    const res = await api.get(name);
    expectError(res, 404, "NOT_FOUND");
    expect(res.body.message).toContain(name);
  });

  it("a 3-legged token may read profiles too", async () => {
    const t3 = await mint(m.app, { scope: "qos-profiles:read", phoneNumber: DEVICES.bob.phoneNumber });
    expect((await qos(m.app, t3).get("QOS_E")).status).toBe(200);
  });
});
