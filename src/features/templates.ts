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
import { effective } from "../openapi/schema-view.ts";
import type { OperationSpec } from "../openapi/operations.ts";
import { identifiesSubject } from "../target/default-body.ts";
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

/** Every string of every `enum` in a spec: event types, codes, statuses it defines. */
export function enumValues(doc: unknown, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (!doc || typeof doc !== "object" || seen.has(doc)) return out;
  seen.add(doc);
  if (Array.isArray(doc)) {
    for (const d of doc) enumValues(d, out, seen);
    return out;
  }
  for (const [k, v] of Object.entries(doc)) {
    if (k === "enum" && Array.isArray(v)) {
      for (const e of v) if (typeof e === "string") out.add(e);
    } else {
      enumValues(v, out, seen);
    }
  }
  return out;
}

function discriminated(schema: unknown): boolean {
  const s = schema as { discriminator?: unknown; allOf?: unknown[] } | undefined;
  return Boolean(s?.discriminator) || (s?.allOf ?? []).some(discriminated);
}

/** Whether a property path (`$.config.initialEvent`) exists in a request body schema. */
export function schemaHasPath(schema: unknown, path: string): boolean {
  let node = schema as Record<string, unknown> | undefined;
  for (const [i, name] of path.replace(/^\$\.?/, "").split(".").filter(Boolean).entries()) {
    // `ranges.from`: a name after an array applies to its items
    while (node && (effective(node).type === "array" || effective(node).items)) node = effective(node).items as Record<string, unknown> | undefined;
    // a discriminated schema (SinkCredential) keeps its variants' properties out of reach: assume present
    if (i > 0 && discriminated(node)) return true;
    const props = effective(node).properties as Record<string, Record<string, unknown>> | undefined;
    const variants = [...((effective(node).oneOf as unknown[]) ?? []), ...((effective(node).anyOf as unknown[]) ?? [])];
    node = props?.[name] ?? variants.map((v) => (effective(v as Record<string, unknown>).properties as Record<string, Record<string, unknown>> | undefined)?.[name]).find(Boolean);
    if (!node) return false;
  }
  return true;
}

/** Values the event-subscription template's placeholders take for one explicit-subscription API. */
function subscriptionValues(op: OperationSpec, specs: SpecIndex): { prefix: string; version: string; eventType: string; enums: Set<string> } {
  const enums = enumValues(specs.api(op.api)?.doc);
  const ours = [...enums].filter((e) => e.startsWith(`org.camaraproject.${op.api}.v`));
  const version = /\.v(\d+)\./.exec(ours[0] ?? "")?.[1] ?? "0";
  const eventType = ours.map((e) => e.split(".").pop()!).find((n) => !n.startsWith("subscription-")) ?? "<event-type>";
  return { prefix: op.api.replace(/-subscriptions$/, ""), version, eventType, enums };
}

function substituteSubscription(text: string, op: OperationSpec, specs: SpecIndex, v: ReturnType<typeof subscriptionValues>, tag = false): string {
  const opIds = specs.api(op.api)?.operations.map((o) => o.operationId) ?? [];
  return text
    .replace(/\{apiroot\}\/<xxx>-subscriptions\/vwip\/?/gi, op.basePath)
    .replace(/\b(create|retrieve|delete)<xxx>Subscription(List)?\b/g, (all, verb: string, list: string | undefined) =>
      opIds.find((id) => new RegExp(`^${verb}\\w*Subscription${list ?? ""}$`).test(id)) ?? all,
    )
    .replace(/<xxx>-subscriptions/g, op.api)
    .replace(/<x>/g, v.version)
    .replace(/<event-type>/g, v.eventType)
    .replace(/<xxx>/g, tag ? v.prefix.replace(/-/g, "_") : v.prefix);
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
    const m = /^the response (?:status )?code is "?(\d{3})"?$/i.exec(st.text.replace(/\s+/g, " ").trim());
    if (m) status = Number(m[1]);
    const c = /^the response property "\$\.code" is (.+)$/i.exec(st.text.trim());
    if (c) codes.push(...[...c[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]));
  }
  return { status, codes };
}

