/**
 * Every served CAMARA operation compiled at start-up: its release (identification rules, error
 * codes), request and response validators, and the stateful handler of its API module, if any.
 * Operations without a handler are answered by Prism's mocker (loaded only when one exists).
 *
 * The validators hold no state, and the loaded specs (so their operations) are kept for the process:
 * they are compiled once per operation and options for the whole process, and every later mock or
 * workspace of the same specs reuses them (compiling is most of what makes a mock slow to start).
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
  /** its writes are undone when its answer fails: every method but GET/HEAD, and the module's writingReads */
  journaled: boolean;
}

export interface CompileOptions {
  allowInsecureSinks: boolean;
  validateResponses: boolean;
}

/** An operation's stateless validators (what makes a world expensive to build). */
interface CompiledValidators {
  request: RequestValidator;
  response?: ResponseValidator;
}

/** Methods that read: not journaled unless the module names the operation in writingReads. */
const READS = new Set(["GET", "HEAD"]);

/** Per operation, its validators per compile options (the key made by optionsKey). */
const compiledOnce = new WeakMap<OperationSpec, Map<string, CompiledValidators>>();

/** CAMARA APIs only: the authorization server (base path "") and the control plane have their own routes. */
export function compileOperations(served: ServedSpec[], deps: ModuleDeps, options: CompileOptions): ServedOperation[] {
  const out: ServedOperation[] = [];
  for (const { spec, release } of served) {
    if (spec.basePath === "" || spec.basePath.startsWith(CONTROL_PREFIX)) continue;
    const version = moduleOf(spec.api)?.versions[spec.version];
    const handlers = version?.handlers?.(deps);
    const rules = RELEASE_RULES[release];
    const strictBodies = rules.strictRequestBodies ? refResolver(spec.doc) : undefined;
    const key = `${options.allowInsecureSinks}/${options.validateResponses}/${strictBodies !== undefined}`;
    for (const op of spec.operations) {
      let byOptions = compiledOnce.get(op);
      if (!byOptions) compiledOnce.set(op, (byOptions = new Map()));
      let compiled = byOptions.get(key);
      if (!compiled) {
        compiled = {
          request: compileRequestValidator(op, { allowInsecureSinks: options.allowInsecureSinks, strictBodies }),
          response: options.validateResponses ? compileResponseValidator(op, { allowInsecureSinks: options.allowInsecureSinks }) : undefined,
        };
        byOptions.set(key, compiled);
      }
      const journaled = !READS.has(op.method) || (version?.writingReads?.includes(op.operationId) ?? false);
      out.push({ op, spec, release, rules: IDENTIFICATION_RULES[rules.identification], ...compiled, handler: handlers?.[op.operationId], journaled });
    }
  }
  return out;
}
