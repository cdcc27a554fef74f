/**
 * Escaping for XML 1.0 (https://www.w3.org/TR/xml/#charsets). Scenario text and bodies come from
 * the target, so they may hold markup, quotes, or characters XML 1.0 cannot carry at all (C0
 * controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) — not even as `&#1;`. Those are
 * written as visible `\uXXXX` text so the reader still sees that something odd was there and a CI
 * server's parser does not reject the whole file.
 */

const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Text content of an element. `>` is escaped too, so "]]>" can never appear. */
export function xmlText(s: string): string {
  return s
    .replace(NOT_XML_CHAR, visible)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/**
 * An attribute value (always written in double quotes). Tab, LF and CR become character
 * references because a parser would otherwise normalise them to spaces (XML 1.0 §3.3.3).
 */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}
