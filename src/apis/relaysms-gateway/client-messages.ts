/**
 * Client frames of the sync channel, validated against the payload schemas of the AsyncAPI document
 * (specs/relaysms-gateway/1.0.0.asyncapi.yaml), compiled once at start-up.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import type { ClientMessage } from "../../../generated/relaysms-gateway/1.0.0/messages.ts";
import { SPECS_DIR } from "../../openapi/catalogue.ts";

const doc = parse(readFileSync(join(SPECS_DIR, "relaysms-gateway", "1.0.0.asyncapi.yaml"), "utf8")) as {
  components: { schemas: Record<string, Record<string, unknown>> };
};
const ajv = new Ajv({ strict: false, allErrors: false });
ajv.addSchema({ components: doc.components }, "asyncapi");
const validators = {
  public_key: ajv.getSchema("asyncapi#/components/schemas/PublicKeyMessage")!,
  authenticate: ajv.getSchema("asyncapi#/components/schemas/AuthenticateMessage")!,
};

/** The frame as a client message, or a one-line reason why it is not one. */
export function readClientMessage(text: string): ClientMessage | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "the frame is not JSON";
  }
  const type = (value as { type?: unknown } | null)?.type;
  const validate = typeof type === "string" && type in validators ? validators[type as keyof typeof validators] : undefined;
  if (!validate) return `unknown message type ${JSON.stringify(type)}; expected public_key or authenticate`;
  if (!validate(value)) {
    const e = validate.errors?.[0];
    return `${type}${e?.instancePath ?? ""} ${e?.message ?? "is invalid"}`;
  }
  return value as ClientMessage;
}
