/**
 * What every use of Prism in the harness shares: the operations of a spec in Prism's model, a Prism
 * HTTP instance, and a silent logger (Prism logs every request at info level through pino; the
 * harness reports what matters, the violations, itself).
 */
import { createLogger } from "@stoplight/prism-core";
import {
  createInstance,
  getHttpOperationsFromSpec,
  type IHttpConfig,
  type IHttpRequest,
  type IHttpResponse,
  type PrismHttpInstance,
  type ProblemJson,
  ProblemJsonError,
  resetJSONSchemaGenerator,
} from "@stoplight/prism-http";
import { createRequire } from "node:module";
import type { ApiSpec } from "../openapi/operations.ts";

export type PrismOperation = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>[number];

/** One diagnostic of Prism's validator (`severity` follows LSP: 0 error, 1 warning, 2 information, 3 hint). */
export interface PrismDiagnostic {
  message: string;
  severity: number;
  path?: string[];
  code?: string | number;
}

export type PrismOutcome =
  | { ok: true; output: IHttpResponse; input: PrismDiagnostic[]; outputViolations: PrismDiagnostic[] }
  | { ok: false; error: Error & { status?: number; detail?: string; additional?: Record<string, unknown> } };

export const SEVERITY_ERROR = 0;
export const SEVERITY_WARNING = 1;

let silentLogger: ReturnType<typeof createLogger> | undefined;

/** Prism's components require a pino logger with its custom `success` level; this one writes nothing. */
export function quietLogger(): ReturnType<typeof createLogger> {
  silentLogger ??= createLogger("camara-harness-prism", { level: "silent" });
  return silentLogger;
}

let fakerConfigured = false;

/**
 * json-schema-faker is a process-wide singleton inside Prism. By default Prism makes it add random
 * undocumented properties to every generated object (`fillProperties`); CAMARA bodies carry only
 * what the schema names, so dynamic answers are generated without them.
 */
function configureFaker(): void {
  if (fakerConfigured) return;
  resetJSONSchemaGenerator();
  // the CommonJS instance Prism itself requires (the ESM build of the package is another singleton)
  const fromPrism = createRequire(createRequire(import.meta.url).resolve("@stoplight/prism-http"));
  const { JSONSchemaFaker } = fromPrism("json-schema-faker") as { JSONSchemaFaker: { option(o: Record<string, unknown>): void } };
  JSONSchemaFaker.option({ fillProperties: false });
  fakerConfigured = true;
}

/**
 * Prism's operations of one spec. Prism reads the file itself (its own $ref resolver), so relative
 * external references such as `../common/camara-common-0.6.yaml#/...` resolve against the file's folder.
 */
export async function loadPrismOperations(spec: ApiSpec): Promise<PrismOperation[]> {
  configureFaker();
  return getHttpOperationsFromSpec(spec.file.file);
}

export function createPrism(config: IHttpConfig): PrismHttpInstance {
  return createInstance(config, { logger: quietLogger() });
}

/** Runs one request through an instance; Prism's TaskEither becomes a plain result. */
export async function runPrism(
  prism: PrismHttpInstance,
  request: IHttpRequest,
  operations: PrismOperation[],
  config: IHttpConfig,
): Promise<PrismOutcome> {
  const result = await prism.request(request, operations, config)();
  if (result._tag === "Left") return { ok: false, error: result.left };
  const { output, validations } = result.right;
  return { ok: true, output, input: validations.input, outputViolations: validations.output };
}

export function problemJson(error: Error): ProblemJson {
  return ProblemJsonError.toProblemJson(error);
}
