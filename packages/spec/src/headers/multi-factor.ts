import { decodeKeyValueList, encodeKeyValue, type KeyValuePair } from '../codec.js';
import { refuse } from '../errors.js';
import type { HeaderDefinition } from '../headers.js';
import { def } from './catalogue-entry.js';
import {
  addCodecProblems,
  nonEmptyList,
  nonEmptyText,
  type ParseProblem,
  type ParseResult,
  pairValue,
  requireString,
  result,
} from './shared.js';
import { isoUtc, readUtcTime, writableDate } from './timestamp.js';

/** `Gov-Client-Multi-Factor`: one `type`/`timestamp`/`unique-reference` structure per factor. */

export type MultiFactorType = 'TOTP' | 'AUTH_CODE' | 'OTHER';

export const MULTI_FACTOR_TYPES: readonly MultiFactorType[] = ['TOTP', 'AUTH_CODE', 'OTHER'];

export interface MultiFactorEntry {
  type: MultiFactorType;
  /**
   * When the factor was last successfully prompted for: a Date, or a UTC string of at least
   * `yyyy-MM-ddTHH:mmZ` (seconds and milliseconds optional), kept exactly as given.
   */
  timestamp: Date | string;
  /** Identifies the factor (for example a salted hash of a phone number), never the secret. */
  uniqueReference: string;
}

/** The minimum the spec accepts for an MFA timestamp, seconds and milliseconds optional. */
export const MULTI_FACTOR_TIMESTAMP: RegExp =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/**
 * The instant of a multi-factor timestamp (`yyyy-MM-ddTHH:mmZ`, seconds and up to three digits of
 * milliseconds optional, a real calendar time), or undefined.
 */
export function readMultiFactorTime(text: string): number | undefined {
  const time = readUtcTime(text);
  return time === undefined || time.fraction > 3 ? undefined : time.millis;
}

export function isMultiFactorType(type: string): type is MultiFactorType {
  return type === 'TOTP' || type === 'AUTH_CODE' || type === 'OTHER';
}

/** `Gov-Client-Multi-Factor`: one structure per factor. */
export function formatMultiFactor(entries: readonly MultiFactorEntry[]): string {
  const list = nonEmptyList(entries, 'multiFactor', 'entry');
  const structures: KeyValuePair[][] = [];
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    const field = `multiFactor[${i}]`;
    const type = e?.type;
    if (!MULTI_FACTOR_TYPES.includes(type)) {
      refuse(`${field}.type`, 'TOTP, AUTH_CODE or OTHER', type);
    }
    const given: unknown = e.timestamp;
    // A Date (or epoch milliseconds) in the years 0 to 9999 is written as an ISO time, which the
    // grammar accepts; a string given is read by the grammar. Anything else is refused.
    let timestamp: string | undefined;
    if (typeof given === 'string') {
      if (readMultiFactorTime(given) !== undefined) timestamp = given;
    } else {
      const date = writableDate(given);
      if (date !== undefined) timestamp = isoUtc(date);
    }
    if (timestamp === undefined) {
      refuse(
        `${field}.timestamp`,
        'a Date, epoch milliseconds or a UTC time like 2021-11-21T13:23Z',
        given,
      );
    }
    structures.push([
      ['type', type],
      ['timestamp', timestamp],
      ['unique-reference', requireString(e.uniqueReference, `${field}.uniqueReference`)],
    ]);
  }
  // Every entry checked before any is encoded; then a list of key-value structures, as
  // encodeKeyValueList writes it (none is empty here).
  let out = '';
  for (let i = 0; i < structures.length; i++) {
    out += (i === 0 ? '' : ',') + encodeKeyValue(structures[i]!, `multiFactor[${i}]`);
  }
  return out;
}

/** `Gov-Client-Multi-Factor`. Timestamps are returned exactly as sent. */
export function parseMultiFactor(text: string): ParseResult<MultiFactorEntry[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result([], problems);
  const decoded = decodeKeyValueList(text);
  addCodecProblems(problems, decoded.problems);
  const entries = decoded.value.map((pairs, i) => {
    const field = `multiFactor[${i}]`;
    const type = pairValue(pairs, 'type') ?? '';
    const timestamp = pairValue(pairs, 'timestamp') ?? '';
    const uniqueReference = pairValue(pairs, 'unique-reference') ?? '';
    if (type === '') missing(field, 'type', problems);
    if (timestamp === '') missing(field, 'timestamp', problems);
    if (uniqueReference === '') missing(field, 'unique-reference', problems);
    if (type !== '' && !isMultiFactorType(type)) {
      problems.push({
        code: 'INVALID_ENUM',
        message: `${field} type '${type}' is not TOTP, AUTH_CODE or OTHER`,
        field,
      });
    }
    if (timestamp !== '' && readMultiFactorTime(timestamp) === undefined) {
      problems.push({
        code: 'INVALID_TIMESTAMP',
        message: `${field} timestamp '${timestamp}' is not a UTC time of at least yyyy-MM-ddTHH:mmZ`,
        field,
      });
    }
    return { type: type as MultiFactorType, timestamp, uniqueReference };
  });
  return result(entries, problems);
}

function missing(field: string, key: string, problems: ParseProblem[]): void {
  problems.push({ code: 'MISSING_KEY', message: `${field} has no value for '${key}'`, field });
}

/** Gov-Client-Multi-Factor in the header catalogue. */
export const MULTI_FACTOR_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Multi-Factor',
  'key-value-list',
  'client',
  'The multi-factor authentication statuses related to the call: type, timestamp, unique-reference.',
  { requiredKeys: ['type', 'timestamp', 'unique-reference'] },
);
