/**
 * Generic checks applied to every answer a scenario receives, derived from the specs:
 *   - the status is documented for the operation, with the documented content type;
 *   - the body matches the schema (an ErrorInfo's status equals the HTTP status and its code is one
 *     the operation documents for that status, since the specs narrow both by enum);
 *   - a valid x-correlator sent is echoed unchanged (Commonalities design guide 5.8.5).
 */
import { HARNESS_APIS } from "../../src/openapi/releases.ts";
import type { Exchange } from "../../src/results/results.ts";
import type { TargetContext } from "../../src/target/target.ts";
import { X_CORRELATOR_PATTERN } from "../../src/openapi/correlator.ts";
import { compileResponseValidator, type ResponseValidator } from "../../src/openapi/validation/response-validator.ts";
import { loadReleaseSpecs } from "../../src/apis/registry.ts";
import { Router } from "../../src/openapi/router.ts";

interface Checker {
  router: Router;
  validators: Map<object, ResponseValidator>;
}

let checker: Promise<Checker> | undefined;
let checkerKey = "";

function getChecker(release: string, allowInsecureSinks: boolean, specsDir?: string): Promise<Checker> {
  const key = `${release}/${allowInsecureSinks}/${specsDir ?? ""}`;
  if (!checker || checkerKey !== key) {
    checkerKey = key;
    checker = loadReleaseSpecs(release, specsDir).then((specs) => {
      const ops = specs
        .filter((s) => !HARNESS_APIS.includes(s.api))
        .flatMap((s) => s.operations);
      const validators = new Map<object, ResponseValidator>();
      for (const op of ops) validators.set(op, compileResponseValidator(op, { allowInsecureSinks }));
      return { router: new Router(ops), validators };
    });
  }
  return checker;
}

export interface CheckProblem {
  message: string;
  expected: string;
  received: string;
}

export async function checkExchange(target: TargetContext, exchange: Exchange): Promise<CheckProblem | undefined> {
  const res = exchange.response;
  if (!res) return undefined;
  const insecure = target.sink?.url.startsWith("http:") ?? false;
  const { router, validators } = await getChecker(target.release, insecure, target.specsDir);
  const url = new URL(exchange.request.url);
  // match on the path below the API root (apiRoot may itself carry a path prefix)
  const roots = [target.apiRoot, ...Object.values(target.apiRoots)].map((r) => new URL(r).pathname.replace(/\/+$/, ""));
  const prefix = roots.find((r) => r && url.pathname.startsWith(r)) ?? "";
  const route = router.match(exchange.request.method, url.pathname.slice(prefix.length));
  const where = `${exchange.request.method} ${url.pathname}`;

  const sent = exchange.request.headers["x-correlator"];
  if (sent && X_CORRELATOR_PATTERN.test(sent) && res.headers["x-correlator"] !== sent) {
    return {
      message: `${where}: x-correlator not echoed`,
      expected: `x-correlator: ${sent}`,
      received: `x-correlator: ${res.headers["x-correlator"] ?? "(absent)"}`,
    };
  }
  if (!route) return undefined;
  let body: unknown = undefined;
  if (res.body !== undefined && res.body !== "") {
    try {
      body = JSON.parse(res.body);
    } catch {
      return { message: `${where}: the body is not JSON`, expected: "a JSON body", received: res.body.slice(0, 200) };
    }
  }
  const violation = validators.get(route.op)!.check(res.status, res.headers["content-type"], body);
  if (violation) {
    return {
      message: `answer does not conform to the spec: ${violation}`,
      expected: `an answer documented by ${route.op.operationId}`,
      received: `${res.status} ${res.headers["content-type"] ?? ""} ${(res.body ?? "").slice(0, 300)}`,
    };
  }
  return undefined;
}
