/**
 * How deeply a JSON text nests, measured on the text itself (no parse, no recursion): a body nested
 * thousands of levels deep is refused before anything parses, validates, stores or re-serialises it
 * (JSON.stringify and schema validators recurse and overflow the stack on such values).
 * CAMARA bodies nest a handful of levels; MAX_JSON_DEPTH leaves ample room for extensions.
 */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of objects and arrays in `text` (0 for a scalar); strings are skipped. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/** The depth of an already parsed value, iteratively (for values that did not come from text). */
export function valueDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (d + 1 > max) max = d + 1;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}
