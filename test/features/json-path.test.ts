/** The JSONPath subset of the test definitions, including their slips (`$config.x`, `a.b`, `ranges.from`). */
import { describe, expect, it } from "vitest";
import { deleteValue, getAll, normalisePath, setValue } from "../../src/features/json-path.ts";

const body = { device: { phoneNumber: "+34600000001" }, devicePorts: { ranges: [{ from: 1, to: 2 }, { from: 3, to: 4 }], ports: [5, 6] } };

describe("json-path", () => {
  it.each([
    ["$.device.phoneNumber", ["+34600000001"]],
    ["device.phoneNumber", ["+34600000001"]],
    ["$.devicePorts.ranges.from", [1, 3]],
    ["$.devicePorts.ranges[1].to", [4]],
    ["$.devicePorts.ports[*]", [5, 6]],
    ["$.missing.path", []],
    ["$[0].name", []],
  ])("reads %s", (path, want) => {
    expect(getAll(body, path)).toEqual(want);
  });

  it("sets through arrays and creates missing containers, with a starting value when given", () => {
    expect(getAll(setValue(body, "$.devicePorts.ranges.from", 70000), "$.devicePorts.ranges.from")).toEqual([70000, 70000]);
    expect(setValue({}, "$config.subscriptionMaxEvents", 1)).toEqual({ config: { subscriptionMaxEvents: 1 } });
    const withInit = setValue({}, "$.sinkCredential.credentialType", "PLAIN", () => ({ credentialType: "ACCESSTOKEN", accessToken: "t" }));
    expect(withInit).toEqual({ sinkCredential: { credentialType: "PLAIN", accessToken: "t" } });
    expect(body.devicePorts.ranges[0].from).toBe(1);
  });

  it("deletes, also in each element", () => {
    expect(deleteValue(body, "$.device")).not.toHaveProperty("device");
    expect(getAll(deleteValue(body, "$.devicePorts.ranges.to"), "$.devicePorts.ranges")).toEqual([[{ from: 1 }, { from: 3 }]]);
  });

  it("normalises paths for messages", () => {
    expect(normalisePath("qosProfile")).toBe("$.qosProfile");
    expect(normalisePath("$config.x")).toBe("$.config.x");
    expect(normalisePath("$[0].name")).toBe("$[0].name");
  });
});
