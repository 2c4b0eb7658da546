import { type CodecProblem, type CodecProblemCode, encodeKeyValue } from '../codec.js';
import { DETAILED } from '../detail.js';
import { fail, refuse } from '../errors.js';

/**
 * What every header module shares: the parse result (problems as data, never a throw) and the
 * formatters' input checks (a {@link SpecError} naming the field, never a value the spec forbids).
 */

export type ValueProblemCode =
  | 'EMPTY_VALUE'
  | 'MISSING_KEY'
  | 'INVALID_NUMBER'
  | 'INVALID_IP'
  | 'INVALID_MAC'
  | 'INVALID_UUID'
  | 'INVALID_TIMESTAMP'
  | 'INVALID_TIMEZONE'
  | 'INVALID_PORT'
  | 'INVALID_ENUM';

export interface ParseProblem {
  code: CodecProblemCode | ValueProblemCode;
  message: string;
  /** Character offset in the header value, where one applies. */
  offset?: number;
  /** The key or list position concerned, e.g. `screens[1].width`. */
  field?: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: ParseProblem[] };

/** Internal helpers of the header modules. */
export function result<T>(value: T, problems: ParseProblem[]): ParseResult<T> {
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
}

export function nonEmptyText(text: string, problems: ParseProblem[]): boolean {
  if (typeof text !== 'string' || text === '') {
    problems.push({ code: 'EMPTY_VALUE', message: 'value is empty' });
    return false;
  }
  return true;
}

/** Appends the decoder's problems (a loop: a spread of a huge list would overflow the stack). */
export function addCodecProblems(into: ParseProblem[], problems: readonly CodecProblem[]): void {
  for (const p of problems) into.push({ code: p.code, message: p.message, offset: p.offset });
}

/** The first value of `key` among decoded pairs, or undefined. */
export function pairValue(
  pairs: readonly (readonly [string, string])[],
  key: string,
): string | undefined {
  for (let i = 0; i < pairs.length; i++) if (pairs[i]![0] === key) return pairs[i]![1];
  return undefined;
}

/** A decoded value holding a separator it can never legitimately contain (numbers, addresses). */
export function encodedSeparator(value: string, field: string, problems: ParseProblem[]): boolean {
  if (!/[,&=]/.test(value)) return false;
  problems.push({
    code: 'ENCODED_SEPARATOR',
    message: `${field} value '${value}' holds a separator that was sent percent-encoded; send ',', '&' and '=' raw`,
    field,
  });
  return true;
}

/** Decimal digits of a positive whole number without leading zeros (`1`, `1920`). */
export function isWholeNumber(raw: string): boolean {
  const n = raw.length;
  if (n === 0) return false;
  let c = raw.charCodeAt(0);
  if (c < 0x31 || c > 0x39) return false;
  for (let i = 1; i < n; i++) {
    c = raw.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

/** A positive decimal number (`1`, `1.25`, `0.5`; no sign, exponent or leading zeros). */
export function isPositiveDecimal(raw: string): boolean {
  return isWholeNumber(raw) || (DECIMAL.test(raw) && Number(raw) > 0);
}

/** The number `count` decimal digits at `start` write, or -1 when one of them is not a digit. */
export function digits(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** A number from 0 to 99 in two digits (`7` is `07`). */
export function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

// --- Formatter input checks -------------------------------------------------------------------------

/** `value` written out if it is a positive whole number, or with `fraction` any positive finite number. */
export function positive(value: unknown, field: string, fraction?: boolean): string {
  if (!((fraction ? Number.isFinite : Number.isInteger)(value) && (value as number) > 0)) {
    refuse(field, DETAILED && `a positive ${fraction ? 'finite' : 'whole'} number`, value);
  }
  // Exponent forms arise only from 1e21 up (1.5e+21) and below 1e-6 (1.5e-7), always with one
  // digit before the point: move the point of the shortest round-trip digits instead.
  const text = String(value);
  if ((value as number) < 1e21 && (value as number) >= 1e-6) return text;
  const [mantissa, exponent] = text.split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const point = +exponent + 1;
  return point > 0 ? digits.padEnd(point, '0') : '0.'.padEnd(2 - point, '0') + digits;
}

/** The list itself, refused when it is not an array of at least one `what`. */
export function nonEmptyList<T>(list: readonly T[], field: string, what: string): readonly T[] {
  if (!Array.isArray(list) || list.length === 0) {
    fail(field, DETAILED ? `needs an array of at least one ${what}` : `no ${what}`);
  }
  return list;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '')
    refuse(field, DETAILED && 'a non-empty string', value);
  return value as string;
}

/** Key-value input: an object, a Map, or ordered pairs. */
export type KeyValueInput =
  | Readonly<Record<string, string>>
  | Iterable<readonly [key: string, value: string]>;

/** A key-value structure the caller gave, refused when it holds no pair. */
export function givenPairs(input: KeyValueInput, field: string, what = 'key=value pair'): string {
  const encoded = encodeKeyValue(input, field);
  if (encoded === '') fail(field, `needs at least one ${what}`);
  return encoded;
}
