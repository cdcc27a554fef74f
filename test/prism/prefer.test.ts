import { describe, expect, it } from "vitest";
import { parsePrefer } from "../../src/prism/prefer.ts";

describe("parsePrefer", () => {
  it.each([
    [undefined, {}],
    ["", {}],
    ["code=404", { code: 404 }],
    ["code=403, example=GENERIC_403", { code: 403, exampleKey: "GENERIC_403" }],
    ["dynamic=true; seed=42", { dynamic: true, seed: "42" }],
    ['example="NO_MATCH"', { exampleKey: "NO_MATCH" }],
    ["respond-async, wait=10, dynamic=false", { dynamic: false }],
  ])("%j -> %j", (header, want) => {
    expect(parsePrefer(header)).toEqual({ ok: true, value: want });
  });

  it.each(["code=40", "code=abc", "dynamic=yes", "example=", "seed"])("%j is refused with a reason", (header) => {
    const result = parsePrefer(header);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^Prefer: /);
  });
});
