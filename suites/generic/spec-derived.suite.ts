/**
 * Spec-derived layer: for every operation of every selected API, the checks any CAMARA operation
 * must pass, generated from the spec (no per-API code beyond a baseline request):
 *   401 UNAUTHENTICATED without a token, with a malformed token, with an expired token;
 *   403 PERMISSION_DENIED with a token lacking the operation's scope;
 *   400 INVALID_ARGUMENT for an invalid x-correlator, malformed JSON, a missing body, and seeded
 *   schema-violating bodies (400 OUT_OF_RANGE accepted for numeric ranges where documented, 422
 *   INVALID_PHONE_NUMBER for a malformed phone number where documented), and, for APIs of a release
 *   on Commonalities 0.8, a body with an undeclared nested property (request body strictness);
 *   x-correlator echoed on a well-formed request.
 * Every answer is also checked against the spec by the scenario wrapper.
 */
import { describe, expect, inject } from "vitest";
import { bodyMutations, withUndeclaredProperty } from "../../src/conformance/mutations.ts";
import { loadReleaseSpecs, moduleOf, releaseOfApi } from "../../src/apis/registry.ts";
import { RELEASE_RULES } from "../../src/openapi/releases.ts";
import type { OperationSpec } from "../../src/openapi/operations.ts";
import type { ApiAnswer, ScenarioContext } from "../support/context.ts";
import { rawRequest } from "../support/raw.ts";
import { cleanupOf, foreignScope, wellFormedRequest } from "../../src/target/well-formed.ts";
import { scenario } from "../support/scenario.ts";

const target = inject("target");
const releaseSpecs = await loadReleaseSpecs(target.release, target.specsDir);
const specs = releaseSpecs.filter((s) => target.apis.includes(s.api));
const MUTATIONS_PER_OPERATION = 6;

function idOf(op: OperationSpec, suffix: string): string {
  return `${op.api.replace(/-/g, "_")}_${op.operationId}_generic_${suffix}`;
}

async function send(t: ScenarioContext, op: OperationSpec, headers: Record<string, string>, body?: string, path?: string) {
  const base = wellFormedRequest(op, t.target);
  t.require(!base.unavailable, base.unavailable ?? "");
  return rawRequest(t, { method: op.method, url: t.url(op.api, op.basePath, path ?? base.path), headers, body: body ?? base.body });
}

/** Deletes what a well-formed create request made (the module says how), so a run leaves nothing behind. */
async function cleanupCreated(t: ScenarioContext, op: OperationSpec, answer: ApiAnswer) {
  if (answer.response.status !== 201) return;
  const cleanup = cleanupOf(op);
  const path = cleanup?.path((answer.data ?? {}) as Record<string, unknown>);
  if (!cleanup || !path) return;
  const del = await t.headers({ scopes: cleanup.scopes });
  t.cleanup(() => t.fetch(t.url(op.api, op.basePath, path), { method: "DELETE", headers: del }));
}

/**
 * The scopes to ask for: the first security alternative that names some. An operation that needs no
 * scope at all (QoD v0's client-credentials operations) still needs a token, and the token endpoint
 * wants a scope: any scope of the same API then.
 */
function scopesOf(op: OperationSpec): string[] {
  const own = op.scopes.find((alternative) => alternative.length > 0);
  if (own) return own;
  const spec = specs.find((s) => s.api === op.api && s.version === op.version);
  const any = spec?.operations.flatMap((o) => o.scopes.flat())[0];
  return any ? [any] : [];
}

