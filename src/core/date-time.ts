/**
 * The one reader of dates for the whole mock: RFC 3339 §5.6 `date-time` (the `format: date-time` of
 * every CAMARA spec, Commonalities design guide "Date-time"), used by request validation (the Ajv
 * format) and by the domain code alike, so a date that passes validation is always a readable
 * instant and nothing stored can be NaN.
 *
 * Accepted: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)` ("T" and "Z" in either case, RFC 3339 §5.6 note),
 * calendar-checked days (Gregorian leap years), any number of fraction digits (read to the ms), a
 * leap second `:60` only where it can occur (UTC time 23:59:60, RFC 3339 §5.7), read as the first
 * instant of the next minute (POSIX time has no leap seconds). The instant must fall within
 * 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z, the range RFC 3339 can write back in UTC.
 */

/** 0000-01-01T00:00:00.000Z */
export const MIN_INSTANT = -62_167_219_200_000;
/** 9999-12-31T23:59:59.999Z */
export const MAX_INSTANT = 253_402_300_799_999;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The instant (ms since the epoch) of an RFC 3339 date-time, or undefined when it is not one we can hold. */
export function parseDateTime(text: string): number | undefined {
  if (typeof text !== "string" || text.length > 64 + 1000) return undefined;
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  let offsetMinutes = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const fractionMs = m[7] ? Math.floor(Number(`0.${m[7].slice(0, 3)}`) * 1000 + 1e-9) : 0;
  const localMinutes = hour * 60 + minute;
  const utcMinuteOfDay = (((localMinutes - offsetMinutes) % 1440) + 1440) % 1440;
  // a leap second exists only as the last second of a UTC day (RFC 3339 §5.7)
  if (second === 60 && utcMinuteOfDay !== 23 * 60 + 59) return undefined;
  const instant =
    daysFromCivil(year, month, day) * DAY_MS + (localMinutes - offsetMinutes) * MINUTE_MS + second * 1000 + fractionMs;
  if (instant < MIN_INSTANT || instant > MAX_INSTANT) return undefined;
  return instant;
}

export function isDateTime(text: string): boolean {
  return parseDateTime(text) !== undefined;
}

/** An instant as RFC 3339 in UTC with milliseconds; RangeError outside the writable range. */
export function formatDateTime(instant: number): string {
  if (!Number.isFinite(instant) || instant < MIN_INSTANT || instant > MAX_INSTANT) {
    throw new RangeError(`instant ${instant} is outside 0000-01-01 .. 9999-12-31`);
  }
  return new Date(instant).toISOString();
}
