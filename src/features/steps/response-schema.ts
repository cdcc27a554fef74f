/**
 * Response validation, second part: schema compliance resolved against our specs ("the response body
 * complies with the OAS schema at ..."), arrays of items, empty arrays. A schema the spec does not
 * define, or a body expected on an answer the spec defines without content, is a contradiction of
 * the test definition; "the response array" said of a single object is tolerated with a note.
 */
import { fail } from "../outcome.ts";
import { schemaProblem } from "../schema-validation.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";
import { brief, hasNoContent, responseValues } from "./response-helpers.ts";
import { normalisePath } from "../json-path.ts";

function schemaOf(world: World, ref: string) {
  const r = world.received();
  const found = world.runtime.specs.schema(r.op.api, ref);
  if (!found) {
    world.contradiction(`names the schema "${ref}", which the spec of ${r.op.api} ${r.op.version} does not define`);
    return undefined;
  }
  return found;
}

function expectSchema(world: World, ref: string, value: unknown, what = "the response body"): void {
  const r = world.received();
  if (what === "the response body" && r.text === "" && hasNoContent(r.op, r.status)) {
    world.contradiction(`expects a body compliant with ${ref} on the ${r.status} answer of ${r.op.operationId}, which the spec defines without content`);
    return;
  }
  const found = schemaOf(world, ref);
  if (!found) return;
  const problem = schemaProblem(found.schema, value);
  if (problem) fail(`${what} does not comply with ${found.name}: ${problem}`, found.name, brief(JSON.stringify(value) ?? "(no body)"));
}

function items(world: World, ref: string | undefined): unknown[] {
  const body = world.received().body;
  if (Array.isArray(body)) return body;
  if (body !== undefined && typeof body === "object") {
    world.note(`the test definition speaks of "the response array", but ${world.received().op.operationId} answers one object: checked as the only item (tolerated)`);
    return [body];
  }
  return fail(`the response body is not an array${ref ? ` of ${ref}` : ""}`, "an array", brief(world.received().text));
}

export const responseSchemaSteps: StepDef[] = [
  {
    name: "response.schema",
    concept: "response",
    patterns: [/^the response body complies with the OAS schema at "([^"]+)"$/i],
    run: (world, [ref]) => expectSchema(world, ref, world.received().body),
  },
  {
    name: "response.schema-of-operation",
    concept: "response",
    patterns: [/^the response body complies with the OAS schema for this operation and status code$/i],
    run(world) {
      const r = world.received();
      const schema = r.op.responses[String(r.status)]?.content["application/json"];
      if (!schema) fail(`${r.op.operationId} documents no JSON body for ${r.status}`, "a documented JSON answer", r.status);
      const problem = schemaProblem(schema, r.body);
      if (problem) fail(`the response body does not comply with the schema of ${r.op.operationId} ${r.status}: ${problem}`);
    },
  },
  {
    name: "response.schema-each-item",
    concept: "response",
    patterns: [
      /^each item of the response array(, if any,)? complies with the OAS schema at "([^"]+)"$/i,
      /^the response body has an array of items and each item complies with the OAS schema at "([^"]+)"$/i,
      /^the response body complies with an array of OAS schema defined at "([^"]+)"$/i,
    ],
    run(world, args) {
      const ref = args[args.length - 1];
      const list = items(world, ref);
      list.forEach((item, i) => expectSchema(world, ref, item, `item ${i} of the response`));
    },
  },
  {
    name: "response.schema-single-item",
    concept: "response",
    patterns: [/^the response array has only one item which complies with the OAS schema at "([^"]+)"$/i],
    run(world, [ref]) {
      const list = items(world, ref);
      if (list.length !== 1) fail("the response array does not have exactly one item", 1, list.length);
      expectSchema(world, ref, list[0], "the only item of the response");
    },
  },
  {
    name: "response.schema-if-status",
    concept: "response",
    patterns: [/^if the response property "\$\.status" is (\d{3}) then the response body complies with the OAS schema at "([^"]+)"$/i],
    run(world, [n, ref]) {
      if (world.received().status === Number(n)) expectSchema(world, ref, world.received().body);
    },
  },
  {
    name: "response.no-body-if-status",
    concept: "response",
    patterns: [/^if the response property "\$\.status" is (\d{3}) then the response body is not available$/i],
    run(world, [n]) {
      const r = world.received();
      if (r.status === Number(n) && r.text !== "") fail(`the ${n} answer has a body`, "(no body)", brief(r.text));
    },
  },
  {
    name: "response.items-property-equal",
    concept: "response",
    patterns: [/^each item of the response array, if any, has property "([^"]+)" equal to "?([^"]+?)"?$/i],
    run(world, [path, value]) {
      const values = responseValues(world, path.startsWith("$[") ? path : `$[*]${normalisePath(path).slice(1)}`);
      const wrong = values.filter((v) => v !== value);
      if (wrong.length > 0) fail(`items of the response have ${path} other than ${value}`, value, wrong[0]);
    },
  },
  {
    name: "response.empty-array",
    concept: "response",
    patterns: [/^the response body is (?:\[\]|an empty array|an empty list)$/i],
    run(world) {
      const body = world.received().body;
      if (!Array.isArray(body) || body.length > 0) fail("the response body is not an empty array", "[]", brief(world.received().text));
    },
  },
];
