/**
 * AsyncAPI 3.0 documents beside the OpenAPI files (`specs/<api>/<version>.asyncapi.yaml`): validated
 * with the AsyncAPI Initiative's parser (@asyncapi/parser: schema of the spec, references, semantic
 * rules), then their message payload schemas are turned into TypeScript types with openapi-typescript,
 * so suites type the frames they send and receive. Deterministic: same document, same bytes.
 */
import { readFileSync } from "node:fs";
import { Parser } from "@asyncapi/parser";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";
import type { SpecFile } from "../openapi/catalogue.ts";

type JsonObject = Record<string, any>;

const parser = new Parser();
/** @asyncapi/parser severities: 0 error, 1 warning, 2 information, 3 hint */
const ERROR = 0;

/** Validates one AsyncAPI document; throws one line (file, JSON pointer, problem) for its first error. */
export async function validateAsyncApi(spec: SpecFile, SpecError: new (m: string) => Error): Promise<JsonObject> {
  const text = readFileSync(spec.file, "utf8");
  const { document, diagnostics } = await parser.parse(text, { source: spec.file });
  const errors = diagnostics.filter((d) => d.severity === ERROR);
  if (errors.length > 0 || !document) {
    const first = errors[0];
    throw new SpecError(`${spec.relativeFile}: #/${first?.path.join("/") ?? ""}: ${first?.message ?? "not a valid AsyncAPI document"}`);
  }
  const doc = parse(text) as JsonObject;
  if (!String(doc.asyncapi ?? "").startsWith("3.")) throw new SpecError(`${spec.relativeFile}: #/asyncapi: AsyncAPI 3.x expected`);
  return doc;
}

/** The message names the application sends (server -> client) and receives (client -> server). */
function messagesByDirection(doc: JsonObject): { send: string[]; receive: string[] } {
  const out = { send: new Set<string>(), receive: new Set<string>() };
  for (const op of Object.values((doc.operations ?? {}) as Record<string, JsonObject>)) {
    const channel = String(op.channel?.$ref ?? "").split("/").pop()!;
    for (const m of (op.messages ?? []) as JsonObject[]) {
      const key = String(m.$ref).split("/").pop()!;
      const ref = String(doc.channels?.[channel]?.messages?.[key]?.$ref ?? "");
      (op.action === "send" ? out.send : out.receive).add(ref.split("/").pop() || key);
    }
  }
  return { send: [...out.send].sort(), receive: [...out.receive].sort() };
}

const typeName = (message: string) => message[0].toUpperCase() + message.slice(1);

/** messages.ts of one AsyncAPI document: schema types, one alias per message, the two direction unions. */
export async function renderMessageTypes(doc: JsonObject, header: string): Promise<string> {
  const schemas = (doc.components?.schemas ?? {}) as JsonObject;
  const asOpenApi = { openapi: "3.0.3", info: { title: String(doc.info?.title), version: String(doc.info?.version) }, paths: {}, components: { schemas } };
  const ast = await openapiTS(asOpenApi as never, { alphabetize: true, rootTypes: false, silent: true });
  const messages = (doc.components?.messages ?? {}) as Record<string, JsonObject>;
  const lines: string[] = [];
  for (const name of Object.keys(messages).sort()) {
    const ref = String(messages[name].payload?.$ref ?? "");
    const schema = ref.split("/").pop();
    if (!schema || !(schema in schemas)) continue;
    lines.push(`/** ${String(messages[name].title ?? name)}: ${String(messages[name].summary ?? "")} */`);
    lines.push(`export type ${typeName(name)}Message = components["schemas"][${JSON.stringify(schema)}];`);
  }
  const { send, receive } = messagesByDirection(doc);
  const union = (names: string[]) => (names.length ? names.map((n) => `${typeName(n)}Message`).join(" | ") : "never");
  lines.push(`/** Every frame the server sends to clients. */`, `export type ServerMessage = ${union(send)};`);
  lines.push(`/** Every frame a client sends to the server. */`, `export type ClientMessage = ${union(receive)};`);
  const channels = Object.values((doc.channels ?? {}) as Record<string, JsonObject>).map((c) => String(c.address));
  lines.push(`/** Channel addresses, with {parameters}. */`, `export const CHANNEL_ADDRESSES = ${JSON.stringify(channels)} as const;`);
  return `${header}\n${astToString(ast)}\n${lines.join("\n")}\n`;
}
