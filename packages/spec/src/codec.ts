import { decodeAscii, isAsciiEscape, isUnreserved, scanKeyValue } from './codec-scan.js';
import { DETAILED } from './detail.js';
import { fail, refuse, SpecError } from './errors.js';

export { isAsciiEscape, isUnreserved } from './codec-scan.js';

/**
 * Percent-encoding and the three structures the spec builds from it (lists, key-value structures,
 * lists of key-value structures). Encoders throw {@link SpecError} for input they cannot represent;
 * decoders never throw: they return the best-effort value and every problem found, as data.
 */

export type CodecProblemCode =
  /** `%` not followed by two hexadecimal digits. */
  | 'BAD_PERCENT_ESCAPE'
  /** Percent escapes that do not decode to valid UTF-8. */
  | 'INVALID_UTF8'
  /** A raw character outside US-ASCII (must be percent-encoded). */
  | 'NON_ASCII'
  /** A raw control character such as NUL, TAB, CR or LF. */
  | 'CONTROL_CHARACTER'
  /** A printable ASCII character outside the unreserved set that should have been percent-encoded. */
  | 'UNENCODED_CHARACTER'
  /**
   * A separator (`=`, `&`, `,`) sent percent-encoded where the structure needs it raw: a pair
   * whose only `=` is encoded. (A properly encoded value may contain separators, so the decoders
   * never guess beyond that; the typed parsers report it where a value can never hold one.)
   */
  | 'ENCODED_SEPARATOR'
  /** A key-value pair without `=`. */
  | 'MISSING_EQUALS'
  /** A key-value pair with an empty key. */
  | 'EMPTY_KEY'
  /** An empty item between `&` separators. */
  | 'EMPTY_PAIR'
  /** An empty value in a list (`a,,b`, a leading or trailing comma). */
  | 'EMPTY_LIST_VALUE'
  /** The same key twice in one key-value structure. */
  | 'DUPLICATE_KEY';

export interface CodecProblem {
  code: CodecProblemCode;
  /** Zero-based character offset in the text given to the decoder. */
  offset: number;
  message: string;
}

/** A decoder's answer: the value as far as it could be read, and every problem met on the way. */
export interface Decoded<T> {
  value: T;
  problems: CodecProblem[];
}

export type KeyValuePair = readonly [key: string, value: string];

const HEX = '0123456789ABCDEF';

/** Text made only of RFC 3986 unreserved characters, which percent-encoding leaves as it is. */
const UNRESERVED_ONLY = /^[\w.~-]*$/;

/** `!'()*`: the characters `encodeURIComponent` leaves alone but RFC 3986 reserves. */
const SUB_DELIMS = /[!'()*]/g;

/**
 * `encodeURIComponent(text)`, with the lone UTF-16 surrogate it cannot encode (it has no UTF-8
 * form) reported as {@link SpecError} `UNREPRESENTABLE` for `field`. Internal to this package.
 */
export function encodeUtf8(text: string, field: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    throw new SpecError(
      'UNREPRESENTABLE',
      field,
      DETAILED ? 'must be free of lone UTF-16 surrogates' : 'lone surrogate',
    );
  }
}

/**
 * Percent-encodes every character outside the RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`), as
 * UTF-8 with upper-case hex. Unlike `encodeURIComponent`, `! ' ( ) *` are encoded too.
 * Throws {@link SpecError} `UNREPRESENTABLE` for a lone UTF-16 surrogate.
 */