for (const spec of specs) {
  describe(`${spec.api} ${spec.version} (spec-derived)`, () => {
    for (const op of spec.operations) {
      const common = { api: op.api, version: op.version, operationId: op.operationId, layer: "spec-derived" as const };
      const tokenFor = (t: ScenarioContext) => {
        const base = wellFormedRequest(op, t.target);
        return { scopes: scopesOf(op), subscriber: base.subscriber, networkAuth: base.networkAuth };
      };

      scenario(
        { ...common, id: idOf(op, "401_no_token"), title: `${op.operationId} without Authorization`, rule: "Design guide: a missing token gives 401 UNAUTHENTICATED" },
        async (t) => {
          const { authorization: _, ...headers } = await t.headers("unused");
          t.expectError(await send(t, op, headers), 401, "UNAUTHENTICATED");
        },
      );

      scenario(
        { ...common, id: idOf(op, "401_malformed_token"), title: `${op.operationId} with a malformed token`, rule: "Design guide: an invalid token gives 401 UNAUTHENTICATED" },
        async (t) => {
          t.expectError(await send(t, op, await t.headers("not-a-valid-token")), 401, "UNAUTHENTICATED");
        },
      );

      scenario(
        { ...common, id: idOf(op, "401_expired_token"), title: `${op.operationId} with an expired token`, rule: "Design guide: an expired token gives 401 UNAUTHENTICATED" },
        async (t) => {
          const token = await t.token({ ...tokenFor(t), expired: true });
          t.expectError(await send(t, op, await t.headers(token)), 401, "UNAUTHENTICATED");
        },
      );

      if (op.errorCodes.get(403)?.has("PERMISSION_DENIED") && scopesOf(op).length > 0) {
        scenario(
          { ...common, id: idOf(op, "403_missing_scope"), title: `${op.operationId} with a token lacking ${scopesOf(op).join(" ")}`, rule: "Design guide: a token without the operation's scope gives 403 PERMISSION_DENIED" },
          async (t) => {
            const headers = await t.headers({ scopes: [foreignScope(op, releaseSpecs)], subscriber: wellFormedRequest(op, t.target).subscriber });
            t.expectError(await send(t, op, headers), 403, "PERMISSION_DENIED");
          },
        );
      }

      if (op.errorCodes.get(400)?.has("INVALID_ARGUMENT")) {
        scenario(
          { ...common, id: idOf(op, "400_invalid_x-correlator"), title: `${op.operationId} with an x-correlator outside the pattern`, rule: "Design guide 5.8.5: an invalid x-correlator gives 400 INVALID_ARGUMENT" },
          async (t) => {
            const headers = await t.headers(tokenFor(t), { "x-correlator": "not valid: contains spaces & symbols!" });
            t.expectError(await send(t, op, headers), 400, "INVALID_ARGUMENT");
          },
        );
      }

      if (op.errorCodes.get(429)?.has("TOO_MANY_REQUESTS")) {
        scenario(
          { ...common, id: idOf(op, "429_too_many_requests"), title: `${op.operationId} beyond the client's rate limit`, rule: "Design guide: requests over the rate limit give 429 TOO_MANY_REQUESTS" },
          async (t: ScenarioContext) => {
            const throttled = t.target.auth.throttled;
            t.require(throttled, "the target configuration names no rate-limited client (auth.throttledClient)");
            t.require(!cleanupOf(op), "not sent at the rate limit: it would create resources; the limiter is exercised on this API's other operations");
            const base = wellFormedRequest(op, t.target);
            const headers = await t.headers({ scopes: scopesOf(op), subscriber: base.subscriber, networkAuth: base.networkAuth, throttled: true });
            // enough requests that one one-second window must overflow, even across a window boundary
            let last = await send(t, op, headers);
            for (let i = 0; i < 2 * throttled.rateLimitPerSecond + 2 && last.response.status !== 429; i++) last = await send(t, op, headers);
            t.expectError(last, 429, "TOO_MANY_REQUESTS");
          },
        );
      }

      scenario(
        { ...common, id: idOf(op, "x-correlator_echoed"), title: `${op.operationId} echoes x-correlator`, rule: "Design guide 5.8.5: the x-correlator sent is echoed unchanged" },
        async (t) => {
          const headers = await t.headers(tokenFor(t));
          const answer = await send(t, op, headers);
          expect(answer.response.headers.get("x-correlator"), "x-correlator echoed").toBe(headers["x-correlator"]);
          await cleanupCreated(t, op, answer);
        },
      );

      if (op.requestBody?.schema && op.errorCodes.get(400)?.has("INVALID_ARGUMENT")) {
        const codes = ["INVALID_ARGUMENT", ...(op.errorCodes.get(400)?.has("OUT_OF_RANGE") ? ["OUT_OF_RANGE"] : [])];

        scenario(
          { ...common, id: idOf(op, "400_malformed_json"), title: `${op.operationId} with a body that is not JSON`, rule: "Design guide: a malformed body gives 400 INVALID_ARGUMENT" },
          async (t) => {
            t.expectError(await send(t, op, await t.headers(tokenFor(t)), "{not json"), 400, "INVALID_ARGUMENT");
          },
        );

        if (op.requestBody.required) {
          scenario(
            { ...common, id: idOf(op, "400_missing_body"), title: `${op.operationId} without a body`, rule: "Design guide: a required body that is missing gives 400 INVALID_ARGUMENT" },
            async (t) => {
              t.expectError(await send(t, op, await t.headers(tokenFor(t)), ""), 400, "INVALID_ARGUMENT");
            },
          );
        }

        const sample = wellFormedRequest(op, target);
        if (!sample.unavailable && sample.body !== undefined) {
          for (const m of bodyMutations(op.requestBody.schema, sample.body, target.seed, MUTATIONS_PER_OPERATION)) {
            scenario(
              { ...common, id: idOf(op, `400_schema_${m.name}`), title: `${op.operationId}: ${m.description}`, rule: "Design guide: a body violating the schema gives 400 INVALID_ARGUMENT (OUT_OF_RANGE for ranges)" },
              async (t) => {
                const answer = await send(t, op, await t.headers(tokenFor(t)), JSON.stringify(m.body));
                if (m.phoneNumber && op.errorCodes.get(422)?.has("INVALID_PHONE_NUMBER") && answer.response.status === 422) {
                  t.expectError(answer, 422, "INVALID_PHONE_NUMBER");
                } else t.expectError(answer, 400, m.range ? codes : "INVALID_ARGUMENT");
              },
            );
          }
          const extra = RELEASE_RULES[releaseOfApi(target.release, op.api)]?.strictRequestBodies ? withUndeclaredProperty(sample.body) : undefined;
          if (extra) {
            scenario(
              { ...common, id: idOf(op, "400_undeclared_property"), title: `${op.operationId} with an undeclared property (${extra.where})`, rule: "Commonalities 0.8 request body strictness: an undeclared property at any nesting level gives 400 INVALID_ARGUMENT" },
              async (t) => {
                t.expectError(await send(t, op, await t.headers(tokenFor(t)), JSON.stringify(extra.body)), 400, "INVALID_ARGUMENT");
              },
            );
          }
        }
      }
    }
  });
}
