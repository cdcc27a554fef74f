/**
 * The classes of bad input the fuzz run draws from (issue 12): absurd numbers, odd dates, unicode,
 * type confusion, long strings, deep nesting, malformed JSON and percent-encoding, header tricks.
 * Values are JSON text fragments where JSON cannot express them (1e309, -0, deep nesting).
 */
import type { Random } from "../../src/core/seeded-random.ts";

/** A raw JSON fragment: spliced into the body text as is. */
export class Raw {
  constructor(readonly text: string) {}
}

export const ABSURD_NUMBERS = ["1e309", "-1e309", "-0", "9007199254740993", "1e-400", "0.0000001", "-1", "2147483648", "4294967296", "1.5", "1E3", "123456789012345678901234567890"];

export const ODD_DATES = [
  "2099-12-31T23:59:60Z",
  "2016-12-31T15:59:60-08:00",
  "0000-01-01T00:00:00Z",
  "0000-01-01T00:00:00+00:01",
  "9999-12-31T23:59:59.999Z",
  "9999-12-31T23:59:59-01:00",
  "10000-01-01T00:00:00Z",
  "2024-02-30T00:00:00Z",
  "2023-02-29T00:00:00Z",
  "2025-13-01T00:00:00Z",
  "2025-01-01T24:00:00Z",
  "2025-01-01T12:00:00+24:00",
  "2025-01-01T12:00:00",
  "2025-01-01 12:00:00Z",
  "2025-01-01t12:00:00z",
  "2025-01-01T12:00:00.123456789123456789Z",
  "2025-01-01T12:00:61Z",
  "-002025-01-01T00:00:00Z",
  "+275760-09-13T00:00:00Z",
  "2025-W01",
  "",
];

export const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "\udfff\ud800",
  "\u202e\u0644\u0627",
  "\u200b\u200d\ufeff",
  "😀".repeat(50),
  "e\u0301".repeat(20),
  "%E0%A4%A",
  "../../_harness/testdata",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${jndi:ldap://x}",
  "__proto__",
  "constructor",
  "+34600000001\n",
  "tel:+34600000001",
  "+999999999999999999999",
  "QOS_E\u0000",
  "null",
];

export function longString(r: Random): string {
  return "x".repeat(r.pick([256, 4096, 65_536, 300_000]));
}

export function deeplyNested(depth: number, r: Random): Raw {
  const open = r.chance(0.5) ? '{"a":' : "[";
  const close = open === "[" ? "]" : "}";
  return new Raw(`${open.repeat(depth)}0${close.repeat(depth)}`);
}

/** Any bad value for a JSON leaf. */
export function badValue(r: Random): unknown {
  switch (r.int(9)) {
    case 0:
      return new Raw(r.pick(ABSURD_NUMBERS));
    case 1:
      return r.pick(ODD_DATES);
    case 2:
      return r.pick(ODD_STRINGS);
    case 3:
      return longString(r);
    case 4:
      return deeplyNested(r.pick([10, 63, 65, 200, 4100, 10_000]), r);
    case 5:
      return r.pick([null, true, false, 0, [], {}, [null], { "": "" }]);
    case 6:
      return new Raw('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    case 7:
      return Array.from({ length: r.pick([0, 1, 1000, 20_000]) }, (_, i) => i);
    default:
      return new Raw(r.pick(["NaN", "Infinity", "undefined", "'x'", "0x10", "01", ".5", "+1"]));
  }
}

/** Serialises a value with Raw fragments spliced in (JSON.stringify cannot write 1e309 or 10,000 levels). */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `\u0000RAW${raws.length - 1}\u0000`;
    }
    return v;
  });
  return (text ?? "null").replace(/"\\u0000RAW(\d+)\\u0000"/g, (_, i: string) => raws[Number(i)]);
}

/** Breaks JSON text the way broken clients do. */
export function malformedJson(text: string, r: Random): string {
  switch (r.int(7)) {
    case 0:
      return text.slice(0, Math.max(0, r.int(text.length)));
    case 1:
      return `${text},`;
    case 2:
      return text.replace(/"/, "'");
    case 3:
      return `${text}${text}`;
    case 4:
      return "\ufeff" + text;
    case 5:
      return text.replace(/:/, "::");
    default:
      return r.pick(["", "null", "[]", "\"x\"", "{", "}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "\u0000"]);
  }
}

export function malformedPercent(r: Random): string {
  return r.pick(["%", "%E0%A4%A", "%ZZ", "%C0%AF", "%ED%A0%80", "%00", "%2e%2e%2f", "%FF%FE", "a%2Fb", "%25"]);
}
