import { isIP, isIPv4, isIPv6, isMacAddress } from './address.js';
import {
  type CodecProblem,
  type CodecProblemCode,
  decodeKeyValue,
  decodeKeyValueList,
  decodeList,
  type KeyValuePair,
  percentDecode,
} from './codec.js';
import {
  type ForwardedHop,
  MULTI_FACTOR_TIMESTAMP,
  MULTI_FACTOR_TYPES,
  type MultiFactorEntry,
  type MultiFactorType,
  type Screen,
  type UserAgentInfo,
  type WindowSize,
} from './formatters.js';
import { isUuid } from './headers/device-id.js';
import { type ConnectionMethod, isConnectionMethod } from './methods.js';

/**
 * Parsers: the inverse of the formatters. They never throw; a value that does not meet the spec
 * comes back as `{ ok: false, problems }` naming every problem found.
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

function result<T>(value: T, problems: ParseProblem[]): ParseResult<T> {
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems };
}

function nonEmpty(text: string, problems: ParseProblem[]): boolean {
  if (typeof text !== 'string' || text === '') {
    problems.push({ code: 'EMPTY_VALUE', message: 'value is empty' });
    return false;
  }
  return true;
}

/** Appends the decoder's problems (a loop: a spread of a huge list would overflow the stack). */
function addCodecProblems(into: ParseProblem[], problems: readonly CodecProblem[]): void {
  for (const p of problems) into.push({ code: p.code, message: p.message, offset: p.offset });
}

function toMap(pairs: readonly KeyValuePair[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of pairs) if (!map.has(k)) map.set(k, v);
  return map;
}

const WHOLE = /^[1-9]\d*$/;

/** A decoded value holding a separator it can never legitimately contain (numbers, addresses). */
function encodedSeparator(value: string, field: string, problems: ParseProblem[]): boolean {
  if (!/[,&=]/.test(value)) return false;
  problems.push({
    code: 'ENCODED_SEPARATOR',
    message: `${field} value '${value}' holds a separator that was sent percent-encoded; send ',', '&' and '=' raw`,
    field,
  });
  return true;
}
const DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

function readNumber(
  map: Map<string, string>,
  key: string,
  field: string,
  kind: 'whole' | 'decimal',
  problems: ParseProblem[],
): number {
  const raw = map.get(key);
  if (raw === undefined || raw === '') {
    problems.push({ code: 'MISSING_KEY', message: `${field} has no value for '${key}'`, field });
    return Number.NaN;
  }
  const ok = kind === 'whole' ? WHOLE.test(raw) : DECIMAL.test(raw) && Number(raw) > 0;
  if (!ok && encodedSeparator(raw, `${field} '${key}'`, problems)) return Number.NaN;
  if (!ok) {
    problems.push({
      code: 'INVALID_NUMBER',
      message: `${field} '${key}' must be a positive ${kind === 'whole' ? 'whole ' : ''}number, got '${raw}'`,
      field,
    });
    return Number.NaN;
  }
  return Number(raw);
}

/** `Gov-Client-Connection-Method`. */
export function parseConnectionMethod(text: string): ParseResult<ConnectionMethod> {
  const problems: ParseProblem[] = [];
  if (nonEmpty(text, problems) && !isConnectionMethod(text)) {
    problems.push({
      code: 'INVALID_ENUM',
      message: `'${text}' is not a connection method of the spec`,
    });
  }
  return result(text as ConnectionMethod, problems);
}

/** `Gov-Client-Screens`. */
export function parseScreens(text: string): ParseResult<Screen[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result([], problems);
  const decoded = decodeKeyValueList(text);
  addCodecProblems(problems, decoded.problems);
  const screens = decoded.value.map((pairs, i) => {
    const map = toMap(pairs);
    const field = `screens[${i}]`;
    return {
      width: readNumber(map, 'width', field, 'whole', problems),
      height: readNumber(map, 'height', field, 'whole', problems),
      scalingFactor: readNumber(map, 'scaling-factor', field, 'decimal', problems),
      colourDepth: readNumber(map, 'colour-depth', field, 'whole', problems),
    };
  });
  return result(screens, problems);
}

