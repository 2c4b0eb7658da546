import {
  type CodecProblem,
  type CodecProblemCode,
  decodeKeyValue,
  decodeKeyValueList,
  decodeList,
  type KeyValuePair,
} from '@fph-kit/spec';
import { isPlaceholder } from './examples.js';
import { headerRule, rule } from './rules.js';
import type { Run } from './run.js';
import { tuning } from './tuning.js';

/**
 * Reading the spec's structures (lists, key-value, lists of key-value) for the checks. A fast
 * scanner recognises a value that is already well formed and canonically encoded, without
 * allocating more than the decoded strings; anything else goes to the spec's decoders, whose
 * problems become the report's encoding and structure rules.
 */

/** One key-value structure, keys and values decoded; a repeated key keeps its first value. */
export type Pairs = readonly KeyValuePair[];

const NOT_UTF8 = rule('any.not-utf8');
const PLACEHOLDER = rule('any.placeholder');

/** Character classes of US-ASCII: 1 unreserved (RFC 3986), 2 hexadecimal digit (both may be set). */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9._~-]/.test(ch)) CLASS[c] = CLASS[c]! | 1;
  if (/[0-9A-Fa-f]/.test(ch)) CLASS[c] = CLASS[c]! | 2;
}

export function isUnreserved(c: number): boolean {
  return c < 128 && (CLASS[c]! & 1) !== 0;
}

function hex(c: number): boolean {
  return c < 128 && (CLASS[c]! & 2) !== 0;
}

/** Whether `text[i]` starts a percent escape of a US-ASCII character. */
export function asciiEscape(text: string, i: number): boolean {
  const h = text.charCodeAt(i + 1);
  return h >= 0x30 && h <= 0x37 && hex(text.charCodeAt(i + 2));
}

/**
 * Whether `text[i]` starts a percent escape of a US-ASCII character other than the separators
 * `&` (26), `,` (2C) and `=` (3D), which the decoders judge in context.
 */
function plainEscape(text: string, i: number): boolean {
  const h = text.charCodeAt(i + 1);
  const l = text.charCodeAt(i + 2);
  if (!(h >= 0x30 && h <= 0x37) || !hex(l)) return false;
  if (h === 0x32 && (l === 0x36 || l === 0x43 || l === 0x63)) return false;
  if (h === 0x33 && (l === 0x44 || l === 0x64)) return false;
  return true;
}

function decodePart(text: string, start: number, end: number, escaped: boolean): string {
  const part = text.slice(start, end);
  return escaped ? decodeURIComponent(part) : part;
}

/**
 * Fast reading of `k=v&k=v[,k=v&k=v]`: every key non-empty, no repeated key in a structure, only
 * unreserved characters and plain escapes. Undefined when the value needs the full decoder.
 */
function scanKeyValue(text: string, list: boolean): Pairs[] | undefined {
  const n = text.length;
  if (n === 0) return undefined;
  const structures: KeyValuePair[][] = [];
  let pairs: KeyValuePair[] = [];
  let start = 0;
  let eq = -1;
  let escaped = false;
  let keyEscaped = false;
  let i = 0;
  while (true) {
    // Scan one key=value up to the next separator.
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 128 && (CLASS[c]! & 1) !== 0) continue;
      if (c === 0x3d) {
        if (eq >= 0) return undefined;
        eq = i;
        keyEscaped = escaped;
        escaped = false;
      } else if (c === 0x25) {
        if (!plainEscape(text, i)) return undefined;
        escaped = true;
        i += 2;
      } else if (c === 0x26 || (c === 0x2c && list)) {
        break;
      } else {
        return undefined;
      }
    }
    if (eq <= start) return undefined;
    const key = decodePart(text, start, eq, keyEscaped);
    for (let p = 0; p < pairs.length; p++) if (pairs[p]![0] === key) return undefined;
    pairs.push([key, decodePart(text, eq + 1, i, escaped)]);
    if (i === n) {
      structures.push(pairs);
      return structures;
    }
    if (text.charCodeAt(i) === 0x2c) {
      structures.push(pairs);
      pairs = [];
    }
    i++;
    start = i;
    eq = -1;
    escaped = false;
    keyEscaped = false;
  }
}

