/**
 * One CAMARA operation through the mock's named stages, in the order CAMARA fixes:
 *   correlator (400) -> authenticate (401; a token-validity hook may answer 401 or 403 for a token
 *   whose application was disabled or whose consent was withdrawn) -> rate limit (429) -> scope (403)
 *   -> validate request (400) -> handle (identification 404/422 inside, domain logic) -> respond
 *   (response validation). Every error comes from the catalogue and is rendered once, in respond.
 */
import { randomUUID } from "node:crypto";
import type { AccessClaims, TokenService } from "../../auth/tokens.ts";
import { ApiError, errorResponse } from "../../core/errors.ts";
import type { MockRequest, MockResponse } from "../../core/http.ts";
import type { TestData } from "../../core/testdata.ts";
import type { ServedOperation } from "../served-operations.ts";
import type { HandlerContext } from "../../apis/handler.ts";
import type { ValidatedInput } from "../../openapi/validation/request-validator.ts";
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
  /**
   * runs a handler and its answer with the store's writes undone unless `keep` accepts the answer;
   * `operation` (the served operation) lets the journal run one that never waits for I/O without
   * AsyncLocalStorage (store-journal.ts, "solo")
   */
  atomically<T>(fn: () => Promise<T>, keep: (value: T) => boolean, operation: object): Promise<T>;
  /** a verified token that may no longer be used (revoked application, withdrawn consent): the error to answer */
  tokenCheck?(claims: AccessClaims): ApiError | undefined | Promise<ApiError | undefined>;
  /** the answer of Prism's mocker, for operations without a stateful handler */
  stateless(served: ServedOperation, req: MockRequest): Promise<MockResponse>;
}

export async function runOperation(stages: OperationStages, served: ServedOperation, req: MockRequest, params: Record<string, string>) {
  // the caller's x-correlator, else one of ours; an invalid one is refused with a fresh id
  let correlator: string | undefined;
  try {
    const echo = readCorrelator(req.headers["x-correlator"]);
    correlator = echo;
    // a token verified before answers at once: no promise on the common path
    const authenticated = authenticate(stages.tokens, req.headers.authorization, req.query);
    const claims = authenticated instanceof Promise ? await authenticated : authenticated;
    const checked = stages.tokenCheck?.(claims);
    const refused = checked instanceof Promise ? await checked : checked;
    if (refused) throw refused;
    if (served.op.errorCodes.has(429)) {
      const data = stages.data();
      const client = data.clients.find((c) => c.clientId === claims.clientId);
      const counted = stages.rateLimiter.hit(claims.clientId, client?.rateLimitPerSecond ?? data.operator.rateLimitPerSecond);
      if (counted) await counted;
    }
    requireScope(served.op, claims);
    const valid = validateRequest(served, req, params);
    if ("undocumented" in valid) return respond(served, valid.undocumented.status, valid.undocumented.toErrorInfo(), echo, stages.onBug, false);
    // no stateful implementation: Prism's mocker answers from the spec (never for stateful APIs)
    if (!served.handler) return await stages.stateless(served, req);
    // a read changes nothing on purpose (what it writes by the way, a stale record forgotten, may stay):
    // it is not journaled, which keeps reads free of the journal's cost (served-operations.ts)
    if (!served.journaled) return await runHandler(stages, served, req, valid.input, claims, echo);
    // an answer that cannot be delivered (a crash, a 5xx) leaves no state behind; a 4xx the domain
    // throws may keep what it wrote on purpose (e.g. forgetting a record found stale)
    return await stages.atomically(() => runHandler(stages, served, req, valid.input, claims, echo), keepBelow500, served);
  } catch (error) {
    correlator ??= randomUUID();
    if (error instanceof ApiError) return respondError(served, error, correlator, stages.onBug);
    stages.onBug(`unexpected error in ${served.op.operationId}: ${(error as Error).stack ?? error}`);
    return errorResponse("INTERNAL", "Unexpected error in the mock.", { "x-correlator": correlator });
  }
}

function keepBelow500(answer: MockResponse): boolean {
  return answer.status < 500;
}

/**
 * The operation's handler and its answer. (Top-level functions rather than closures per request: the
 * TypeScript loader names every named closure when it is created, which costs on this path.)
 */
async function runHandler(
  stages: OperationStages,
  served: ServedOperation,
  req: MockRequest,
  input: ValidatedInput,
  claims: AccessClaims,
  correlator: string,
): Promise<MockResponse> {
  try {
    const result = await served.handler!({
      input,
      claims,
      // absolute URLs in answers (captureUrl, CloudEvent sources) lead back to this request's workspace
      origin: req.linkPrefix ? `${req.origin}${req.linkPrefix}` : req.origin,
      identify: identifier(stages, served, claims),
    });
    return respond(served, result.status, result.body, correlator, stages.onBug);
  } catch (error) {
    if (error instanceof ApiError) return respondError(served, error, correlator, stages.onBug);
    throw error;
  }
}

/** The release's identification rules, bound to this request's token (handlers call it unbound). */
function identifier(stages: OperationStages, served: ServedOperation, claims: AccessClaims): HandlerContext["identify"] {
  return (device, options) => served.rules.identify({ claims, device, optional: options?.optional }, stages.index(), stages.data().operator);
}