/** `Gov-Client-Window-Size`. */
export function parseWindowSize(text: string): ParseResult<WindowSize> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result({ width: 0, height: 0 }, problems);
  const decoded = decodeKeyValue(text);
  addCodecProblems(problems, decoded.problems);
  const map = toMap(decoded.value);
  const size = {
    width: readNumber(map, 'width', 'windowSize', 'whole', problems),
    height: readNumber(map, 'height', 'windowSize', 'whole', problems),
  };
  return result(size, problems);
}

const TIMEZONE = /^UTC([+-])(\d{2}):(\d{2})$/;

/** `Gov-Client-Timezone` to minutes east of UTC (`UTC-01:15` is -75). */
export function parseTimezone(text: string): ParseResult<number> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result(0, problems);
  const m = TIMEZONE.exec(text);
  if (!m || Number(m[3]) > 59 || Number(m[2]) > 18) {
    problems.push({ code: 'INVALID_TIMEZONE', message: `'${text}' is not UTC±hh:mm` });
    return result(0, problems);
  }
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return result(m[1] === '-' && minutes !== 0 ? -minutes : minutes, problems);
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;

/** Whether a string is a real calendar instant in the strict `yyyy-MM-ddTHH:mm:ss.SSSZ` form. */
function strictInstant(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== text) return undefined;
  return date;
}

/** `Gov-Client-Local-IPs-Timestamp` and `Gov-Client-Public-IP-Timestamp`. */
export function parseTimestamp(text: string): ParseResult<Date> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result(new Date(Number.NaN), problems);
  const date = strictInstant(text);
  if (!date) {
    problems.push({
      code: 'INVALID_TIMESTAMP',
      message: `'${text}' is not a UTC timestamp of the form yyyy-MM-ddTHH:mm:ss.SSSZ`,
    });
  }
  return result(date ?? new Date(Number.NaN), problems);
}

