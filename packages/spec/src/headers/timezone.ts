import { DETAILED } from '../detail.js';
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

/** `Gov-Client-Timezone`: `UTC±hh:mm`. */

/** The parts of a `UTC±hh:mm` value, as written (range checks are the caller's). */
export interface TimezoneParts {
  sign: '+' | '-';
  hours: number;
  minutes: number;
}

/** Reads `UTC±hh:mm` (two digits each); undefined when the value does not have that shape. */
export function readTimezone(text: string): TimezoneParts | undefined {
  if (text.length !== 9 || !text.startsWith('UTC') || text.charCodeAt(6) !== 0x3a /* : */) {
    return undefined;
  }
  const sign = text.charCodeAt(3);
  const hours = digits(text, 4, 2);
  const minutes = digits(text, 7, 2);
  const minus = sign === 0x2d; /* - */
  if ((!minus && sign !== 0x2b) /* + */ || hours < 0 || minutes < 0) return undefined;
  return { sign: minus ? '-' : '+', hours, minutes };
}

/**
 * The current UTC offset in minutes, east positive (UTC+01:00 is 60). Note the sign: JavaScript's
 * `Date#getTimezoneOffset` counts west positive, so this negates it (and never gives -0).
 */
export function utcOffsetMinutes(date: Date = new Date()): number {
  return -date.getTimezoneOffset() || 0;
}

/** `Gov-Client-Timezone` from an offset in minutes east of UTC: 60 gives `UTC+01:00`. */
export function formatTimezone(offsetMinutes: number): string {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 18 * 60) {
    refuse('timezone', DETAILED && 'a whole number of minutes from -1080 to 1080', offsetMinutes);
  }
  const abs = Math.abs(offsetMinutes);
  return `UTC${offsetMinutes < 0 ? '-' : '+'}${twoDigits((abs / 60) | 0)}:${twoDigits(abs % 60)}`;
}

/** `Gov-Client-Timezone` to minutes east of UTC (`UTC-01:15` is -75). */
export function parseTimezone(text: string): ParseResult<number> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result(0, problems);
  const tz = readTimezone(text);
  if (!tz || tz.minutes > 59 || tz.hours > 18) {
    problems.push({ code: 'INVALID_TIMEZONE', message: `'${text}' is not UTC±hh:mm` });
    return result(0, problems);
  }
  const minutes = tz.hours * 60 + tz.minutes;
  return result(tz.sign === '-' && minutes !== 0 ? -minutes : minutes, problems);
}

/** Gov-Client-Timezone in the header catalogue. */
export const TIMEZONE_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Timezone',
  'timezone',
  'client',
  'The local timezone of the originating device as UTC±hh:mm.',
);
