/**
 * The answer checks of the target layer (src/target/answer-checks.ts, each with a stable id) applied to
 * every answer a scenario receives: this file finds, for each exchange, the operation it answers in
 * the specs of the target's release and that operation's compiled response validator.
 */
import { HARNESS_APIS } from "../../src/openapi/releases.ts";
import type { Exchange } from "../../src/results/results.ts";
import type { TargetContext } from "../../src/target/target.ts";
import { ANSWER_CHECKS } from "../../src/target/answer-checks.ts";
import { compileResponseValidator, type ResponseValidator } from "../../src/openapi/validation/response-validator.ts";
import { loadReleaseSpecs } from "../../src/apis/registry.ts";
import type { OperationSpec } from "../../src/openapi/operations.ts";
import { Router } from "../../src/openapi/router.ts";

interface Checker {
  router: Router;
  /** compiled on first use: a run of one API answers for a few operations of the release's many */
  validator(op: OperationSpec): ResponseValidator;
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
      const validators = new Map<OperationSpec, ResponseValidator>();
      const validator = (op: OperationSpec) => {
        let v = validators.get(op);
        if (!v) validators.set(op, (v = compileResponseValidator(op, { allowInsecureSinks })));
        return v;
      };
      return { router: new Router(ops), validator };
    });
  }
  return checker;
}

export interface CheckProblem {
  /** the id of the check that failed */
  check: string;
  message: string;
  expected: string;
  received: string;
}

export async function checkExchange(target: TargetContext, exchange: Exchange): Promise<CheckProblem | undefined> {
  if (!exchange.response) return undefined;
  const insecure = target.sink?.url.startsWith("http:") ?? false;
  const { router, validator } = await getChecker(target.release, insecure, target.specsDir);
  const url = new URL(exchange.request.url);
  // match on the path below the API root (apiRoot may itself carry a path prefix)
  const roots = [target.apiRoot, ...Object.values(target.apiRoots)].map((r) => new URL(r).pathname.replace(/\/+$/, ""));
  const prefix = roots.find((r) => r && url.pathname.startsWith(r)) ?? "";
  const route = router.match(exchange.request.method, url.pathname.slice(prefix.length));
  const failure = ANSWER_CHECKS.firstFailure({
    exchange,
    where: `${exchange.request.method} ${url.pathname}`,
    op: route?.op,
    validator: route ? validator(route.op) : undefined,
  });
  return failure && { check: failure.id, message: failure.message, expected: failure.expected, received: failure.received };
}