/** `Gov-Client-Multi-Factor`. Timestamps are returned exactly as sent. */
export function parseMultiFactor(text: string): ParseResult<MultiFactorEntry[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result([], problems);
  const decoded = decodeKeyValueList(text);
  addCodecProblems(problems, decoded.problems);
  const entries = decoded.value.map((pairs, i) => {
    const map = toMap(pairs);
    const field = `multiFactor[${i}]`;
    const type = map.get('type') ?? '';
    const timestamp = map.get('timestamp') ?? '';
    const uniqueReference = map.get('unique-reference') ?? '';
    for (const [key, value] of [
      ['type', type],
      ['timestamp', timestamp],
      ['unique-reference', uniqueReference],
    ] as const) {
      if (value === '')
        problems.push({
          code: 'MISSING_KEY',
          message: `${field} has no value for '${key}'`,
          field,
        });
    }
    if (type !== '' && !MULTI_FACTOR_TYPES.includes(type as MultiFactorType)) {
      problems.push({
        code: 'INVALID_ENUM',
        message: `${field} type '${type}' is not TOTP, AUTH_CODE or OTHER`,
        field,
      });
    }
    if (
      timestamp !== '' &&
      (!MULTI_FACTOR_TIMESTAMP.test(timestamp) || Number.isNaN(Date.parse(timestamp)))
    ) {
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

function parsePairs(text: string): ParseResult<KeyValuePair[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result([], problems);
  const decoded = decodeKeyValue(text);
  addCodecProblems(problems, decoded.problems);
  return result(decoded.value, problems);
}

/** `Gov-Client-User-IDs`: ordered pairs, values decoded. */
export const parseUserIds: (text: string) => ParseResult<KeyValuePair[]> = parsePairs;
/** `Gov-Vendor-Version`: ordered software=version pairs. */
export const parseVendorVersion: (text: string) => ParseResult<KeyValuePair[]> = parsePairs;
/** `Gov-Vendor-License-IDs`: ordered software=hash pairs. */
export const parseLicenseIds: (text: string) => ParseResult<KeyValuePair[]> = parsePairs;

/** `Gov-Client-User-Agent` (key-value form). Missing keys are reported. */
export function parseUserAgent(text: string): ParseResult<UserAgentInfo> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result({}, problems);
  const decoded = decodeKeyValue(text);
  addCodecProblems(problems, decoded.problems);
  const map = toMap(decoded.value);
  const info: UserAgentInfo = {};
  const keys = [
    ['os-family', 'osFamily'],
    ['os-version', 'osVersion'],
    ['device-manufacturer', 'deviceManufacturer'],
    ['device-model', 'deviceModel'],
  ] as const;
  for (const [key, prop] of keys) {
    const value = map.get(key);
    if (value === undefined) {
      problems.push({ code: 'MISSING_KEY', message: `user agent has no '${key}'`, field: key });
    } else {
      info[prop] = value;
    }
  }
  return result(info, problems);
}

/** `Gov-Client-Browser-JS-User-Agent`: the string as sent. */
export function parseBrowserJsUserAgent(text: string): ParseResult<string> {
  const problems: ParseProblem[] = [];
  nonEmpty(text, problems);
  return result(text, problems);
}

/** `Gov-Client-Device-ID`. */
export function parseDeviceId(text: string): ParseResult<string> {
  const problems: ParseProblem[] = [];
  if (nonEmpty(text, problems) && !isUuid(text)) {
    problems.push({
      code: 'INVALID_UUID',
      message: `'${text}' is not a UUID (8-4-4-4-12 hexadecimal digits)`,
    });
  }
  return result(text, problems);
}

function parseAddressList(
  text: string,
  check: (v: string) => boolean,
  code: 'INVALID_IP' | 'INVALID_MAC',
  what: string,
): ParseResult<string[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result([], problems);
  const decoded = decodeList(text);
  addCodecProblems(problems, decoded.problems);
  decoded.value.forEach((v, i) => {
    if (!check(v) && !encodedSeparator(v, `item ${i + 1}`, problems)) {
      problems.push({ code, message: `item ${i + 1} '${v}' is not ${what}`, field: `[${i}]` });
    }
  });
  return result(decoded.value, problems);
}

/** `Gov-Client-Local-IPs`: decoded addresses. */
export function parseLocalIps(text: string): ParseResult<string[]> {
  return parseAddressList(text, (v) => isIP(v, true), 'INVALID_IP', 'an IP address');
}

/** `Gov-Client-MAC-Addresses`: decoded addresses. */
export function parseMacAddresses(text: string): ParseResult<string[]> {
  return parseAddressList(text, isMacAddress, 'INVALID_MAC', 'a MAC address');
}

/** `Gov-Client-Public-IP` and `Gov-Vendor-Public-IP`: one address, not percent-encoded. */
export function parsePublicIp(text: string): ParseResult<string> {
  const problems: ParseProblem[] = [];
  if (nonEmpty(text, problems) && !(isIPv4(text) || isIPv6(text))) {
    const decoded = percentDecode(text).value;
    const hint =
      decoded !== text && isIPv6(decoded) ? ' (send IPv6 here without percent-encoding)' : '';
    problems.push({ code: 'INVALID_IP', message: `'${text}' is not an IP address${hint}` });
  }
  return result(text, problems);
}

/** `Gov-Client-Public-Port`. */
export function parsePort(text: string): ParseResult<number> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result(0, problems);
  const n = WHOLE.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= 65535)) {
    problems.push({
      code: 'INVALID_PORT',
      message: `'${text}' is not a port number from 1 to 65535`,
    });
  }
  return result(n, problems);
}

/** `Gov-Vendor-Forwarded`: hops in order, addresses decoded. */
export function parseVendorForwarded(text: string): ParseResult<ForwardedHop[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result([], problems);
  const decoded = decodeKeyValueList(text);
  addCodecProblems(problems, decoded.problems);
  const hops = decoded.value.map((pairs, i) => {
    const map = toMap(pairs);
    const field = `forwarded[${i}]`;
    const hop = { by: map.get('by') ?? '', for: map.get('for') ?? '' };
    for (const key of ['by', 'for'] as const) {
      if (hop[key] === '') {
        problems.push({
          code: 'MISSING_KEY',
          message: `${field} has no value for '${key}'`,
          field,
        });
      } else if (
        !(isIPv4(hop[key]) || isIPv6(hop[key])) &&
        !encodedSeparator(hop[key], `${field} '${key}'`, problems)
      ) {
        problems.push({
          code: 'INVALID_IP',
          message: `${field} '${key}' value '${hop[key]}' is not an IP address`,
          field,
        });
      }
    }
    return hop;
  });
  return result(hops, problems);
}

/** `Gov-Vendor-Product-Name`: the decoded name. */
export function parseProductName(text: string): ParseResult<string> {
  const problems: ParseProblem[] = [];
  if (!nonEmpty(text, problems)) return result('', problems);
  const decoded = percentDecode(text);
  addCodecProblems(problems, decoded.problems);
  return result(decoded.value, problems);
}
