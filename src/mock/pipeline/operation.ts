/**
 * One CAMARA operation through the mock's named stages, in the order CAMARA fixes:
 *   correlator (400) -> authenticate (401) -> rate limit (429) -> scope (403)
 *   -> validate request (400) -> handle (identification 404/422 inside, domain logic) -> respond
 *   (response validation). Every error comes from the catalogue and is rendered once, in respond.
 */
import { randomUUID } from "node:crypto";
import type { TokenService } from "../../auth/tokens.ts";
import { ApiError, errorResponse } from "../../core/errors.ts";
import type { MockRequest, MockResponse } from "../../core/http.ts";
import type { TestData } from "../../core/testdata.ts";
import type { ServedOperation } from "../served-operations.ts";
import type { SubscriberIndex } from "../subscribers.ts";
import { authenticate } from "./authenticate.ts";
import { readCorrelator } from "./correlator.ts";
import type { RateLimiter } from "./rate-limit.ts";
import { respond, respondError } from "./respond.ts";
import { requireScope } from "./scope.ts";
import { validateRequest } from "./validate-request.ts";

export interface OperationStages {
  tokens: TokenService;
  rateLimiter: RateLimiter;
  data(): TestData;
  index(): SubscriberIndex;
  onBug(message: string): void;
  /** the answer of Prism's mocker, for operations without a stateful handler */
  stateless(served: ServedOperation, req: MockRequest): Promise<MockResponse>;
}

export async function runOperation(stages: OperationStages, served: ServedOperation, req: MockRequest, params: Record<string, string>) {
  let correlator: string = randomUUID();
  try {
    correlator = readCorrelator(req.headers["x-correlator"]);
    const claims = await authenticate(stages.tokens, req.headers.authorization, req.query);
    if (served.op.errorCodes.has(429)) {
      const data = stages.data();
      const client = data.clients.find((c) => c.clientId === claims.clientId);
      stages.rateLimiter.hit(claims.clientId, client?.rateLimitPerSecond ?? data.operator.rateLimitPerSecond);
    }
    requireScope(served.op, claims);
    const checked = validateRequest(served, req, params);
    if ("undocumented" in checked) return respond(served, checked.undocumented.status, checked.undocumented.toErrorInfo(), correlator, stages.onBug, false);
    // no stateful implementation: Prism's mocker answers from the spec (never for stateful APIs)
    if (!served.handler) return await stages.stateless(served, req);
    const result = await served.handler({
      input: checked.input,
      claims,
      origin: req.origin,
      identify: (device, o) => served.rules.identify({ claims, device, optional: o?.optional }, stages.index(), stages.data().operator),
    });
    return respond(served, result.status, result.body, correlator, stages.onBug);
  } catch (error) {
    if (error instanceof ApiError) return respondError(served, error, correlator, stages.onBug);
    stages.onBug(`unexpected error in ${served.op.operationId}: ${(error as Error).stack ?? error}`);
    return errorResponse("INTERNAL", "Unexpected error in the mock.", { "x-correlator": correlator });
  }
}
