/**
 * Re-indents a JSON body for reading without parsing its values: JSON.parse + stringify would
 * round big numbers (an IMSI-like 12345678901234567890 becomes 12345678901234567000) and reorder
 * nothing but still change what the target sent. Evidence must show the target's exact values.
 */

/** The body re-indented with two spaces, or undefined when it is not JSON (left as sent). */
export function prettyJson(text: string): string | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  let out = "";
  let depth = 0;
  let inString = false;
  const newline = () => "\n" + "  ".repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === "\\") out += text[++i];
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === " " || ch === "\n" || ch === "\r" || ch === "\t") continue;
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === "{" || ch === "[") {
      // keep empty containers on one line: {} and []
      const close = ch === "{" ? "}" : "]";
      let next = i + 1;
      while (/\s/.test(text[next] ?? "")) next++;
      if (text[next] === close) {
        out += ch + close;
        i = next;
      } else {
        depth++;
        out += ch + newline();
      }
    } else if (ch === "}" || ch === "]") {
      depth--;
      out += newline() + ch;
    } else if (ch === ",") {
      out += "," + newline();
    } else if (ch === ":") {
      out += ": ";
    } else {
      out += ch;
    }
  }
  return out;
}
