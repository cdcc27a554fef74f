/**
 * Prism inside the mock: an operation that has no stateful handler is answered by Prism's mocker from
 * its spec (documented examples, or a body generated from the schema), so a spec dropped into specs/
 * is served at once. The caller has already run the mock's pipeline (correlator, authentication, scope,
 * request validation); Prism is told not to check security again.
 *
 * Prism's `Prefer` header is honoured: `code=NNN` picks the documented response, `example=NAME` one
 * of its named examples, `dynamic=true` a schema-generated body (`seed=S` makes it repeatable).
 * When Prism itself refuses (e.g. the preferred code is not documented) the answer is a CAMARA
 * ErrorInfo whose code is `PRISM.<Prism's error type>`, so it is never mistaken for an operator's.
 */
import type { IHttpConfig } from "@stoplight/prism-http";
import type { ApiSpec } from "../openapi/operations.ts";
import { errorResponse } from "../core/errors.ts";
import { json, type MockRequest, type MockResponse } from "../core/http.ts";
import { fromPrismResponse, toPrismRequest } from "./exchange.ts";
import { parsePrefer } from "./prefer.ts";
import { createPrism, loadPrismOperations, type PrismOperation, runPrism } from "./runtime.ts";

export interface PrismFallback {
  handle(req: MockRequest, spec: ApiSpec): Promise<MockResponse>;
}

const MOCK_CONFIG: IHttpConfig = {
  isProxy: false,
  mock: { dynamic: false },
  checkSecurity: false,
  validateRequest: true,
  validateResponse: false,
  errors: false,
  upstreamProxy: undefined,
};

interface SpecMocker {
  operations: PrismOperation[];
  prism: ReturnType<typeof createPrism>;
}

const specKey = (spec: ApiSpec) => `${spec.api}/${spec.version}`;

/** The request path as the spec's `paths` know it: "/number-verification/v2/verify" -> "/verify". */
export function pathInSpec(path: string, basePath: string): string {
  if (!basePath || !path.startsWith(basePath)) return path;
  const rest = path.slice(basePath.length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}

/** Reads every spec into Prism and builds one instance per spec, once, at start-up. */
export async function createPrismFallback(specs: ApiSpec[]): Promise<PrismFallback> {
  const mockers = new Map<string, SpecMocker>();
  await Promise.all(
    specs.map(async (spec) => {
      const operations = await loadPrismOperations(spec);
      mockers.set(specKey(spec), { operations, prism: createPrism(MOCK_CONFIG) });
    }),
  );

  return {
    async handle(req, spec) {
      const correlator = req.headers["x-correlator"];
      const echo: Record<string, string> = correlator ? { "x-correlator": correlator } : {};
      const mocker = mockers.get(specKey(spec));
      if (!mocker) {
        const message = `No Prism mocker was built for ${specKey(spec)}; pass its spec to createPrismFallback.`;
        return errorResponse("INTERNAL", message, echo);
      }
      const prefer = parsePrefer(req.headers.prefer);
      if (!prefer.ok) return errorResponse("INVALID_ARGUMENT", prefer.message, echo);
      const { code, exampleKey, dynamic, seed } = prefer.value;
      const config: IHttpConfig = { ...MOCK_CONFIG, mock: { dynamic: dynamic ?? false, code, exampleKey, seed } };
      const request = toPrismRequest(req.method, pathInSpec(req.path, spec.basePath), req.query, req.headers, req.body);
      const outcome = await runPrism(mocker.prism, request, mocker.operations, config);
      if (!outcome.ok) {
        const status = outcome.error.status ?? 500;
        const type = outcome.error.name.split("#").pop() || "ERROR";
        const message = `Prism: ${outcome.error.detail ?? outcome.error.message}`;
        return json(status, { status, code: `PRISM.${type}`, message }, echo);
      }
      const answer = fromPrismResponse(outcome.output);
      // CAMARA: x-correlator is echoed unchanged; Prism would answer the spec's example instead
      return { status: answer.status, headers: { ...answer.headers, ...echo }, body: answer.body };
    },
  };
}
