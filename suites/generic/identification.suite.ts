/**
 * Identification layer (the Commonalities C01/C02 matrices): for every operation that takes a
 * `device` or a `phoneNumber` in its body, what the release requires when the identifier is sent with
 * a 3-legged token (the same subject, another subject), left out with a 2-legged token, unknown, or
 * given as two identifiers of two devices. Expectations come from the release's Commonalities
 * version (src/conformance/identification-expectations.ts), so the same scenarios tell releases apart.
 */
import { describe, expect, inject } from "vitest";
import { identificationExpectations, type Outcome } from "../../src/conformance/identification-expectations.ts";
import type { TestSubscriber } from "../../src/target/target.ts";
import { loadReleaseSpecs, moduleOf } from "../../src/apis/registry.ts";
import type { OperationSpec } from "../../src/openapi/operations.ts";
import type { ApiAnswer, ScenarioContext } from "../support/context.ts";
import { rawRequest } from "../support/raw.ts";
import { cleanupOf, wellFormedRequest } from "../../src/target/well-formed.ts";
import { scenario } from "../support/scenario.ts";

const target = inject("target");
const specs = (await loadReleaseSpecs(target.release, target.specsDir)).filter((s) => target.apis.includes(s.api));

type Kind = "device" | "phoneNumber";

function identifierKind(op: OperationSpec): Kind | undefined {
  // a phoneNumber that is data of the operation (a consent's subscriber), not the subject to identify
  if (moduleOf(op.api)?.notIdentifying?.includes(op.operationId)) return undefined;
  const schema = op.requestBody?.schema as { properties?: Record<string, unknown>; allOf?: { properties?: Record<string, unknown> }[] } | undefined;
  const props = { ...(schema?.properties ?? {}), ...Object.assign({}, ...(schema?.allOf ?? []).map((p) => p.properties ?? {})) };
  if ("device" in props) return "device";
  if ("phoneNumber" in props && op.api !== "number-verification") return "phoneNumber";
  return undefined;
}

function identifierOf(kind: Kind, s: TestSubscriber): Record<string, unknown> {
  return kind === "device" ? { device: { phoneNumber: s.phoneNumber } } : { phoneNumber: s.phoneNumber };
}

function withIdentifier(op: OperationSpec, kind: Kind, identifier: Record<string, unknown> | undefined, t: ScenarioContext) {
  const base = wellFormedRequest(op, t.target);
  t.require(!base.unavailable, base.unavailable ?? "");
  const body = { ...(base.body as Record<string, unknown>) };
  delete body[kind];
  return { path: base.path, body: { ...body, ...(identifier ?? {}) } };
}

function send(t: ScenarioContext, op: OperationSpec, headers: Record<string, string>, request: { path: string; body: unknown }) {
  return rawRequest(t, { method: op.method, url: t.url(op.api, op.basePath, request.path), headers, body: request.body });
}

/** Checks the outcome; an accepted create is deleted again with the same kind of token. */
async function expectOutcome(t: ScenarioContext, op: OperationSpec, answer: ApiAnswer, outcome: Outcome, deleteHeaders: Record<string, string>) {
  if ("accepted" in outcome) {
    // a read by device may find the device identified but holding no resource: 404 NOT_FOUND
    // (not IDENTIFIER_NOT_FOUND) where the operation documents it, e.g. getQosAssignmentByDevice
    const code = ((answer.error ?? answer.data) as { code?: string } | undefined)?.code;
    if (answer.response.status === 404 && code === "NOT_FOUND" && op.errorCodes.get(404)?.has("NOT_FOUND") && !cleanupOf(op)) {
      t.expectError(answer, 404, "NOT_FOUND");
      return;
    }
    expect(answer.response.status, `accepted (2xx), body ${JSON.stringify(answer.data)?.slice(0, 200)}`).toBeGreaterThanOrEqual(200);
    expect(answer.response.status).toBeLessThan(300);
    // what an accepted create made is deleted (the module says how), with the same kind of token
    const path = cleanupOf(op)?.path((answer.data ?? {}) as Record<string, unknown>);
    if (path) t.cleanup(() => t.fetch(t.url(op.api, op.basePath, path), { method: "DELETE", headers: deleteHeaders }));
    return;
  }
  t.expectError(answer, outcome.status, outcome.codes);
}

function describeOutcome(o: Outcome): string {
  return "accepted" in o ? "is accepted" : `gives ${o.status} ${o.codes.join(" or ")}`;
}

