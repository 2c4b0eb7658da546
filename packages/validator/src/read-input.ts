import { isGovHeaderName } from '@fph-kit/spec';

/**
 * Reads header sets from text as people have them at hand: a JSON object of header name to value,
 * a raw header block (copied from browser devtools or `curl -v`), or a HAR file. Shared by the CLI
 * and the service's web page. Input that is none of these is answered with a problem, as data.
 */

export type HeaderSetFormat = 'json' | 'headers' | 'har';

/** Where a header set came from, when the input says. */
export interface RequestInfo {
  method?: string;
  /** The full URL (HAR) or the request target (a raw block's request line). */
  url?: string;
  /** When the request started (HAR `startedDateTime`). */
  startedDateTime?: string;
}

export interface InputHeaderSet {
  /** Every header in the order given, names as given; repeated headers stay repeated. */
  headers: [string, string][];
  request?: RequestInfo;
}

export type InputProblemCode =
  /** Nothing but white space. */
  | 'EMPTY'
  /** Bytes that are not text (NUL bytes, or not UTF-8). */
  | 'BINARY'
  /** It starts like JSON but does not parse. */
  | 'INVALID_JSON'
  /** Parsed, but not a header object, header block or HAR file. */
  | 'NOT_A_HEADER_SET'
  /** A line of a header block that is not `Name: value`. */
  | 'BAD_HEADER_LINE'
  /** A HAR file whose requests carry no Gov-* header. */
  | 'NO_GOV_HEADERS';

export interface InputProblem {
  code: InputProblemCode;
  message: string;
  /** One-based line of the input, where one applies. */
  line?: number;
}

export type ReadHeaderSetsResult =
  | { ok: true; format: HeaderSetFormat; sets: InputHeaderSet[] }
  | { ok: false; problem: InputProblem };

const fail = (code: InputProblemCode, message: string, line?: number): ReadHeaderSetsResult => ({
  ok: false,
  problem: line === undefined ? { code, message } : { code, message, line },
});

const KNOWN_FORMATS =
  'give a JSON object of header name to value, a raw header block (Name: value lines) or a HAR file';

/** Line and column of byte `offset` (columns count bytes), one-based. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; where: string } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, where: `line ${line}, column ${offset - start + 1}` };
}

/** Line and column of character `offset` of `text`, one-based. */
function textPosition(text: string, offset: number): { line: number; where: string } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, where: `line ${line}, column ${offset - before.lastIndexOf('\n')}` };
}

/** Files people give by mistake, known by their first bytes. */
const SIGNATURES: readonly [string, readonly number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive or an Office document', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['an ELF program', [0x7f, 0x45, 0x4c, 0x46]],
  ['a Windows program', [0x4d, 0x5a, 0x90, 0x00]],
];

function signature(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(([, magic]) => magic.every((b, i) => bytes[i] === b))?.[0];
}

/**
 * UTF-16 text: a byte order mark, or (without one) NUL bytes at most odd or most even positions
 * and none at the others, as text in the Latin script has in UTF-16.
 */