export function percentEncode(input: string, field = 'value'): string {
  if (typeof input !== 'string') refuse(field, 'a string', input);
  // Most values (names, versions, hashes, IPv4 addresses) need nothing: return them at once.
  if (UNRESERVED_ONLY.test(input)) return input;
  return encodeUtf8(input, field).replace(
    SUB_DELIMS,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function describeChar(c: number): string {
  const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c === 0x0d) return `carriage return (${code})`;
  if (c === 0x0a) return `line feed (${code})`;
  if (c === 0x00) return `NUL (${code})`;
  if (c === 0x09) return `tab (${code})`;
  if (c === 0x20) return `space (${code})`;
  if (c < 0x20 || c === 0x7f) return `control character ${code}`;
  return `'${String.fromCharCode(c)}' (${code})`;
}

/**
 * Decodes `text.slice(start, end)`, appending problems (with offsets in `text`). The callers have
 * already split on their separators, so any raw reserved character left here is unencoded.
 */
function decodeRange(text: string, start: number, end: number, problems: CodecProblem[]): string {
  // Fast paths: nothing to decode and nothing to report, or only escapes of plain US-ASCII.
  let i = start;
  while (i < end && isUnreserved(text.charCodeAt(i))) i++;
  if (i === end) return text.slice(start, end);
  let plain = i;
  while (plain < end) {
    const c = text.charCodeAt(plain);
    if (isUnreserved(c)) plain++;
    else if (c === 0x25 && plain + 2 < end && isAsciiEscape(text, plain)) plain += 3;
    else break;
  }
  if (plain === end) return decodeAscii(text, start, end);

  let out = text.slice(start, i);
  let bytes: number[] | null = null;
  let bytesStart = 0;
  const flush = (): void => {
    if (bytes === null) return;
    out += utf8Decode(bytes, bytesStart, problems);
    bytes = null;
  };
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const h = i + 2 < end ? hexValue(text.charCodeAt(i + 1)) : -1;
      const l = h >= 0 ? hexValue(text.charCodeAt(i + 2)) : -1;
      if (l >= 0) {
        if (bytes === null) {
          bytes = [];
          bytesStart = i;
        }
        bytes.push((h << 4) | l);
        i += 2;
        continue;
      }
      flush();
      problems.push({
        code: 'BAD_PERCENT_ESCAPE',
        offset: i,
        message: `'%' at character ${i + 1} is not followed by two hexadecimal digits (write '%25' for a literal '%')`,
      });
      out += '%';
      continue;
    }
    flush();
    if (isUnreserved(c)) {
      out += text[i];
    } else if (c < 0x20 || c === 0x7f) {
      problems.push({
        code: 'CONTROL_CHARACTER',
        offset: i,
        message: `${describeChar(c)} at character ${i + 1} is not allowed in a header value`,
      });
      out += text[i];
    } else if (c >= 0x80) {
      const cp = text.codePointAt(i)!;
      problems.push({
        code: 'NON_ASCII',
        offset: i,
        message: `non-ASCII character ${describeChar(cp)} at character ${i + 1} must be percent-encoded as UTF-8`,
      });
      const ch = String.fromCodePoint(cp);
      out += ch;
      i += ch.length - 1;
    } else {
      problems.push({
        code: 'UNENCODED_CHARACTER',
        offset: i,
        message: `${describeChar(c)} at character ${i + 1} must be percent-encoded as ${hexEscape(c)}`,
      });
      out += text[i];
    }
  }
  flush();
  return out;
}

function hexEscape(c: number): string {
  return `%${HEX[c >> 4]}${HEX[c & 15]}`;
}

