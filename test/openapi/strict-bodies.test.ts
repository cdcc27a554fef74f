/**
 * Commonalities 0.8 request body strictness: with the option on, an undeclared property at any depth
 * (including inside a discriminated sinkCredential) is 400 INVALID_ARGUMENT; with it off (releases
 * before 0.8) the same body is accepted where the schema leaves objects open.
 */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/core/errors.ts";
import { listSpecFiles } from "../../src/openapi/catalogue.ts";
import { loadApiSpecs } from "../../src/openapi/operations.ts";
import { compileRequestValidator } from "../../src/openapi/validation/request-validator.ts";
import { refResolver } from "../../src/openapi/validation/strict-bodies.ts";

const [spec] = await loadApiSpecs(listSpecFiles().filter((f) => f.api === "click-to-dial" && f.version === "0.1.0"));
const op = spec.operations.find((o) => o.operationId === "createCall")!;
const strict = compileRequestValidator(op, { allowInsecureSinks: true, strictBodies: refResolver(spec.doc) });
const lenient = compileRequestValidator(op, { allowInsecureSinks: true });

const credential = { credentialType: "ACCESSTOKEN", accessToken: "t", accessTokenExpiresUtc: "2030-01-01T00:00:00Z", accessTokenType: "bearer" };
const base = { caller: { number: "+34600100200" }, callee: { number: "+34600100300" }, sink: "http://127.0.0.1/sink", sinkCredential: credential };

const send = (v: typeof strict, body: unknown) => () =>
  v.validate({ method: "POST", path: "/calls", query: new URLSearchParams(), headers: { "content-type": "application/json" }, body: JSON.stringify(body), origin: "http://x" }, {});

function rejection(fn: () => unknown): ApiError | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as ApiError;
  }
}

describe("request body strictness (Commonalities 0.8)", () => {
  it("accepts a body that only uses declared properties, including the discriminated credential's", () => {
    expect(rejection(send(strict, base))).toBeUndefined();
  });

  it.each([
    ["top level", { ...base, extra: 1 }, "extra"],
    ["inside caller", { ...base, caller: { number: "+34600100200", name: "Ann" } }, "caller.name"],
    ["inside sinkCredential", { ...base, sinkCredential: { ...credential, scope: "x" } }, "sinkCredential.scope"],
  ])("refuses an unknown property %s with 400 INVALID_ARGUMENT naming it", (_where, body, field) => {
    const error = rejection(send(strict, body));
    expect(error?.code).toBe("INVALID_ARGUMENT");
    expect(error?.message).toContain(field);
  });

  it("checks the mapped credential's own fields once it is closed (accessTokenType must be bearer)", () => {
    expect(rejection(send(strict, { ...base, sinkCredential: { ...credential, accessTokenType: "mac" } }))?.code).toBe("INVALID_ARGUMENT");
  });

  it("without the option an unknown property inside an open object passes (pre-0.8 releases)", () => {
    expect(rejection(send(lenient, { ...base, sinkCredential: { ...credential, scope: "x" } }))).toBeUndefined();
  });
});
