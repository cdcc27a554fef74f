/**
 * Request setup (API-Testing-Guidelines "Background section" and "Request setup"): the environment,
 * the resource, headers, x-correlator, path and query parameters. The resource names the API and the
 * path; nothing here sends a request.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { NETWORK_AUTHENTICATED_APIS } from "../../target/default-body.ts";
import { skip } from "../outcome.ts";
import { parseResource } from "../spec-index.ts";
import type { World } from "../world.ts";
import type { StepDef } from "./registry.ts";

/** An x-correlator outside ^[a-zA-Z0-9-_:;.\/<>{}]{0,256}$ (Commonalities design guide 5.8.5). */
export const INVALID_CORRELATOR = "not valid: contains spaces & symbols!";

function tableRows(world: World, rows: string[][] | undefined, set: (name: string, value: string) => void): void {
  if (!rows) throw new Error("the step needs a data table");
  for (const [name, value] of rows.slice(1)) if (name !== undefined) set(name, value ?? "");
  void world;
}

function setResource(world: World, raw: string): void {
  let ref = parseResource(raw);
  if (!ref) skip(`the resource "${raw}" is a template placeholder, not a path of an API`);
  const owner = world.runtime.specs.api(ref.api) ? undefined : world.runtime.specs.apiServing(ref.api);
  if (owner) {
    world.note(`defect of the test definition: the resource "${raw.trim()}" names the operation path /${ref.api} as an API; it belongs to ${owner}`);
    ref = { ...ref, api: owner };
  }
  world.resource = ref;
  if (NETWORK_AUTHENTICATED_APIS.has(ref.api)) world.networkAuth = true;
}

/** The QoS profile a profile step means: the one a step picked, else the target's ACTIVE one. */
export function profileName(world: World): string {
  const picked = world.memory.get("profile");
  if (typeof picked === "string") return picked;
  const name = world.target.qosProfiles.active;
  if (!name) skip("the target configuration names no ACTIVE QoS profile (qosProfiles.active)");
  return name;
}

