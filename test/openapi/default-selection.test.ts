/**
 * Without --release the harness serves and tests "latest": the newest public version of every API,
 * each under the rules of its own release; a named release keeps exactly its own API versions.
 */
import { describe, expect, it } from "vitest";
import { releaseApis, releaseNamesOf, releaseOfApi, renameCode, unknownRelease } from "../../src/apis/registry.ts";
import { DEFAULT_RELEASE } from "../../src/openapi/releases.ts";

describe("the default selection", () => {
  it("is every public release, newest first", () => {
    expect(releaseNamesOf(DEFAULT_RELEASE)).toEqual(["spring26", "fall25", "spring25", "fall24"]);
  });

  it("holds click-to-dial 0.1.0 (and our admin API of it) from spring26, and the fall25 version of every other API", () => {
    const latest = releaseApis(DEFAULT_RELEASE);
    const fall25 = releaseApis("fall25");
    expect(latest["click-to-dial"]).toBe("0.1.0");
    expect(latest["click-to-dial-admin"]).toBe("1.0.0");
    for (const [api, version] of Object.entries(fall25)) expect(latest[api], api).toBe(version);
    expect(Object.keys(latest).sort()).toEqual([...Object.keys(fall25), "click-to-dial", "click-to-dial-admin"].sort());
  });

  it("applies each API's own release (rules and error codes)", () => {
    expect(releaseOfApi(DEFAULT_RELEASE, "click-to-dial")).toBe("spring26");
    expect(releaseOfApi(DEFAULT_RELEASE, "sim-swap")).toBe("fall25");
    expect(renameCode("fall24", "quality-on-demand", "0.11.1", "MISSING_IDENTIFIER")?.code).toBe("UNIDENTIFIABLE_DEVICE");
    expect(renameCode(DEFAULT_RELEASE, "quality-on-demand", "1.1.0", "MISSING_IDENTIFIER")).toBeUndefined();
  });

  it("a named release narrows: fall25 has no click-to-dial, spring26 only click-to-dial of the module APIs", () => {
    expect(releaseApis("fall25")["click-to-dial"]).toBeUndefined();
    expect(releaseApis("spring26")["click-to-dial"]).toBe("0.1.0");
    expect(releaseApis("spring26")["quality-on-demand"]).toBeUndefined();
  });

  it("refuses unknown names, inside a list too", () => {
    expect(unknownRelease("latest")).toBeUndefined();
    expect(unknownRelease("spring26,fall25")).toBeUndefined();
    expect(unknownRelease("fall25,winter99")).toMatch(/winter99/);
  });
});
