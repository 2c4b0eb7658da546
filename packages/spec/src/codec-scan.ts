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
/** The scan's classes: 1 unreserved, 2 `=`, 3 `%`, 4 `&`, 5 `,`, 0 anything else. */
const TYPE = new Uint8Array(128);
for (let c = 0; c < 128; c++) TYPE[c] = CLASS[c]! & 1;
TYPE[0x3d] = 2;
TYPE[0x25] = 3;
TYPE[0x26] = 4;
TYPE[0x2c] = 5;

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

/**
 * `text[start, end)` with its escapes (all of plain US-ASCII, as the scan checked) decoded.
 */
export function decodeAscii(text: string, start: number, end: number): string {
  let out = '';
  let from = start;
  for (let i = text.indexOf('%', start); i >= 0 && i < end; i = text.indexOf('%', i + 3)) {
    const h = text.charCodeAt(i + 1) - 0x30;
    const l = text.charCodeAt(i + 2);
    const low = l <= 0x39 ? l - 0x30 : (l | 0x20) - 0x57;
    out += text.slice(from, i) + String.fromCharCode(h * 16 + low);
    from = i + 3;
  }
  return out + text.slice(from, end);
}

function decodePart(text: string, start: number, end: number, escaped: boolean): string {
  return escaped ? decodeAscii(text, start, end) : text.slice(start, end);
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
  while (true) {
    // One key=value up to the next separator.
    let eq = -1;
    let escaped = false;
    let keyEscaped = false;
    let i = start;
    let c = 0;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      const type = c < 128 ? TYPE[c]! : 0;
      if (type === 1) continue;
      if (type === 2) {
        if (eq >= 0) return undefined;
        eq = i;
        keyEscaped = escaped;
        escaped = false;
      } else if (type === 3) {
        if (!plainEscape(text, i)) return undefined;
        escaped = true;
        i += 2;
      } else if (type === 4 || (type === 5 && list)) {
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
    if (c === 0x2c) {
      structures.push(pairs);
      pairs = [];
    }
    start = i + 1;
  }
}