export const requestSetupSteps: StepDef[] = [
  {
    name: "setup.environment",
    concept: "setup",
    patterns: [/^an environment at "([^"]*)"$/i, /^use base ?url$/i],
    run() {
      // apiRoot comes from the target configuration
    },
  },
  {
    name: "setup.resource",
    concept: "setup",
    patterns: [/^the resource "([^"]+)"(?: as .*base[ -]?url)?(?: *\|)?$/i],
    run: (world, [raw]) => setResource(world, raw),
  },
  {
    name: "setup.correlator-valid",
    concept: "setup",
    patterns: [
      /^the header "x-correlator" complies with the schema at "[^"]*"$/i,
      /^the header "x-correlator" is set to a (?:valid )?UUID(?: value)?$/i,
    ],
    run(world) {
      world.correlator = { value: randomUUID(), valid: true };
    },
  },
  {
    name: "setup.correlator-invalid",
    concept: "setup",
    patterns: [
      /^the header "x-correlator" does not comply with the schema at "[^"]*"$/i,
      /^the header "x-correlator" is set to a value which is not compliant with the schema at "[^"]*"$/i,
    ],
    run(world) {
      world.correlator = { value: INVALID_CORRELATOR, valid: false };
    },
  },
  {
    name: "setup.header",
    concept: "setup",
    patterns: [/^the header "((?!authorization")[^"]+)" is set (?:to|as) "([^"]*)"$/i],
    run(world, [name, value]) {
      if (name.toLowerCase() === "x-correlator") world.correlator = { value, valid: /^[a-zA-Z0-9-_:;.\/<>{}]{0,256}$/.test(value) };
      else world.headers[name.toLowerCase()] = value;
    },
  },
  {
    name: "setup.headers-table",
    concept: "setup",
    patterns: [/^the headers:$/i],
    run: (world, _args, step) => tableRows(world, step.dataTable, (n, v) => (world.headers[n.toLowerCase()] = v)),
  },
  {
    name: "setup.path-existing",
    concept: "setup",
    patterns: [/^the path param(?:eter)? "([^"]+)" is set by default to an? existing (.+)$/i],
    run(world, [name, what]) {
      if (/qos profile/i.test(what)) world.pathParams[name] = { value: profileName(world) };
      else world.pathParams[name] = { existing: true };
    },
  },
  {
    name: "setup.path-that-resource",
    concept: "setup",
    patterns: [/^the path param(?:eter)? "([^"]+)" is set to the value for that (.+)$/i],
    run(world, [name, what]) {
      if (/qos profile/i.test(what)) {
        world.pathParams[name] = { value: profileName(world) };
        return;
      }
      const created = world.resourceCreated;
      if (!created) throw new Error(`no ${what} was created by an earlier step`);
      world.pathParams[name] = { value: created.id };
    },
  },
  {
    name: "setup.path-existing-item",
    concept: "setup",
    patterns: [/^the path param(?:eter)? "([^"]+)" is that of an existing (.+)$/i],
    run(world, [name]) {
      world.pathParams[name] = { existing: true };
    },
  },
  {
    name: "setup.query-in-past",
    concept: "setup",
    patterns: [/^the query parameter "([^"]+)" is in the past$/i],
    run(world, [name]) {
      world.query[name] = new Date(Date.now() - 86_400_000).toISOString();
    },
  },
  {
    name: "setup.path-not-uuid",
    concept: "setup",
    patterns: [/^the path param(?:eter)? "([^"]+)" has not a UUID format$/i],
    run(world, [name]) {
      world.pathParams[name] = { value: "not-a-uuid-harness" };
      // the definitions' comment: 404 NOT_FOUND is an alternative if the format is not validated
      world.memory.set("alternative-answer", { status: 400, alternative: 404, code: "NOT_FOUND" });
    },
  },
  {
    name: "setup.path-random-uuid",
    concept: "setup",
    patterns: [
      /^the path param(?:eter)? "([^"]+)" is set to a random UUID$/i,
      /^the path param(?:eter)? "([^"]+)" is set to a value not corresponding to any existing subscription$/i,
    ],
    run(world, [name]) {
      world.pathParams[name] = { value: randomUUID() };
    },
  },
  {
    name: "setup.path-pattern-mismatch",
    concept: "setup",
    patterns: [/^(?:the )?path param(?:eter)? "([^"]+)" does not match the regular expression "(.*)"$/i],
    run(world, [name]) {
      world.pathParams[name] = { value: "QOS*PROFILE!" };
    },
  },
  {
    name: "setup.path-length",
    concept: "setup",
    patterns: [/^(?:the )?path param(?:eter)? "([^"]+)" has a length not between (\d+) and (\d+)$/i],
    run(world, [name, min]) {
      world.pathParams[name] = { value: Number(min) > 1 ? "Q".repeat(Number(min) - 1) : "Q".repeat(257) };
    },
  },
  {
    name: "setup.path-random-compliant",
    concept: "setup",
    patterns: [/^the path param(?:eter)? "([^"]+)" is set to a random string compliant with the pattern$/i],
    run(world, [name]) {
      world.pathParams[name] = { value: `QOS_UNKNOWN_${randomBytes(4).toString("hex").toUpperCase()}` };
    },
  },
  {
    name: "setup.path-value",
    concept: "setup",
    patterns: [/^the path param(?:eter)? "([^"]+)" is set (?:to|as) "([^"]*)"$/i],
    run(world, [name, value]) {
      world.pathParams[name] = { value };
    },
  },
  {
    name: "setup.path-table",
    concept: "setup",
    patterns: [/^the path parameters:$/i],
    run: (world, _args, step) => tableRows(world, step.dataTable, (n, v) => (world.pathParams[n] = { value: v })),
  },
  {
    name: "setup.query-value",
    concept: "setup",
    patterns: [/^the query parameter "([^"]+)" is set (?:to|as) "([^"]*)"$/i],
    run(world, [name, value]) {
      world.query[name] = value;
    },
  },
  {
    name: "setup.query-table",
    concept: "setup",
    patterns: [/^the query parameters:$/i],
    run: (world, _args, step) => tableRows(world, step.dataTable, (n, v) => (world.query[n] = v)),
  },
];
