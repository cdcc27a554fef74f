/** The clients index picks the newest version of each API by semantic version, not by string order. */
import { describe, expect, it } from "vitest";
import { compareVersions, newestPerApi, renderClientsIndex } from "../../src/generate/clients-index.ts";

describe("compareVersions", () => {
  const cases: [string, string, "<" | "=" | ">"][] = [
    ["0.10.1", "0.11.1", "<"],
    ["0.11.1", "0.9.0", ">"],
    ["1.0.0", "1.0.0", "="],
    ["2.0.0", "1.10.0", ">"],
    ["1.0.0-rc.1", "1.0.0", "<"],
    ["1.0.0-rc.2", "1.0.0-rc.1", ">"],
  ];
  it.each(cases)("%s %s %s", (a, b, want) => {
    const got = Math.sign(compareVersions(a, b));
    expect(got).toBe(want === "<" ? -1 : want === "=" ? 0 : 1);
  });
});

describe("renderClientsIndex", () => {
  const clients = [
    { api: "qos-profiles", version: "0.9.0", name: "QosProfiles" },
    { api: "qos-profiles", version: "0.11.1", name: "QosProfiles" },
    { api: "qos-profiles", version: "1.0.0-rc.1", name: "QosProfiles" },
    { api: "qos-profiles", version: "0.10.0", name: "QosProfiles" },
    { api: "sim-swap", version: "2.1.0", name: "SimSwap" },
  ];

  it("keeps every version as a namespace and names the newest one (by semver, not string order) plainly", () => {
    expect(newestPerApi(clients).map((c) => `${c.api}@${c.version}`)).toEqual(["qos-profiles@1.0.0-rc.1", "sim-swap@2.1.0"]);
    const text = renderClientsIndex(clients);
    expect(text).toContain('export * as QosProfilesV0_9_0 from "./qos-profiles/0.9.0/client.ts";');
    expect(text).toContain('export { createQosProfilesClient } from "./qos-profiles/1.0.0-rc.1/client.ts";');
    expect(text).toContain('export * as QosProfiles from "./qos-profiles/1.0.0-rc.1/client.ts";');
    expect(text.match(/createQosProfilesClient/g)).toHaveLength(1);
    expect(text).toContain('export { createSimSwapClient } from "./sim-swap/2.1.0/client.ts";');
  });
});