for (const spec of specs) {
  describe(`${spec.api} ${spec.version} (identification)`, () => {
    for (const op of spec.operations) {
      const kind = identifierKind(op);
      const expected = identificationExpectations(target.release, op.api);
      if (!kind || !expected) continue;
      const optional = op.operationId === "retrieveQoSProfiles"; // the device is an optional filter there
      const common = { api: op.api, version: op.version, operationId: op.operationId, layer: "spec-derived" as const };
      const id = (suffix: string) => `${op.api.replace(/-/g, "_")}_${op.operationId}_identification_${suffix}`;
      const rule = (what: string, o: Outcome) => `Commonalities ${expected.commonalities}: ${what} ${describeOutcome(o)}`;
      const scopes = op.scopes.find((alternative) => alternative.length > 0) ?? [];
      // only what a create made needs deleting, with the scopes its module names; other operations create nothing
      const deleteScopes = cleanupOf(op)?.scopes ?? scopes;

      scenario(
        { ...common, id: id("3legged_same_identifier"), title: `${op.operationId}: 3-legged token and the same subscriber's ${kind}`, rule: rule(`a ${kind} sent with a 3-legged token for the same subscriber`, expected.sameIdentifierWithToken) },
        async (t: ScenarioContext) => {
          const plain = t.subscriber("plain");
          const headers = await t.headers({ scopes, subscriber: plain });
          const del = await t.headers({ scopes: deleteScopes, subscriber: plain });
          const answer = await send(t, op, headers, withIdentifier(op, kind, identifierOf(kind, plain), t));
          await expectOutcome(t, op, answer, expected.sameIdentifierWithToken, del);
        },
      );

      scenario(
        { ...common, id: id("3legged_other_identifier"), title: `${op.operationId}: 3-legged token and another subscriber's ${kind}`, rule: rule(`a ${kind} of another subscriber sent with a 3-legged token`, expected.otherIdentifierWithToken) },
        async (t: ScenarioContext) => {
          const [plain, other] = [t.subscriber("plain"), t.subscriber("plain2")];
          const headers = await t.headers({ scopes, subscriber: plain });
          const del = await t.headers({ scopes: deleteScopes, subscriber: plain });
          const answer = await send(t, op, headers, withIdentifier(op, kind, identifierOf(kind, other), t));
          await expectOutcome(t, op, answer, expected.otherIdentifierWithToken, del);
        },
      );

      if (!optional) {
        scenario(
          { ...common, id: id("2legged_missing_identifier"), title: `${op.operationId}: 2-legged token without ${kind}`, rule: rule(`no ${kind} with a 2-legged token`, expected.missing) },
          async (t: ScenarioContext) => {
            const headers = await t.headers({ scopes });
            t.expectError(await send(t, op, headers, withIdentifier(op, kind, undefined, t)), (expected.missing as { status: number }).status, (expected.missing as { codes: string[] }).codes);
          },
        );
      }

      scenario(
        { ...common, id: id("2legged_unknown_identifier"), title: `${op.operationId}: 2-legged token and an unknown ${kind}`, rule: rule(`a schema-valid ${kind} unknown to the operator`, expected.unknown) },
        async (t: ScenarioContext) => {
          const headers = await t.headers({ scopes });
          const answer = await send(t, op, headers, withIdentifier(op, kind, identifierOf(kind, t.target.subscribers.unknown), t));
          await expectOutcome(t, op, answer, expected.unknown, headers);
        },
      );

      if (kind === "device") {
        scenario(
          { ...common, id: id("2legged_identifiers_of_two_devices"), title: `${op.operationId}: 2-legged token and identifiers of two different devices`, rule: rule("identifiers of two different devices", expected.mismatch) },
          async (t: ScenarioContext) => {
            const [plain, other] = [t.subscriber("plain"), t.subscriber("plain2")];
            t.require(other.device?.ipv4Address, "the 'plain2' test subscriber has no IPv4 address to combine with another's phone number");
            const headers = await t.headers({ scopes });
            const del = await t.headers({ scopes: deleteScopes });
            const device = { phoneNumber: plain.phoneNumber, ipv4Address: other.device!.ipv4Address };
            const answer = await send(t, op, headers, withIdentifier(op, kind, { device }, t));
            await expectOutcome(t, op, answer, expected.mismatch, del);
            if ("accepted" in expected.mismatch && answer.data && typeof answer.data === "object" && "device" in answer.data) {
              expect(Object.keys((answer.data as { device: object }).device), "one identifier echoed").toHaveLength(1);
            }
          },
        );
      }
    }
  });
}
