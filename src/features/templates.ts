/**
 * Commonalities test templates (C01 device errors, C02 phone number errors, the 400 syntax-error
 * template) are not runnable as written: they name `{operationId}`, `{path_to_device}` and
 * `{feature_identifier}` and have no Background. "Where applicable" they are instantiated once per
 * operation of the selected APIs that has the input they test (a `device`, a phone number that
 * identifies the subject, a request body), with the usual Background in front (resource, token,
 * x-correlator, Content-Type, default body). A template scenario expecting a (status, code) the
 * operation does not document is skipped for that operation, as the Testing Guidelines forbid
 * testing undocumented statuses. The event-subscription template applies to explicit-subscription
 * APIs only.
 */
import { effective } from "../conformance/mutations.ts";
import type { OperationSpec } from "../spec/operations.ts";
import { identifiesSubject } from "./default-body.ts";
import type { FeatureFile, FeatureScenario, FeatureStep } from "./model.ts";
import { validatorFor } from "./schema-validation.ts";
import type { SpecIndex } from "./spec-index.ts";

export type TemplateKind = "device-errors" | "phone-number-errors" | "syntax-errors" | "event-subscription";

export function templateKind(file: FeatureFile): TemplateKind | undefined {
  const text = file.scenarios.flatMap((s) => [...s.tags, ...s.steps.map((st) => st.text)]).join("\n");
  if (text.includes("{path_to_device}")) return "device-errors";
  if (text.includes("{path_to_phoneNumber}")) return "phone-number-errors";
  if (text.includes("{operationId}") || text.includes("{feature_identifier}")) return "syntax-errors";
  if (/<xxx>/.test(text) && /subscription/i.test(file.name)) return "event-subscription";
  return undefined;
}

export interface TemplateInstance {
  op: OperationSpec;
  scenario: FeatureScenario;
  /** why this template scenario does not apply to this operation */
  notApplicable?: string;
}

function bodyProperties(op: OperationSpec): Record<string, unknown> {
  return (effective(op.requestBody?.schema as Record<string, unknown> | undefined).properties ?? {}) as Record<string, unknown>;
}

function requiredProperties(op: OperationSpec): string[] {
  return (effective(op.requestBody?.schema as Record<string, unknown> | undefined).required ?? []) as string[];
}

/** The operations a template applies to, among the given APIs. */
export function templateOperations(kind: TemplateKind, specs: SpecIndex, apis: string[]): OperationSpec[] {
  const ops = specs.apis().filter((s) => apis.includes(s.api)).flatMap((s) => s.operations);
  switch (kind) {
    case "device-errors":
      return ops.filter((op) => "device" in bodyProperties(op));
    case "phone-number-errors":
      return ops.filter((op) => "phoneNumber" in bodyProperties(op) && identifiesSubject(op));
    case "syntax-errors":
      return ops.filter((op) => op.requestBody !== undefined);
    case "event-subscription":
      return ops.filter((op) => op.api.endsWith("-subscriptions") && op.method === "POST" && op.responses["201"]);
  }
}

function synthetic(text: string): FeatureStep {
  return { keyword: "Given ", type: "context", text, line: 0, fromBackground: true };
}

/** The Background a template assumes ("other properties ... set by default to a valid value"). */
function implicitBackground(op: OperationSpec): FeatureStep[] {
  const steps = [
    synthetic(`the resource "${op.basePath}${op.path}"`),
    synthetic(`the header "Content-Type" is set to "application/json"`),
    synthetic(`the header "Authorization" is set to a valid access token`),
    synthetic(`the header "x-correlator" complies with the schema at "#/components/schemas/XCorrelator"`),
  ];
  if (op.requestBody) steps.push(synthetic("the request body is set by default to a request body compliant with the schema"));
  for (const m of op.path.matchAll(/\{([^}]+)\}/g)) steps.push(synthetic(`the path parameter "${m[1]}" is set by default to an existing resource`));
  return steps;
}

/** (status, codes) a scenario expects, read from its steps. */
function expectations(s: FeatureScenario): { status?: number; codes: string[] } {
  let status: number | undefined;
  const codes: string[] = [];
  for (const st of s.steps) {
    const m = /^the response status code is "?(\d{3})"?$/i.exec(st.text.trim());
    if (m) status = Number(m[1]);
    const c = /^the response property "\$\.code" is (.+)$/i.exec(st.text.trim());
    if (c) codes.push(...[...c[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]));
  }
  return { status, codes };
}

function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\{(operationId|feature_identifier|path_to_device|path_to_phoneNumber|value)\}|<requestSchema>/g, (all, name: string | undefined) =>
    values[name ?? "requestSchema"] ?? all,
  );
}

function whyNotApplicable(op: OperationSpec, s: FeatureScenario): string | undefined {
  const { status, codes } = expectations(s);
  if (status !== undefined && codes.length > 0 && !codes.some((c) => op.errorCodes.get(status)?.has(c))) {
    return `${op.operationId} (${op.api} ${op.version}) documents no ${status} ${codes.join(" or ")}`;
  }
  const props = bodyProperties(op);
  for (const st of s.steps) {
    const m = /request body property\s+"\$\.([A-Za-z]+)/.exec(st.text);
    if (m && !(m[1] in props)) return `the request body of ${op.operationId} has no property ${m[1]}`;
  }
  if (s.steps.some((st) => /^the request body is set to "?\{\}"?$/i.test(st.text.trim())) && op.requestBody?.schema) {
    if (validatorFor(op.requestBody.schema)({})) return `{} is a valid request body for ${op.operationId}`;
  }
  return undefined;
}

/** Every scenario of the template for every operation it applies to. */
export function instantiateTemplate(file: FeatureFile, kind: TemplateKind, specs: SpecIndex, apis: string[]): TemplateInstance[] {
  const out: TemplateInstance[] = [];
  for (const op of templateOperations(kind, specs, apis)) {
    const apiId = op.api.replace(/-/g, "_");
    const base: Record<string, string> = {
      operationId: op.operationId,
      path_to_device: "$.device",
      path_to_phoneNumber: "$.phoneNumber",
      requestSchema: specs.requestSchemaName(op) ?? "",
    };
    for (const s of file.scenarios) {
      const tagHasOp = s.tags.some((t) => t.includes("{operationId}"));
      const values = { ...base, feature_identifier: tagHasOp ? apiId : `${apiId}_${op.operationId}` };
      const rows = s.steps.some((st) => st.text.includes("{value}")) ? requiredProperties(op).map((p) => `$.${p}`) : [undefined];
      if (rows.length === 0) {
        const scenario = { ...s, tags: s.tags.map((t) => substitute(t, values)), steps: [...implicitBackground(op), ...s.steps] };
        out.push({ op, scenario, notApplicable: `the request body of ${op.operationId} has no required property` });
        continue;
      }
      for (const row of rows) {
        const v = row ? { ...values, value: row } : values;
        const scenario: FeatureScenario = {
          ...s,
          tags: s.tags.map((t) => substitute(t, v)),
          steps: [...implicitBackground(op), ...s.steps.map((st) => ({ ...st, text: substitute(st.text, v) }))],
          example: row
            ? { line: s.example?.line ?? s.line, values: { required_property: row } }
            : s.example && { ...s.example, values: Object.fromEntries(Object.entries(s.example.values).map(([k, x]) => [k, substitute(x, v)])) },
        };
        out.push({ op, scenario, notApplicable: whyNotApplicable(op, scenario) });
      }
    }
  }
  return out;
}
