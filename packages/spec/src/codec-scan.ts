import type { KeyValuePair } from './codec.js';

/**
 * The codec's character classes and its quick path: a value that is already well formed and
 * canonically encoded is read in one pass, without the problem bookkeeping of the full decoder.
 */

/** Character classes of US-ASCII: 1 unreserved (RFC 3986), 2 hexadecimal digit (both may be set). */
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9._~-]/.test(ch)) CLASS[c] = CLASS[c]! | 1;
  if (/[0-9A-Fa-f]/.test(ch)) CLASS[c] = CLASS[c]! | 2;
}

/** RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`): the only ones that never need encoding. */
export function isUnreserved(c: number): boolean {
  return c < 128 && (CLASS[c]! & 1) !== 0;
}

export function isHexDigit(c: number): boolean {
  return c < 128 && (CLASS[c]! & 2) !== 0;
}

/** Whether `text[i]` starts a percent escape of a US-ASCII character (`%00` to `%7F`). */
export function isAsciiEscape(text: string, i: number): boolean {
  const h = text.charCodeAt(i + 1);
  return h >= 0x30 && h <= 0x37 && isHexDigit(text.charCodeAt(i + 2));
}

/**
 * Whether `text[i]` starts a percent escape of a US-ASCII character other than the separators
 * `&` (26), `,` (2C) and `=` (3D), which the full decoder judges in context.
 */
function plainEscape(text: string, i: number): boolean {
  const h = text.charCodeAt(i + 1);
  const l = text.charCodeAt(i + 2);
  if (!(h >= 0x30 && h <= 0x37) || !isHexDigit(l)) return false;
  if (h === 0x32 && (l === 0x36 || l === 0x43 || l === 0x63)) return false;
  if (h === 0x33 && (l === 0x44 || l === 0x64)) return false;
  return true;
}

function decodePart(text: string, start: number, end: number, escaped: boolean): string {
  const part = text.slice(start, end);
  return escaped ? decodeURIComponent(part) : part;
}

/**
 * The quick reading of `k=v&k=v[,k=v&k=v]` that a well-formed, canonically encoded value gets:
 * every key non-empty, no key repeated in a structure, only unreserved characters and escapes of
 * plain US-ASCII. Undefined when the value needs the full decoder (which then reports why); when
 * defined, it is exactly what the full decoder gives.
 */
export function scanKeyValue(text: string, list: boolean): KeyValuePair[][] | undefined {
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
