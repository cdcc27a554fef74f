/**
 * Prism's `Prefer` request header (RFC 7240 syntax), as its HTTP server reads it:
 *   Prefer: code=404, example=NOT_FOUND, dynamic=true, seed=42
 * `code` picks the documented response, `example` a named example of it, `dynamic` a body generated
 * from the schema instead of an example, `seed` makes that generation repeatable.
 */
export interface MockPreferences {
  code?: number;
  exampleKey?: string;
  dynamic?: boolean;
  seed?: string;
}

export type PreferResult = { ok: true; value: MockPreferences } | { ok: false; message: string };

/** Parses the header; an unknown preference is ignored (RFC 7240 §2), a malformed known one is an error. */
export function parsePrefer(header: string | undefined): PreferResult {
  const value: MockPreferences = {};
  if (!header) return { ok: true, value };
  for (const part of header.split(/[,;]/)) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const raw = eq < 0 ? "" : part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    switch (key) {
      case "code":
        if (!/^\d{3}$/.test(raw)) return { ok: false, message: `Prefer: code must be a 3-digit HTTP status, got '${raw}'` };
        value.code = Number(raw);
        break;
      case "example":
        if (!raw) return { ok: false, message: "Prefer: example needs the name of an example" };
        value.exampleKey = raw;
        break;
      case "dynamic":
        if (raw !== "true" && raw !== "false") return { ok: false, message: `Prefer: dynamic must be true or false, got '${raw}'` };
        value.dynamic = raw === "true";
        break;
      case "seed":
        if (!raw) return { ok: false, message: "Prefer: seed needs a value" };
        value.seed = raw;
        break;
      default:
        break;
    }
  }
  return { ok: true, value };
}
