/**
 * The Prism fallback answers operations without a stateful handler from their spec: documented
 * examples, `Prefer: code=`, `example=`, `dynamic=` (with `seed=`), for a test spec that $refs
 * specs/common and for a real spec of specs/.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { MockRequest } from "../../src/core/http.ts";
import { createPrismFallback, pathInSpec, type PrismFallback } from "../../src/prism/fallback.ts";
import { compileResponseValidator } from "../../src/openapi/validation/response-validator.ts";
import { listSpecFiles, SPECS_DIR } from "../../src/openapi/catalogue.ts";
import { type ApiSpec, loadApiSpecs } from "../../src/openapi/operations.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures", import.meta.url));
const WIDGET = "/widgets/v1/widgets/0b5f6c1e-54a5-4d8e-9d44-8d0f1d7f4a10";

function request(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): MockRequest {
  const withBody = body === undefined ? headers : { "content-type": "application/json", ...headers };
  return {
    method,
    path,
    query: new URLSearchParams(),
    headers: withBody,
    body: body === undefined ? "" : JSON.stringify(body),
    origin: "http://127.0.0.1:4010",
  };
}

/** The answer's body checked against the operation's documented response, as the mock checks its own. */
function specViolation(spec: ApiSpec, operationId: string, status: number, contentType: string | undefined, body: unknown) {
  const op = spec.operations.find((o) => o.operationId === operationId)!;
  return compileResponseValidator(op, { allowInsecureSinks: false }).check(status, contentType, body);
}

let widgets: ApiSpec;
let numberVerification: ApiSpec;
let fallback: PrismFallback;

beforeAll(async () => {
  [widgets] = await loadApiSpecs(listSpecFiles(FIXTURES));
  [numberVerification] = await loadApiSpecs(listSpecFiles(SPECS_DIR).filter((f) => f.api === "number-verification" && f.version === "2.1.0"));
  fallback = await createPrismFallback([widgets, numberVerification]);
});

describe("pathInSpec", () => {
  it.each([
    ["/widgets/v1/widgets/42", "/widgets/v1", "/widgets/42"],
    ["/widgets/v1", "/widgets/v1", "/"],
    ["/token", "", "/token"],
    ["/elsewhere/x", "/widgets/v1", "/elsewhere/x"],
  ])("%s under %s -> %s", (path, base, want) => {
    expect(pathInSpec(path, base)).toBe(want);
  });
});

