/**
 * Every served CAMARA operation compiled once at start-up: its release (identification rules, error
 * codes), request and response validators, and the stateful handler of its API module, if any.
 * Operations without a handler are answered by Prism's mocker (loaded only when one exists).
 */
import type { Handler } from "../apis/handler.ts";
import type { ModuleDeps } from "../apis/module.ts";
import { moduleOf } from "../apis/registry.ts";
import type { ApiSpec, OperationSpec } from "../openapi/operations.ts";
import { RELEASE_RULES } from "../openapi/releases.ts";
import { compileRequestValidator, type RequestValidator } from "../openapi/validation/request-validator.ts";
import { refResolver } from "../openapi/validation/strict-bodies.ts";
import { compileResponseValidator, type ResponseValidator } from "../openapi/validation/response-validator.ts";
import { CONTROL_PREFIX } from "./control-plane.ts";
import { IDENTIFICATION_RULES, type IdentificationRules } from "./identification.ts";
import type { ServedSpec } from "./served-specs.ts";

export interface ServedOperation {
  op: OperationSpec;
  spec: ApiSpec;
  /** the release this operation is served as: its identification rules and error codes */
  release: string;
  rules: IdentificationRules;
  request: RequestValidator;
  response?: ResponseValidator;
  handler?: Handler;
}

export interface CompileOptions {
  allowInsecureSinks: boolean;
  validateResponses: boolean;
  /**
   * validators compiled earlier with the same options (workspaces: one compilation for every world);
   * they hold no state, so worlds can share them. Filled with what is compiled now.
   */
  validators?: Map<OperationSpec, CompiledValidators>;
}

/** An operation's stateless validators (what makes a world expensive to build). */
export interface CompiledValidators {
  request: RequestValidator;
  response?: ResponseValidator;
}

/** CAMARA APIs only: the authorization server (base path "") and the control plane have their own routes. */
export function compileOperations(served: ServedSpec[], deps: ModuleDeps, options: CompileOptions): ServedOperation[] {
  const out: ServedOperation[] = [];
  for (const { spec, release } of served) {
    if (spec.basePath === "" || spec.basePath.startsWith(CONTROL_PREFIX)) continue;
    const handlers = moduleOf(spec.api)?.versions[spec.version]?.handlers?.(deps);
    const rules = RELEASE_RULES[release];
    const strictBodies = rules.strictRequestBodies ? refResolver(spec.doc) : undefined;
    for (const op of spec.operations) {
      let compiled = options.validators?.get(op);
      if (!compiled) {
        compiled = {
          request: compileRequestValidator(op, { allowInsecureSinks: options.allowInsecureSinks, strictBodies }),
          response: options.validateResponses ? compileResponseValidator(op, { allowInsecureSinks: options.allowInsecureSinks }) : undefined,
        };
        options.validators?.set(op, compiled);
      }
      out.push({ op, spec, release, rules: IDENTIFICATION_RULES[rules.identification], ...compiled, handler: handlers?.[op.operationId] });
    }
  }
  return out;
}
