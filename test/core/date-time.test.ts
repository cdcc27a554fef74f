/**
 * Seeded property test of the one RFC 3339 date-time reader (src/core/date-time.ts): every
 * well-formed date-time in the writable range reads as the instant computed here independently with
 * the platform's Date (setUTCFullYear, so years 0..99 stay themselves), leap seconds included, and
 * reads back identically once written; malformed variants are refused, never NaN.
 * Re-run a failure with DATE_SEED=<seed>.
 */
import { describe, expect, it } from "vitest";
import { formatDateTime, MAX_INSTANT, MIN_INSTANT, parseDateTime } from "../../src/core/date-time.ts";
import { seededRandom } from "../../src/core/seeded-random.ts";

const SEED = Number(process.env.DATE_SEED ?? 0xda7e);
const RUNS = 5000;
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

describe(`parseDateTime (seed ${SEED})`, () => {
  it("reads every well-formed date-time as the independently computed instant, and round-trips", () => {
    const r = seededRandom(SEED);
    let leapSeconds = 0;
    for (let i = 0; i < RUNS; i++) {
      const y = r.chance(0.1) ? r.pick([0, 1, 99, 100, 1582, 1900, 2000, 9998, 9999]) : r.between(0, 9999);
      const mo = r.between(1, 12);
      const d = r.between(1, new Date(Date.UTC(2001, mo, 0)).getUTCDate() + (mo === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 1 : 0));
      const offset = r.chance(0.3) ? 0 : r.between(-23 * 60 - 59, 23 * 60 + 59);
      let h = r.between(0, 23);
      let mi = r.between(0, 59);
      let s = r.between(0, 59);
      const leap = r.chance(0.15);
      if (leap) {
        // local time whose UTC time is 23:59:60
        const local = (((23 * 60 + 59 + offset) % 1440) + 1440) % 1440;
        h = Math.floor(local / 60);
        mi = local % 60;
        s = 60;
      }
      const digits = r.chance(0.5) ? "" : String(r.between(0, 10 ** r.between(1, 9) - 1)).padStart(r.between(1, 9), "0");
      const ms = digits ? Math.floor(Number(`0.${digits.slice(0, 3)}`) * 1000 + 1e-9) : 0;
      const zone =
        offset === 0 && r.chance(0.7)
          ? r.pick(["Z", "z"])
          : `${offset < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
      const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}${r.pick(["T", "t"])}${pad(h)}:${pad(mi)}:${pad(s)}${digits ? `.${digits}` : ""}${zone}`;
      const expected = utc(y, mo, d, h, mi, Math.min(s, 59), ms) + (s === 60 ? 1000 : 0) - offset * 60_000;
      const got = parseDateTime(text);
      if (expected < MIN_INSTANT || expected > MAX_INSTANT) {
        expect(got, text).toBeUndefined();
        continue;
      }
      expect(got, text).toBe(expected);
      expect(parseDateTime(formatDateTime(got!)), text).toBe(got);
      if (s === 60) leapSeconds++;
    }
    expect(leapSeconds).toBeGreaterThan(100);
  });

  it("refuses malformed variants (never NaN)", () => {
    const r = seededRandom(SEED + 1);
    const breakers: ((t: string) => string)[] = [
      (t) => t.replace(/-(\d\d)-/, "-13-"),
      (t) => t.replace(/T\d\d/, "T24"),
      (t) => t.replace(/:(\d\d):/, ":60:"),
      (t) => t.replace(/:(\d\d)(\.\d+)Z/, ":61$2Z"),
      (t) => t.replace("Z", ""),
      (t) => t.replace("Z", "+24:00"),
      (t) => t.replace("Z", "+05:60"),
      (t) => t.replace("T", " "),
      (t) => t.replace(/^\d{4}/, "10000"),
      (t) => t.replace(/\.\d+/, "."),
      (t) => `${t} `,
      (t) => t.replace(/:(\d\d)(\.\d+)Z/, ":60$2Z").replace(/T\d\d:\d\d/, "T12:00"),
    ];
    for (let i = 0; i < 2000; i++) {
      const base = `${pad(r.between(0, 9999), 4)}-${pad(r.between(1, 12))}-${pad(r.between(1, 28))}T${pad(r.between(0, 23))}:${pad(r.between(0, 59))}:${pad(r.between(0, 59))}.${r.between(0, 999)}Z`;
      expect(parseDateTime(base), base).not.toBeUndefined();
      const bad = r.pick(breakers)(base);
      if (bad === base) continue;
      expect(parseDateTime(bad), bad).toBeUndefined();
    }
  });

  it.each([
    ["2099-12-31T23:59:60Z", Date.UTC(2100, 0, 1)],
    ["2016-12-31T23:59:60.5Z", Date.UTC(2017, 0, 1, 0, 0, 0, 500)],
    ["1990-12-31T15:59:60-08:00", Date.UTC(1991, 0, 1)],
    ["2024-02-29T00:00:00+01:00", Date.UTC(2024, 1, 28, 23)],
    ["9999-12-31T23:59:59.999Z", MAX_INSTANT],
    ["0000-01-01T00:00:00Z", MIN_INSTANT],
  ])("%s", (text, instant) => {
    expect(parseDateTime(text)).toBe(instant);
  });

  it.each(["2023-02-29T00:00:00Z", "2099-12-31T12:00:60Z", "9999-12-31T23:59:60Z", "0000-01-01T00:00:00+00:01", "9999-12-31T23:00:00-01:00"])(
    "refuses %s",
    (text) => {
      expect(parseDateTime(text)).toBeUndefined();
    },
  );
});