/** The rule (per header) each decoder problem becomes; not-utf8 is an advisory for any header. */
const PROBLEM_RULES: Readonly<Record<CodecProblemCode, string>> = {
  UNENCODED_CHARACTER: 'not-percent-encoded',
  NON_ASCII: 'not-percent-encoded',
  CONTROL_CHARACTER: 'not-percent-encoded',
  BAD_PERCENT_ESCAPE: 'not-percent-encoded',
  INVALID_UTF8: 'not-utf8',
  ENCODED_SEPARATOR: 'encoded-separator',
  MISSING_EQUALS: 'not-key-value',
  EMPTY_KEY: 'not-key-value',
  EMPTY_PAIR: 'not-key-value',
  EMPTY_LIST_VALUE: 'empty-item',
  DUPLICATE_KEY: 'duplicate-key',
};

/** Problems after which the value cannot be read as the structure it should be. */
const STRUCTURAL = new Set(['MISSING_EQUALS', 'EMPTY_KEY', 'EMPTY_PAIR', 'ENCODED_SEPARATOR']);

/** Turns decoder problems into rule hits; true when the structure itself could not be read. */
function reportProblems(
  problems: readonly CodecProblem[],
  key: string,
  value: string,
  run: Run,
): boolean {
  let broken = false;
  for (const p of problems) {
    const problem = PROBLEM_RULES[p.code];
    run.hit(problem === 'not-utf8' ? NOT_UTF8 : headerRule(key, problem), key, value, p.message);
    if (STRUCTURAL.has(p.code)) broken = true;
  }
  return broken;
}

function firstWins(pairs: readonly KeyValuePair[]): Pairs {
  const seen = new Set<string>();
  const out: KeyValuePair[] = [];
  for (const pair of pairs) {
    if (seen.has(pair[0])) continue;
    seen.add(pair[0]);
    out.push(pair);
  }
  return out;
}

/**
 * The structures of a key-value (`list` false) or key-value-list header, with encoding and
 * structure problems recorded on `run`. Undefined when the structure is broken, so the checks of
 * keys and values do not pile more messages on a value that is not key-value data at all.
 */
export function readKeyValue(
  value: string,
  key: string,
  list: boolean,
  run: Run,
): Pairs[] | undefined {
  let structures = tuning.fastPaths ? scanKeyValue(value, list) : undefined;
  if (!structures) {
    const decoded = list ? decodeKeyValueList(value) : decodeKeyValue(value);
    if (reportProblems(decoded.problems, key, value, run)) return undefined;
    structures = list
      ? (decoded.value as KeyValuePair[][]).map(firstWins)
      : [firstWins(decoded.value as KeyValuePair[])];
  }
  for (const pairs of structures) {
    for (const [k, v] of pairs) {
      if (isPlaceholder(v)) run.hit(PLACEHOLDER, key, value, `${k}=${v}`);
    }
  }
  return structures;
}

/** The decoded values of a list header, with encoding problems recorded on `run`. */
export function readList(value: string, key: string, run: Run): string[] | undefined {
  const decoded = decodeList(value);
  if (reportProblems(decoded.problems, key, value, run)) return undefined;
  // Addresses never contain a comma: one decoded from %2C is a separator sent encoded, wherever
  // it is in the list (the decoder only recognises a list that is all one item).
  const joined = decoded.value.find((item) => item.includes(','));
  if (joined !== undefined) {
    run.hit(headerRule(key, 'encoded-separator'), key, value, `'${joined}' holds an encoded comma`);
    return undefined;
  }
  for (const item of decoded.value) {
    if (isPlaceholder(item)) run.hit(PLACEHOLDER, key, value, `'${item}'`);
  }
  return decoded.value;
}

/** The value of `key` in one structure (first occurrence), or undefined. */
export function get(pairs: Pairs, key: string): string | undefined {
  for (const [k, v] of pairs) if (k === key) return v;
  return undefined;
}
