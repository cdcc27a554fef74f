/**
 * `mock --set path=value`: changes one setting of the test data from the command line, e.g.
 * `--set relaysmsGateway.sessionSleepTimeout=5` or `--set operator.rateLimitPerSecond=50`. The value
 * is read as YAML (numbers, booleans, strings, [lists]); the result is checked against the whole
 * test-data model, so a wrong path or type is refused with one line like a wrong file would be.
 */
import { parse } from "yaml";
import { testDataModel } from "../apis/registry.ts";
import { parseTestData, type TestData } from "../core/testdata.ts";
import { UsageError } from "./usage-error.ts";

export function applyOverrides(data: TestData, overrides: string[]): TestData {
  if (overrides.length === 0) return data;
  const copy = structuredClone(data) as Record<string, unknown>;
  for (const o of overrides) {
    const m = /^([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)=(.*)$/.exec(o);
    if (!m) throw new UsageError(`--set expects path=value (e.g. relaysmsGateway.sessionSleepTimeout=5), got '${o}'`);
    const keys = m[1].split(".");
    let at = copy;
    for (const k of keys.slice(0, -1)) {
      const next = at[k];
      if (typeof next !== "object" || next === null || Array.isArray(next)) throw new UsageError(`--set ${m[1]}: '${k}' is not a section of the test data`);
      at = next as Record<string, unknown>;
    }
    at[keys[keys.length - 1]] = parse(m[2]);
  }
  try {
    return parseTestData(copy, "test data after --set", testDataModel());
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