/** Strict UTF-8 decoding of percent-escaped bytes; invalid sequences are reported and kept as escapes. */
function utf8Decode(bytes: number[], offset: number, problems: CodecProblem[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      min = 0x10000;
    }
    let ok = need > 0 && i + need < bytes.length;
    if (ok) {
      for (let k = 1; k <= need; k++) {
        const cont = bytes[i + k];
        if (cont === undefined || (cont & 0xc0) !== 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (cont & 0x3f);
      }
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) {
      const at = offset + i * 3;
      problems.push({
        code: 'INVALID_UTF8',
        offset: at,
        message: `percent escape ${hexEscape(b)} at character ${at + 1} does not start a valid UTF-8 sequence`,
      });
      out += hexEscape(b);
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/**
 * Decodes a percent-encoded value. Every character outside the unreserved set that appears raw is
 * reported (`UNENCODED_CHARACTER`, `NON_ASCII`, `CONTROL_CHARACTER`), but kept in the value.
 */
export function percentDecode(text: string): Decoded<string> {
  const problems: CodecProblem[] = [];
  const value = decodeRange(text, 0, text.length, problems);
  return { value, problems };
}

/** Encodes a list: each value percent-encoded, joined with raw commas. Empty values are refused. */
export function encodeList(values: readonly string[], field = 'list'): string {
  return values
    .map((v, i) => {
      if (v === '') refuse(`${field}[${i}]`, 'a non-empty string', v);
      return percentEncode(v, `${field}[${i}]`);
    })
    .join(',');
}

/**
 * Splits `text[start, end)` on a separator character code, calling back with each item's bounds.
 */
function splitRange(
  text: string,
  start: number,
  end: number,
  sep: number,
  each: (s: number, e: number) => void,
): void {
  let s = start;
  for (let i = start; i < end; i++) {
    if (text.charCodeAt(i) === sep) {
      each(s, i);
      s = i + 1;
    }
  }
  each(s, end);
}

/** Decodes a comma-separated list of percent-encoded values. `''` decodes to an empty list. */
export function decodeList(text: string): Decoded<string[]> {
  const problems: CodecProblem[] = [];
  const value: string[] = [];
  if (text === '') return { value, problems };
  splitRange(text, 0, text.length, 0x2c, (s, e) => {
    if (s === e) {
      problems.push({
        code: 'EMPTY_LIST_VALUE',
        offset: s,
        message: `empty list value at character ${s + 1}: values must not be empty (check for doubled, leading or trailing commas)`,
      });
      return;
    }
    value.push(decodeRange(text, s, e, problems));
  });
  return { value, problems };
}

type PairsInput = Iterable<KeyValuePair> | Readonly<Record<string, string>>;

function toPairs(input: PairsInput, field: string): readonly KeyValuePair[] {
  if (typeof input !== 'object' || input === null) {
    refuse(field, 'an object, a Map or [key, value] pairs', input);
  }
  if (!(Symbol.iterator in input)) return Object.entries(input as Record<string, string>);
  const pairs = Array.isArray(input)
    ? (input as readonly KeyValuePair[])
    : [...(input as Iterable<KeyValuePair>)];
  // Each entry must be a [key, value] pair: destructuring anything else would throw a TypeError.
  for (let i = 0; i < pairs.length; i++) {
    if (!Array.isArray(pairs[i])) refuse(`${field}[${i}]`, 'a [key, value] pair', pairs[i]);
  }
  return pairs;
}

/**
 * Encodes a key-value structure `k1=v1&k2=v2`: keys and values percent-encoded, separators raw.
 * Keys must be non-empty; values may be empty (the spec allows a key with no applicable value).
 */
export function encodeKeyValue(input: PairsInput, field = 'key-value'): string {
  const pairs: readonly KeyValuePair[] = toPairs(input, field);
  // Past a few pairs, repeated keys are found with a set rather than by comparing each pair.
  const seen = pairs.length > 16 ? new Set<string>() : undefined;
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    const k: unknown = pair[0];
    const v: unknown = pair[1];
    if (typeof k !== 'string' || k === '') refuse(`${field}[${i}]`, 'a non-empty string key', k);
    if (typeof v !== 'string') refuse(`${field}.${k}`, 'a string', v);
    if (seen === undefined) {
      for (let j = 0; j < i; j++) {
        if (pairs[j]![0] === k) fail(`${field}.${k}`, `key '${k}' appears twice`);
      }
    } else {
      if (seen.has(k)) fail(`${field}.${k}`, `key '${k}' appears twice`);
      seen.add(k);
    }
    const key = UNRESERVED_ONLY.test(k) ? k : percentEncode(k, `${field} key ${i}`);
    const value = UNRESERVED_ONLY.test(v) ? v : percentEncode(v, `${field}.${k}`);
    out += `${i === 0 ? '' : '&'}${key}=${value}`;
  }
  return out;
}

function decodeKeyValueRange(
  text: string,
  start: number,
  end: number,
  problems: CodecProblem[],
): KeyValuePair[] {
  const pairs: KeyValuePair[] = [];
  if (start === end) return pairs;
  const seen = new Set<string>();
  splitRange(text, start, end, 0x26, (s, e) => {
    if (s === e) {
      problems.push({
        code: 'EMPTY_PAIR',
        offset: s,
        message: `empty key-value pair at character ${s + 1} (check for doubled, leading or trailing '&')`,
      });
      return;
    }
    let eq = -1;
    for (let i = s; i < e; i++) {
      if (text.charCodeAt(i) === 0x3d) {
        eq = i;
        break;
      }
    }
    if (eq < 0) {
      const before = problems.length;
      const decoded = decodeRange(text, s, e, problems);
      const raw = text.slice(s, e);
      if (/%3d/i.test(raw) && decoded.includes('=')) {
        problems.splice(before);
        problems.push({
          code: 'ENCODED_SEPARATOR',
          offset: s + raw.search(/%3d/i),
          message: `the '=' separator is percent-encoded as '%3D' in '${raw}'; separators must be sent raw`,
        });
      } else {
        problems.push({
          code: 'MISSING_EQUALS',
          offset: s,
          message: `'${raw}' at character ${s + 1} has no '=': write key=value (an empty value is allowed: key=)`,
        });
      }
      pairs.push([decoded, '']);
      return;
    }
    if (eq === s) {
      problems.push({
        code: 'EMPTY_KEY',
        offset: s,
        message: `key-value pair at character ${s + 1} has an empty key`,
      });
    }
    const key = decodeRange(text, s, eq, problems);
    const value = decodeRange(text, eq + 1, e, problems);
    if (seen.has(key)) {
      problems.push({
        code: 'DUPLICATE_KEY',
        offset: s,
        message: `key '${key}' appears more than once`,
      });
    }
    seen.add(key);
    pairs.push([key, value]);
  });
  return pairs;
}

/** Decodes a key-value structure. Pairs keep their order; duplicates are kept and reported. */
export function decodeKeyValue(text: string): Decoded<KeyValuePair[]> {
  const quick = scanKeyValue(text, false);
  if (quick !== undefined) return { value: quick[0]!, problems: [] };
  return fullyDecodeKeyValue(text);
}

/** Internal (for tests): {@link decodeKeyValue} without its quick path. */
export function fullyDecodeKeyValue(text: string): Decoded<KeyValuePair[]> {
  const problems: CodecProblem[] = [];
  const value = decodeKeyValueRange(text, 0, text.length, problems);
  return { value, problems };
}

/** Encodes a list of key-value structures: `k=v&k2=v2,k=v&k2=v2`. */
export function encodeKeyValueList(
  structures: readonly PairsInput[],
  field = 'key-value list',
): string {
  return structures
    .map((s, i) => {
      const encoded = encodeKeyValue(s, `${field}[${i}]`);
      if (encoded === '') fail(`${field}[${i}]`, 'needs at least one key=value pair');
      return encoded;
    })
    .join(',');
}

/** Decodes a list of key-value structures separated by commas. */
export function decodeKeyValueList(text: string): Decoded<KeyValuePair[][]> {
  const quick = scanKeyValue(text, true);
  if (quick !== undefined) return { value: quick, problems: [] };
  return fullyDecodeKeyValueList(text);
}

/** Internal (for tests): {@link decodeKeyValueList} without its quick path. */
export function fullyDecodeKeyValueList(text: string): Decoded<KeyValuePair[][]> {
  const problems: CodecProblem[] = [];
  const value: KeyValuePair[][] = [];
  if (text === '') return { value, problems };
  splitRange(text, 0, text.length, 0x2c, (s, e) => {
    if (s === e) {
      problems.push({
        code: 'EMPTY_LIST_VALUE',
        offset: s,
        message: `empty structure at character ${s + 1} (check for doubled, leading or trailing commas)`,
      });
      return;
    }
    value.push(decodeKeyValueRange(text, s, e, problems));
  });
  return { value, problems };
}

/** True when every character is printable US-ASCII (0x20 to 0x7E). */
export function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}
