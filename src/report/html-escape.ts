/**
 * Escaping for the HTML report. Everything in a scenario (titles, reasons, headers, bodies) may
 * come from the target, so the `html` tag escapes every interpolated value unless it is already
 * SafeHtml. Forgetting to escape then takes effort (calling `trustedHtml`) instead of being the
 * default, which is the same idea as lit-html's and React's auto-escaping.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * C0 controls (except tab, LF, CR) and DEL are legal-ish in HTML but render as blank boxes, hiding
 * what the target actually sent; they are shown as `\uXXXX`, as in junit.xml.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const visible = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Safe in text and in quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(CONTROL, visible).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

/** Only for markup written by this project (the page's own CSS and script), never for data. */
export function trustedHtml(s: string): SafeHtml {
  return new SafeHtml(s);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

/** Template tag: literal parts are markup, interpolations are escaped (arrays are concatenated). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}