describe("Prism fallback on a test spec that $refs specs/common", () => {
  it("loaded the fixture with its base path and operations", () => {
    expect(widgets.basePath).toBe("/widgets/v1");
    expect(widgets.operations.map((o) => o.operationId).sort()).toEqual(["createWidget", "getWidget"]);
  });

  it("answers the first documented example by default, and echoes x-correlator", async () => {
    const res = await fallback.handle(request("GET", WIDGET, { "x-correlator": "corr-1" }), widgets);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["x-correlator"]).toBe("corr-1");
    expect(JSON.parse(res.body!)).toEqual({
      widgetId: "0b5f6c1e-54a5-4d8e-9d44-8d0f1d7f4a10",
      size: "SMALL",
      owner: "+34600100200",
      weightGrams: 12,
    });
  });

  it("Prefer: code=404 gives the documented 404", async () => {
    const res = await fallback.handle(request("GET", WIDGET, { prefer: "code=404" }), widgets);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body!)).toEqual({ status: 404, code: "NOT_FOUND", message: "No widget has this id." });
  });

  it("Prefer: example=NAME picks that example", async () => {
    const res = await fallback.handle(request("GET", WIDGET, { prefer: "example=LARGE_WIDGET" }), widgets);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body!)).toMatchObject({ size: "LARGE", weightGrams: 2500 });
  });

  it("Prefer: dynamic=true gives a schema-valid body that is none of the examples, repeatable with seed", async () => {
    const headers = { prefer: "dynamic=true, seed=camara" };
    const first = await fallback.handle(request("GET", WIDGET, headers), widgets);
    const second = await fallback.handle(request("GET", WIDGET, headers), widgets);
    expect(first.status).toBe(200);
    const body = JSON.parse(first.body!);
    expect(specViolation(widgets, "getWidget", 200, first.headers["content-type"], body)).toBeUndefined();
    expect(Object.keys(body).sort()).toEqual(["owner", "size", "weightGrams", "widgetId"]);
    expect([12, 2500]).not.toContain(body.weightGrams);
    expect(second.body).toBe(first.body);
  });

  it("generates a schema-valid body from the schema when the response has no example", async () => {
    const res = await fallback.handle(request("POST", "/widgets/v1/widgets", {}, { size: "SMALL" }), widgets);
    expect(res.status).toBe(201);
    expect(specViolation(widgets, "createWidget", 201, res.headers["content-type"], JSON.parse(res.body!))).toBeUndefined();
  });

  it("answers a request that breaks the schema with the spec's documented 400", async () => {
    const res = await fallback.handle(request("POST", "/widgets/v1/widgets", {}, { size: "HUGE" }), widgets);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body!)).toMatchObject({ status: 400, code: "INVALID_ARGUMENT" });
  });

  it("an undocumented preferred code is Prism's refusal, as an ErrorInfo marked PRISM.*", async () => {
    const res = await fallback.handle(request("GET", WIDGET, { prefer: "code=500", "x-correlator": "corr-2" }), widgets);
    expect(res.status).toBe(404);
    expect(res.headers["x-correlator"]).toBe("corr-2");
    const info = JSON.parse(res.body!);
    expect(info).toMatchObject({ status: 404, code: "PRISM.NOT_FOUND" });
    expect(info.message).toContain("500");
  });

  it("a malformed Prefer header is a 400 INVALID_ARGUMENT", async () => {
    const res = await fallback.handle(request("GET", WIDGET, { prefer: "code=abc" }), widgets);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body!)).toMatchObject({ status: 400, code: "INVALID_ARGUMENT" });
  });

  it("a spec it was not built with is an INTERNAL error, not a crash", async () => {
    const other = { ...widgets, api: "not-built" };
    const res = await fallback.handle(request("GET", WIDGET), other);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body!)).toMatchObject({ code: "INTERNAL" });
  });
});

describe("Prism fallback on specs/number-verification/2.1.0.yaml", () => {
  const verify = (headers: Record<string, string> = {}) =>
    fallback.handle(request("POST", "/number-verification/v2/verify", headers, { phoneNumber: "+34600100200" }), numberVerification);

  it("the spec is the real one of specs/", () => {
    expect(numberVerification.file.file).toBe(join(SPECS_DIR, "number-verification", "2.1.0.yaml"));
    expect(numberVerification.basePath).toBe("/number-verification/v2");
  });

  it("answers the first documented example", async () => {
    const res = await verify();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body!)).toEqual({ devicePhoneNumberVerified: true });
  });

  it("Prefer: example=NO_MATCH picks the other example", async () => {
    const res = await verify({ prefer: "example=NO_MATCH" });
    expect(JSON.parse(res.body!)).toEqual({ devicePhoneNumberVerified: false });
  });

  it("Prefer: code=403, example=... picks a documented error example", async () => {
    const res = await verify({ prefer: "code=403, example=GENERIC_403_USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK" });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body!)).toMatchObject({ status: 403, code: "NUMBER_VERIFICATION.USER_NOT_AUTHENTICATED_BY_MOBILE_NETWORK" });
  });

  it("Prefer: code=404 is refused: this version documents no 404", async () => {
    const res = await verify({ prefer: "code=404" });
    expect(JSON.parse(res.body!)).toMatchObject({ code: "PRISM.NOT_FOUND" });
  });

  it("Prefer: dynamic=true gives a schema-valid number (pattern from specs/common)", async () => {
    const res = await fallback.handle(request("GET", "/number-verification/v2/device-phone-number", { prefer: "dynamic=true; seed=7" }), numberVerification);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body!);
    expect(specViolation(numberVerification, "phoneNumberShare", 200, res.headers["content-type"], body)).toBeUndefined();
    expect(body.devicePhoneNumber).toMatch(/^\+[1-9][0-9]{4,14}$/);
    expect(Object.keys(body)).toEqual(["devicePhoneNumber"]);
  });
});
