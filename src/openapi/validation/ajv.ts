/** The Ajv instances used for spec schemas (OpenAPI 3.0 dialect: nullable, formats, examples ignored). */
import { Ajv, type Options } from "ajv";
import addFormatsModule from "ajv-formats";
import { isDateTime } from "../../core/date-time.ts";

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true, ...options });
  addFormats(ajv);
  // QoS Profiles 1.1.0 declares `format: string` on QosProfileName: not a real format, accept it.
  ajv.addFormat("string", true);
  // `format: url` (QoD 0.11 sink) is not a JSON Schema format; ajv-formats' version refuses loopback
  // and private hosts, which local sinks use: any absolute URL the WHATWG parser accepts is a url
  ajv.addFormat("url", (value: string) => URL.canParse(value));
  // one reader of dates for validation and domain code (leap seconds, offsets, years 0000..9999):
  // a date-time that validates is always an instant the domain can store and write back
  ajv.addFormat("date-time", { type: "string", validate: isDateTime });
  return ajv;
}

const shared = new Map<string, Ajv>();

/**
 * One Ajv instance per option set for the whole process: creating an instance (and its formats) per
 * operation dominated the mock's start-up. Validators are still compiled once per operation.
 */
export function sharedAjv(options: Options = {}): Ajv {
  const key = JSON.stringify(options);
  let ajv = shared.get(key);
  if (!ajv) shared.set(key, (ajv = createAjv(options)));
  return ajv;
}
