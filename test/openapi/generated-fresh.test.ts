/** generated/ is exactly what `npm run generate` produces from specs/ (CI fails on a stale copy). */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { GENERATED_DIR } from "../../src/openapi/catalogue.ts";
import { DO_NOT_EDIT, type GeneratedFile, listGenerated, renderAll } from "../../src/generate/generate.ts";

describe("generated/", () => {
  let fresh: GeneratedFile[];
  beforeAll(async () => {
    fresh = await renderAll();
  }, 120_000);

  it("matches a fresh generation file by file", () => {
    const onDisk = listGenerated().map((p) => relative(GENERATED_DIR, p));
    expect(onDisk).toEqual(fresh.map((f) => relative(GENERATED_DIR, f.path)).sort());
    for (const f of fresh) {
      expect(readFileSync(f.path, "utf8"), `${relative(GENERATED_DIR, f.path)} is stale: run npm run generate`).toBe(f.content);
    }
  });

  it("is deterministic and every file carries the do-not-edit header", async () => {
    expect(await renderAll()).toEqual(fresh);
    const prefix = DO_NOT_EDIT.split("{source}")[0];
    for (const f of fresh) expect(f.content.startsWith(prefix)).toBe(true);
  }, 120_000);
});
