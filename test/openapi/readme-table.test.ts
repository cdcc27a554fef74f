/** README.md's table of APIs and releases is what `npm run generate` derives from the modules and specs. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README_FILE, renderApiTable, renderReadme } from "../../src/generate/readme-tables.ts";

describe("README API table", () => {
  it("is fresh (run npm run generate when this fails)", async () => {
    const text = readFileSync(README_FILE, "utf8");
    expect(await renderReadme(text)).toBe(text);
  });

  it("names every served API of the default release with its version and base path", async () => {
    const table = await renderApiTable();
    expect(table).toMatch(/\| Quality on Demand \| `quality-on-demand`, `qod` \| stateful \| 1\.1\.0 `\/quality-on-demand\/v1` \|/);
    expect(table).toContain("0.10.1 `/qod/v0`");
  });

  it("refuses a README without the markers, naming them", async () => {
    await expect(renderReadme("# no table here\n")).rejects.toThrow(/lacks the markers/);
  });
});
