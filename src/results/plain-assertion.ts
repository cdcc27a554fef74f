/**
 * Failure texts in plain words: a failed `expect(...)` of a suite says "HTTP status: expected 404 to
 * be 400 // Object.is equality" (chai and vitest jargon, and received before expected). Reports and
 * the console show "HTTP status: expected 400, received 404" instead: what CAMARA requires, then what
 * the target did (GUIDE principle 6: expected vs received).
 */

const EQUAL = ["be", "equal", "deeply equal", "strictly equal", "deep equal"];

/** chai's verb phrases (longest first, so "be greater than" wins over "be") and how to say what is wanted */
const VERBS: [string, (y: string) => string][] = (
  [
    ...EQUAL.map((v) => [v, (y: string) => y] as [string, (y: string) => string]),
    ["match", (y) => `a value matching ${y}`],
    ["include", (y) => `a value containing ${y}`],
    ["contain", (y) => `a value containing ${y}`],
    ["have a length of", (y) => `length ${y}`],
    ["have length", (y) => `length ${y}`],
    ["have property", (y) => `a property ${y}`],
    ["be greater than or equal to", (y) => `at least ${y}`],
    ["be less than or equal to", (y) => `at most ${y}`],
    ["be greater than", (y) => `more than ${y}`],
    ["be above", (y) => `more than ${y}`],
    ["be less than", (y) => `less than ${y}`],
    ["be below", (y) => `less than ${y}`],
    ["be at least", (y) => `at least ${y}`],
    ["be at most", (y) => `at most ${y}`],
    ["be an instance of", (y) => `an instance of ${y}`],
    ["be one of", (y) => `one of ${y}`],
  ] as [string, (y: string) => string][]
).sort((a, b) => b[0].length - a[0].length);

const NO_OPERAND: Record<string, string> = {
  "be defined": "a value",
  "be undefined": "no value",
  "be truthy": "a true value",
  "be falsy": "a false value",
  "be null": "null",
  "be true": "true",
  "be false": "false",
  "be NaN": "NaN",
};

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  const s = JSON.stringify(v);
  if (s === undefined) return String(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/** One line, jargon removed, expected before received. `expected`/`actual`: the assertion's values, when it has them. */
export function plainAssertion(message: string, expected?: unknown, actual?: unknown): string {
  const first = (message.split("\n")[0] ?? "").replace(/\s*\/\/ Object\.is equality\s*$/, "").trim();
  const m = /^(?:(.*?): )?expected (.+?) (to (?:not )?)(.+)$/.exec(first);
  if (!m) return first;
  const [, label, x, to, rest] = m;
  const prefix = label ? `${label}: ` : "";
  const not = to.includes("not") ? "not " : "";
  const received = actual !== undefined ? show(actual) : x;
  if (NO_OPERAND[rest]) return `${prefix}expected ${not}${NO_OPERAND[rest]}, received ${received}`;
  for (const [verb, word] of VERBS) {
    if (!rest.startsWith(`${verb} `)) continue;
    const y = rest.slice(verb.length + 1);
    const wanted = expected !== undefined && !not && EQUAL.includes(verb) ? show(expected) : y;
    const negation = not && EQUAL.includes(verb) ? "anything but " : not;
    return `${prefix}expected ${negation}${word(wanted)}, received ${received}`;
  }
  return first;
}