/** A request body property the scenario sets or removes that the operation's schema does not have. */
export function unknownBodyProperty(op: OperationSpec, s: FeatureScenario): string | undefined {
  for (const st of s.steps) {
    const m = /request body propert(?:y|ies) "(\$\.[\w.]+)"/i.exec(st.text);
    if (m && !schemaHasPath(op.requestBody?.schema, m[1])) return `the request body of ${op.operationId} (${op.api} ${op.version}) has no property ${m[1]}`;
  }
  return undefined;
}

/** Why the operation cannot give what the scenario expects: a (status, code) its spec does not document. */
export function undocumentedExpectation(op: OperationSpec, s: FeatureScenario): string | undefined {
  const { status, codes } = expectations(s);
  if (status === undefined) return undefined;
  const r = op.responses;
  if (!(r[String(status)] ?? r[`${String(status)[0]}XX`] ?? r.default)) return `${op.operationId} (${op.api} ${op.version}) documents no ${status} answer`;
  // a spec that does not narrow the codes of that status (older releases) cannot rule a code out
  const documented = op.errorCodes.get(status);
  if (codes.length > 0 && documented && documented.size > 0 && !codes.some((c) => documented.has(c))) {
    return `${op.operationId} (${op.api} ${op.version}) documents no ${status} ${codes.join(" or ")}`;
  }
  return undefined;
}

function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\{(operationId|feature_identifier|path_to_device|path_to_phoneNumber|value)\}|<requestSchema>/g, (all, name: string | undefined) =>
    values[name ?? "requestSchema"] ?? all,
  );
}

function whyNotApplicable(instanceOp: OperationSpec, s: FeatureScenario, specs: SpecIndex, enums?: Set<string>): string | undefined {
  // the operation the scenario sends, when it names one of the API's (retrieve/delete in the event template)
  const sent = s.steps.map((st) => /^the request "([^"]+)" is sent$/.exec(st.text.trim())?.[1]).find(Boolean);
  const op = (sent && specs.operation(instanceOp.api, sent)) || instanceOp;
  const undocumented = undocumentedExpectation(op, s);
  if (undocumented) return undocumented;
  for (const st of s.steps) {
    const m = /"(\$\.[\w.]+)"/.exec(st.text);
    if (m && /request (?:body )?property|with (?:the )?property/i.test(st.text) && !schemaHasPath(op.requestBody?.schema, m[1])) {
      return `the request body of ${op.operationId} (${op.api} ${op.version}) has no property ${m[1]}`;
    }
    const type = /^type="([^"]+)"$/.exec(st.text.trim())?.[1] ?? /event notification "([^"]+)" is received/.exec(st.text)?.[1];
    if (type && enums && /[.-]/.test(type)) {
      const full = type.includes(".") ? type : [...enums].find((e) => e.startsWith(`org.camaraproject.${op.api}.`) && e.endsWith(`.${type}`));
      if (!full || !enums.has(full)) return `${op.api} ${op.version} defines no ${type} event`;
    }
  }
  if (s.steps.some((st) => /^the request body is set to "?\{\}"?$/i.test(st.text.trim())) && op.requestBody?.schema) {
    if (validatorFor(op.requestBody.schema)({})) return `{} is a valid request body for ${op.operationId}`;
  }
  return undefined;
}

/** Every scenario of the template for every operation it applies to. */
export function instantiateTemplate(file: FeatureFile, kind: TemplateKind, specs: SpecIndex, apis: string[]): TemplateInstance[] {
  const out: TemplateInstance[] = [];
  if (kind === "event-subscription") {
    for (const op of templateOperations(kind, specs, apis)) {
      const v = subscriptionValues(op, specs);
      for (const s of file.scenarios) {
        const scenario: FeatureScenario = {
          ...s,
          tags: s.tags.map((t) => substituteSubscription(t, op, specs, v, true)),
          steps: [synthetic(`the header "Content-Type" is set to "application/json"`), ...s.steps.map((st) => ({ ...st, text: substituteSubscription(st.text, op, specs, v) }))],
        };
        out.push({ op, scenario, notApplicable: whyNotApplicable(op, scenario, specs, v.enums) });
      }
    }
    return out;
  }
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
        out.push({ op, scenario, notApplicable: whyNotApplicable(op, scenario, specs) });
      }
    }
  }
  return out;
}