function isUtf16(bytes: Uint8Array): boolean {
  const [a, b] = bytes;
  if ((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff)) return true;
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  return (odd > pairs * 0.7 && even === 0) || (even > pairs * 0.7 && odd === 0);
}

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // How many continuation bytes follow, and the range of the first (RFC 3629, table 3-7).
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      need = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else {
      return i;
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

function toText(input: string | Uint8Array): string | ReadHeaderSetsResult {
  if (typeof input === 'string') return input;
  const kind = signature(input);
  if (kind) return fail('BINARY', `the input is binary data (${kind}); ${KNOWN_FORMATS}`);
  if (isUtf16(input)) {
    return fail(
      'BINARY',
      "the input is UTF-16 text (as Windows PowerShell's > and Out-File write it), not UTF-8; save it as UTF-8 (Out-File -Encoding utf8)",
    );
  }
  const nul = input.indexOf(0);
  if (nul >= 0) {
    const at = bytePosition(input, nul);
    return fail(
      'BINARY',
      `the input is binary data: it has a NUL byte at ${at.where}; ${KNOWN_FORMATS}`,
      at.line,
    );
  }
  const bad = firstInvalidUtf8(input);
  if (bad >= 0) {
    const at = bytePosition(input, bad);
    const hex = input[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return fail(
      'BINARY',
      `the input is not UTF-8 text: byte 0x${hex} at ${at.where} is not part of a UTF-8 character (text saved as Latin-1 or Windows-1252?); save it as UTF-8`,
      at.line,
    );
  }
  return new TextDecoder('utf-8').decode(input);
}

/**
 * Text for a one-line message: control characters (CR, LF, NUL, the escape sequences that drive
 * a terminal), DEL and the Unicode line and direction controls are written as `\uXXXX`.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `a JSON number`, `the JSON literal true`, ... when the whole text is one such JSON value. */
function jsonPrimitive(text: string): string | undefined {
  if (!/^["\-0-9tfn]/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value === null || typeof value === 'boolean'
      ? `the JSON literal ${value}`
      : `a JSON ${typeof value}`;
  } catch {
    return undefined;
  }
}

/** Reads one or more header sets from text or bytes, detecting the format. */
export function readHeaderSets(input: string | Uint8Array): ReadHeaderSetsResult {
  const decoded = toText(input);
  if (typeof decoded !== 'string') return decoded;
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const at = textPosition(text, nul);
    return fail(
      'BINARY',
      `the input is binary data: it has a NUL character at ${at.where}; ${KNOWN_FORMATS}`,
      at.line,
    );
  }
  const start = text.trimStart();
  if (start === '') return fail('EMPTY', `the input is empty; ${KNOWN_FORMATS}`);
  if (start.startsWith('{') || start.startsWith('[')) return readJson(text);
  const primitive = jsonPrimitive(start);
  if (primitive !== undefined) {
    return fail('NOT_A_HEADER_SET', `the input is ${primitive}, not an object; ${KNOWN_FORMATS}`);
  }
  return readHeaderBlock(text);
}

/**
 * Where JSON first goes wrong: the offset of the first character a JSON parser cannot accept, or
 * the length of the text when it ends too early. Only called on text JSON.parse refused.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const space = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r'))
      i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i++;
    while (i < n && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
          }
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x') || i >= n) fail();
      }
      i++;
    }
    if (i >= n) fail();
    i++;
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  const container = (close: string, member: () => void): void => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[i] === close) break;
      if (text[i] !== ',') fail();
      i++;
    }
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      container('}', () => {
        space();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
      });
    } else if (c === '[') {
      container(']', value);
    } else if (c === '"') {
      string();
    } else if (c === 't' || c === 'f' || c === 'n') {
      literal(c === 't' ? 'true' : c === 'f' ? 'false' : 'null');
    } else {
      number();
    }
  };
  try {
    value();
    space();
    if (i < n) fail();
  } catch (at) {
    return typeof at === 'number' ? Math.min(at, n) : n;
  }
  return n;
}

function jsonProblem(text: string): ReadHeaderSetsResult {
  const offset = jsonErrorOffset(text);
  const at = textPosition(text, offset);
  const what =
    offset >= text.length
      ? 'the text ends before the JSON is complete'
      : `unexpected ${JSON.stringify(String.fromCodePoint(text.codePointAt(offset)!))}`;
  const where = offset >= text.length ? '' : ` at ${at.where}`;
  return fail('INVALID_JSON', `the input is not valid JSON: ${what}${where}`, at.line);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function readJson(text: string): ReadHeaderSetsResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return jsonProblem(text);
  }
  if (Array.isArray(data)) {
    return fail('NOT_A_HEADER_SET', `the input is a JSON array; ${KNOWN_FORMATS}`);
  }
  const object = data as Record<string, unknown>;
  const log = object.log as { entries?: unknown } | undefined;
  if (log && typeof log === 'object' && 'entries' in log) return readHar(log.entries);
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(object)) {
    if (typeof value === 'string') {
      headers.push([name, value]);
    } else if (
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((v) => typeof v === 'string')
    ) {
      for (const v of value as string[]) headers.push([name, v]);
    } else {
      return fail(
        'NOT_A_HEADER_SET',
        `the value of '${printable(name)}' is ${describeType(value)}; header values must be strings (write "${printable(name)}": "..."), or an array of strings for a repeated header`,
      );
    }
  }
  return { ok: true, format: 'json', sets: [{ headers }] };
}

function readHar(entries: unknown): ReadHeaderSetsResult {
  if (!Array.isArray(entries)) {
    return fail('NOT_A_HEADER_SET', 'the HAR file has no log.entries list');
  }
  const sets: InputHeaderSet[] = [];
  for (let i = 0; i < entries.length; i++) {
    const request = (entries[i] as { request?: unknown } | null)?.request as
      | { method?: unknown; url?: unknown; headers?: unknown }
      | undefined;
    if (!request || !Array.isArray(request.headers)) {
      return fail('NOT_A_HEADER_SET', `HAR entry ${i + 1} has no request.headers list`);
    }
    const headers: [string, string][] = [];
    for (const [j, h] of (request.headers as unknown[]).entries()) {
      const { name, value } = (h ?? {}) as { name?: unknown; value?: unknown };
      if (typeof name !== 'string' || typeof value !== 'string') {
        return fail(
          'NOT_A_HEADER_SET',
          `HAR entry ${i + 1}, header ${j + 1} needs a string name and value`,
        );
      }
      headers.push([name, value]);
    }
    if (!headers.some(([name]) => isGovHeaderName(name))) continue;
    const info: RequestInfo = {};
    if (typeof request.method === 'string') info.method = request.method;
    if (typeof request.url === 'string') info.url = request.url;
    const started = (entries[i] as { startedDateTime?: unknown }).startedDateTime;
    if (typeof started === 'string') info.startedDateTime = started;
    sets.push({ headers, request: info });
  }
  if (sets.length === 0) {
    return fail(
      'NO_GOV_HEADERS',
      `the HAR file has ${entries.length} request${entries.length === 1 ? '' : 's'} and none carries a Gov-* header`,
    );
  }
  return { ok: true, format: 'har', sets };
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?$/;

function readHeaderBlock(text: string): ReadHeaderSetsResult {
  const lines = text.split(/\r?\n/);
  const sets: InputHeaderSet[] = [];
  let current: InputHeaderSet = { headers: [] };
  const startSet = (): void => {
    if (current.headers.length > 0 || current.request) sets.push(current);
    current = { headers: [] };
  };
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    // curl -v marks what it sent with '> ', what it received with '< ', its notes with '* '.
    if (/^[<*{}] /.test(line) || line === '<' || line === '*') continue;
    if (line.startsWith('> ') || line === '>') line = line.slice(2);
    line = line.trim();
    if (line === '') continue;
    const request = REQUEST_LINE.exec(line);
    if (request) {
      startSet();
      current.request = { method: request[1]!, url: request[2]! };
      continue;
    }
    const colon = line.indexOf(':', 1);
    if (line.startsWith(':') && colon > 0) {
      // HTTP/2 pseudo-headers as devtools shows them.
      const name = line.slice(1, colon);
      const value = line.slice(colon + 1).trim();
      current.request ??= {};
      if (name === 'method') current.request.method = value;
      else if (name === 'path') current.request.url = value;
      continue;
    }
    const name = colon > 0 ? line.slice(0, colon).trimEnd() : '';
    if (!TOKEN.test(name)) {
      const shown = printable(line.length > 60 ? `${line.slice(0, 60)}...` : line);
      return fail(
        'BAD_HEADER_LINE',
        `line ${n + 1} is not a 'Name: value' header line: '${shown}'; ${KNOWN_FORMATS}`,
        n + 1,
      );
    }
    current.headers.push([name, line.slice(colon + 1).trim()]);
  }
  startSet();
  if (sets.every((s) => s.headers.length === 0)) {
    return fail('NOT_A_HEADER_SET', `no header lines found; ${KNOWN_FORMATS}`);
  }
  return { ok: true, format: 'headers', sets: sets.filter((s) => s.headers.length > 0) };
}
