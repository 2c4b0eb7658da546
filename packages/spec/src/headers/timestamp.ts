import { refuse } from '../errors.js';
import type { HeaderDefinition } from '../headers.js';
import { def } from './catalogue-entry.js';
import {
  digits,
  nonEmptyText,
  type ParseProblem,
  type ParseResult,
  result,
  twoDigits,
} from './shared.js';

/**
 * The spec's UTC timestamps: `Gov-Client-Local-IPs-Timestamp` and `Gov-Client-Public-IP-Timestamp`
 * (`yyyy-MM-ddTHH:mm:ss.SSSZ`), and the looser form of a multi-factor timestamp (seconds and
 * milliseconds optional). One grammar, {@link readUtcTime}, reads them all.
 */

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Epoch milliseconds of a real calendar instant (Date.parse accepts 30 February and 24:00), or NaN. */
export function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
): number {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const leap = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  if (day > DAYS[month - 1]! + (leap ? 1 : 0)) return NaN;
  // Date.UTC reads years 0-99 as 1900-1999; 400 Gregorian years are exactly 146097 days.
  if (year < 100) {
    return Date.UTC(year + 400, month - 1, day, hour, minute, second, millis) - 146097 * 86400000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** A UTC instant as read from a header, with how precisely it was written. */
export interface UtcTime {
  millis: number;
  /** Fraction digits: -1 without seconds, 0 with seconds but no fraction, else 1 to 9. */
  fraction: number;
}

/**
 * Reads `yyyy-MM-ddTHH:mm[:ss[.f...]]Z` (up to nine fraction digits) as a real calendar instant.
 * Undefined when it is not such a time.
 */
export function readUtcTime(text: string): UtcTime | undefined {
  const n = text.length;
  if (n < 17 || text.charCodeAt(n - 1) !== 0x5a /* Z */) return undefined;
  if (
    text.charCodeAt(4) !== 0x2d /* - */ ||
    text.charCodeAt(7) !== 0x2d ||
    text.charCodeAt(10) !== 0x54 /* T */ ||
    text.charCodeAt(13) !== 0x3a /* : */
  ) {
    return undefined;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return undefined;
  let second = 0;
  let millis = 0;
  let fraction = -1;
  if (n > 17) {
    if (text.charCodeAt(16) !== 0x3a || n < 20) return undefined;
    second = digits(text, 17, 2);
    if (second < 0) return undefined;
    fraction = 0;
    if (n > 20) {
      if (text.charCodeAt(19) !== 0x2e /* . */ || n < 22) return undefined;
      fraction = n - 21;
      if (fraction > 9) return undefined;
      const frac = digits(text, 20, fraction);
      if (frac < 0) return undefined;
      // Milliseconds: the first three fraction digits, as a number of milliseconds.
      millis =
        fraction === 3
          ? frac
          : Math.floor(frac / 10 ** Math.max(0, fraction - 3)) * 10 ** Math.max(0, 3 - fraction);
    }
  }
  const value = utcMillis(year, month, day, hour, minute, second, millis);
  return Number.isNaN(value) ? undefined : { millis: value, fraction };
}

/**
 * A Date from a Date or epoch milliseconds in the years 0 to 9999 (what `yyyy` can write), else
 * undefined: anything else, an invalid Date, or a year outside that range.
 */
export function writableDate(value: unknown): Date | undefined {
  if (typeof value !== 'number' && !(value instanceof Date)) return undefined;
  const date = typeof value === 'number' ? new Date(value) : value;
  const year = date.getUTCFullYear();
  // NaN (an invalid Date) fails both comparisons.
  return year >= 0 && year <= 9999 ? date : undefined;
}

/** A Date from a Date or epoch milliseconds, refused outside the years 0 to 9999. */
export function toDate(value: Date | number, field: string): Date {
  const date = writableDate(value);
  if (date === undefined) {
    refuse(field, 'a valid Date or epoch milliseconds in the years 0 to 9999', value);
  }
  return date;
}

/**
 * `Gov-Client-Local-IPs-Timestamp` and `Gov-Client-Public-IP-Timestamp`:
 * `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, milliseconds always present.
 */
export function formatTimestamp(value: Date | number = Date.now()): string {
  return isoUtc(toDate(value, 'timestamp'));
}

/**
 * `date.toISOString()` for a date in the years 0 to 9999 (`yyyy-MM-ddTHH:mm:ss.SSSZ`), written
 * from its UTC fields: about twice as fast in V8, and every set carries two timestamps.
 */
export function isoUtc(date: Date): string {
  const year = date.getUTCFullYear();
  const ms = date.getUTCMilliseconds();
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}T${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}.${ms < 100 ? (ms < 10 ? '00' : '0') : ''}${ms}Z`;
}

/** `Gov-Client-Local-IPs-Timestamp` and `Gov-Client-Public-IP-Timestamp`. */
export function parseTimestamp(text: string): ParseResult<Date> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result(new Date(Number.NaN), problems);
  const time = readUtcTime(text);
  if (time === undefined || time.fraction !== 3) {
    problems.push({
      code: 'INVALID_TIMESTAMP',
      message: `'${text}' is not a UTC timestamp of the form yyyy-MM-ddTHH:mm:ss.SSSZ`,
    });
    return result(new Date(Number.NaN), problems);
  }
  return result(new Date(time.millis), problems);
}

/** Gov-Client-Local-IPs-Timestamp in the header catalogue. */
export const LOCAL_IPS_TIMESTAMP_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Local-IPs-Timestamp',
  'timestamp',
  'client',
  'When Gov-Client-Local-IPs was collected (UTC, with milliseconds).',
  { timestampOf: 'Gov-Client-Local-IPs' },
);

/** Gov-Client-Public-IP-Timestamp in the header catalogue. */
export const PUBLIC_IP_TIMESTAMP_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Public-IP-Timestamp',
  'timestamp',
  'server',
  'When Gov-Client-Public-IP was collected (UTC, with milliseconds).',
  { timestampOf: 'Gov-Client-Public-IP' },
);
