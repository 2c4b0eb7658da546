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

function toText(input: string | Uint8Array): string | ReadHeaderSetsResult {
  if (typeof input === 'string') return input;
  const sample = input.subarray(0, 8192);
  if (sample.includes(0)) {
    return fail('BINARY', `the input is binary data (it contains NUL bytes); ${KNOWN_FORMATS}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    return fail('BINARY', `the input is not UTF-8 text; ${KNOWN_FORMATS}`);
  }
}

/** Reads one or more header sets from text or bytes, detecting the format. */
export function readHeaderSets(input: string | Uint8Array): ReadHeaderSetsResult {
  const decoded = toText(input);
  if (typeof decoded !== 'string') return decoded;
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  if (text.includes('\u0000')) {
    return fail(
      'BINARY',
      `the input is binary data (it contains NUL characters); ${KNOWN_FORMATS}`,
    );
  }
  const start = text.trimStart();
  if (start === '') return fail('EMPTY', `the input is empty; ${KNOWN_FORMATS}`);
  if (start.startsWith('{') || start.startsWith('[')) return readJson(text);
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
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const what =
    offset >= text.length
      ? 'the text ends before the JSON is complete'
      : `unexpected ${JSON.stringify(String.fromCodePoint(text.codePointAt(offset)!))}`;
  const where = offset >= text.length ? '' : ` at line ${line}, column ${column}`;
  return fail('INVALID_JSON', `the input is not valid JSON: ${what}${where}`, line);
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
        `the value of '${name}' is ${describeType(value)}; header values must be strings (write "${name}": "..."), or an array of strings for a repeated header`,
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
      const shown = line.length > 60 ? `${line.slice(0, 60)}...` : line;
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
