/**
 * Our specs carry exactly the wire contract of the official CAMARA files (paths, operationIds,
 * parameters, schemas, scopes, error status/code pairs); only prose and examples differ.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { moduleOf, officialCounterparts } from "../../src/apis/registry.ts";
import { SPECS_DIR, listSpecFiles } from "../../src/openapi/catalogue.ts";
import { compareFiles, formatDifferences } from "../../src/openapi/contract.ts";
import { REFERENCE_DIR, referenceAvailable } from "../reference-dir.ts";

const available = referenceAvailable();
const OFFICIAL_COUNTERPARTS = officialCounterparts();

describe.skipIf(!available)("wire contract equals the official CAMARA file", () => {
  it.each(Object.entries(OFFICIAL_COUNTERPARTS))("%s = %s", async (key, official) => {
    const spec = listSpecFiles().find((s) => `${s.api}/${s.version}` === key);
    expect(spec, `specs/${key}.yaml exists`).toBeDefined();
    const diffs = await compareFiles(spec!.file, join(REFERENCE_DIR, official));
    expect(formatDifferences(diffs)).toBe("");
  });

  it("every CAMARA spec in specs/ has an official counterpart", () => {
    const ours = listSpecFiles()
      .map((s) => `${s.api}/${s.version}`)
      .filter((k) => !["operator-auth", "harness-control"].includes(k.split("/")[0]) && !moduleOf(k.split("/")[0])?.own);
    expect(ours.filter((k) => !(k in OFFICIAL_COUNTERPARTS))).toEqual([]);
  });
});

describe.skipIf(!available)("the contract test notices a single change", () => {
  const tmp = mkdtempSync(join(tmpdir(), "camara-contract-"));
  cpSync(SPECS_DIR, tmp, { recursive: true });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const mutate = (file: string, from: RegExp, to: string) => {
    const path = join(tmp, file);
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(from);
    writeFileSync(path, text.replace(from, to));
    return path;
  };

  it.each([
    {
      what: "one enum value (QosStatus REQUESTED -> PENDING)",
      file: "quality-on-demand/1.1.0.yaml",
      from: /- REQUESTED\b/,
      to: "- PENDING",
      official: OFFICIAL_COUNTERPARTS["quality-on-demand/1.1.0"],
      expectKey: /qosStatus\.enum|enum/,
    },
    {
      what: "one error code (409 CONFLICT -> ALREADY_EXISTS)",
      file: "quality-on-demand/1.1.0.yaml",
      from: /- CONFLICT\b/,
      to: "- ALREADY_EXISTS",
      official: OFFICIAL_COUNTERPARTS["quality-on-demand/1.1.0"],
      expectKey: /responses\.409.*errorCodes/,
    },
    {
      what: "one 422 code of SIM Swap (MISSING_IDENTIFIER -> UNSUPPORTED_IDENTIFIER)",
      file: "sim-swap/2.1.0.yaml",
      from: /- MISSING_IDENTIFIER\b/,
      to: "- UNSUPPORTED_IDENTIFIER",
      official: OFFICIAL_COUNTERPARTS["sim-swap/2.1.0"],
      expectKey: /responses\.422.*errorCodes/,
    },
  ])("$what", async ({ file, from, to, official, expectKey }) => {
    const path = mutate(file, from, to);
    const diffs = await compareFiles(path, join(REFERENCE_DIR, official));
    expect(diffs.length).toBeGreaterThan(0);
    expect(diffs.some((d) => expectKey.test(d.key))).toBe(true);
    cpSync(join(SPECS_DIR, file), path); // restore for the next case
  });
});
