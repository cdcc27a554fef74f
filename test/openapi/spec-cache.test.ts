/**
 * A spec file is loaded once per process while it does not change (src/openapi/operations.ts): every
 * later load gets the same ApiSpec objects, and a file changed on disk is read again.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { SPECS_DIR } from "../../src/openapi/catalogue.ts";
import { loadApiSpecs } from "../../src/openapi/operations.ts";
import { loadKnownScopes } from "../../src/auth/scope-catalogue.ts";

/** A copy of specs/qos-profiles/1.1.0.yaml and the common file it refers to, in a folder of its own. */
function copyOfQosProfiles() {
  const dir = mkdtempSync(join(tmpdir(), "spec-cache-"));
  cpSync(join(SPECS_DIR, "common"), join(dir, "common"), { recursive: true });
  mkdirSync(join(dir, "qos-profiles"));
  const file = join(dir, "qos-profiles", "1.1.0.yaml");
  copyFileSync(join(SPECS_DIR, "qos-profiles", "1.1.0.yaml"), file);
  return { api: "qos-profiles", version: "1.1.0", file, relativeFile: "qos-profiles/1.1.0.yaml", common: join(dir, "common", "camara-common-0.6.yaml") };
}

it("an unchanged file gives the same ApiSpec; a changed one is read again", async () => {
  const spec = copyOfQosProfiles();
  const [first] = await loadApiSpecs([spec]);
  const [again] = await loadApiSpecs([spec]);
  expect(again).toBe(first);

  // same size, another modification time: read again (and equal in content)
  utimesSync(spec.file, new Date(), new Date(Date.now() + 5_000));
  const [touched] = await loadApiSpecs([spec]);
  expect(touched).not.toBe(first);
  expect(touched.operations.map((o) => o.operationId)).toEqual(first.operations.map((o) => o.operationId));

  // a new title: the change is seen
  writeFileSync(spec.file, readFileSync(spec.file, "utf8").replace(/^  title: .*$/m, "  title: Changed on disk"));
  const [changed] = await loadApiSpecs([spec]);
  expect(changed.title).toBe("Changed on disk");
  expect((await loadApiSpecs([spec]))[0]).toBe(changed);

  // a change in a file its $refs point to is seen too
  utimesSync(spec.common, new Date(), new Date(Date.now() + 10_000));
  expect((await loadApiSpecs([spec]))[0]).not.toBe(changed);
});

it("a file that fails to load is read again once fixed", async () => {
  const spec = copyOfQosProfiles();
  const good = readFileSync(spec.file, "utf8");
  writeFileSync(spec.file, "openapi: 3.0.3\ninfo: [not, an, object\n");
  await expect(loadApiSpecs([spec])).rejects.toThrow();
  writeFileSync(spec.file, good);
  const [fixed] = await loadApiSpecs([spec]);
  expect(fixed.operations.length).toBeGreaterThan(0);
});

it("the scope list of a specs folder is read again when a spec changes, not before", () => {
  const spec = copyOfQosProfiles();
  const specsDir = join(spec.file, "..", "..");
  const first = loadKnownScopes(specsDir);
  expect(first).toContain("qos-profiles:read");
  expect(loadKnownScopes(specsDir)).toBe(first);
  writeFileSync(spec.file, readFileSync(spec.file, "utf8").replaceAll("qos-profiles:read", "qos-profiles:look"));
  const changed = loadKnownScopes(specsDir);
  expect(changed).toContain("qos-profiles:look");
  expect(changed).not.toContain("qos-profiles:read");
});
