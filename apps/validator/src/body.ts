import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { ServiceError } from './errors.js';

/**
 * Reading request bodies at the edge: size limits, UTF-8, JSON with positions, duplicate keys.
 * Each failure is a {@link ServiceError} naming what was wrong and where.
 */

function tooLarge(limit: number, close: boolean, size?: number): ServiceError {
  const what = size === undefined ? 'the body is larger than' : `the body has ${size} bytes, over`;
  return new ServiceError('PAYLOAD_TOO_LARGE', `${what} the limit of ${limit} bytes`, {
    extensions: { limit },
    close,
  });
}

/**
 * How much of an oversized body is read and thrown away before answering 413, so that the client,
 * still sending, reliably receives the answer. Past this the connection is closed at once.
 */
function drainCap(limit: number): number {
  return Math.max(limit * 4, 8 * 1024 * 1024);
}

/**
 * Reads the whole body, refusing more than `limit` bytes (by Content-Length before reading, or
 * as soon as the stream passes it) and compressed bodies.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    throw new ServiceError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding '${encoding}' is not supported: send the body uncompressed`,
      { close: true },
    );
  }
  const declared = req.headers['content-length'];
  const declaredSize = declared === undefined ? undefined : Number(declared);
  if (declaredSize !== undefined && declaredSize > drainCap(limit)) {
    throw tooLarge(limit, true, declaredSize);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declaredSize !== undefined && declaredSize > limit;
    const done = (error: ServiceError | undefined, body?: Buffer): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error) reject(error);
      else resolve(body!);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > drainCap(limit)) {
        req.pause();
        done(tooLarge(limit, true));
        return;
      }
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    };
    const onEnd = (): void =>
      done(over ? tooLarge(limit, false, size) : undefined, Buffer.concat(chunks, size));
    const onError = (cause: Error): void =>
      done(
        new ServiceError('BAD_REQUEST', 'the request body could not be read', {
          cause,
          close: true,
        }),
      );
    const onClose = (): void => {
      if (!req.complete) {
        done(
          new ServiceError('BAD_REQUEST', 'the client closed the request before its body ended'),
        );
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Offset of the first byte that breaks UTF-8 (only called on bytes `isUtf8` refused). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : 3;
    if (b >= 0x80 && (b < 0xc2 || b > 0xf4)) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    if (need === 2) {
      const c = bytes[i + 1]!;
      if ((b === 0xe0 && c < 0xa0) || (b === 0xed && c > 0x9f)) return i;
    } else if (need === 3) {
      const c = bytes[i + 1]!;
      if ((b === 0xf0 && c < 0x90) || (b === 0xf4 && c > 0x8f)) return i;
    }
    i += need + 1;
  }
  return bytes.length;
}

/** The body as text, refusing anything that is not UTF-8 (a leading byte order mark is dropped). */
export function decodeUtf8(bytes: Buffer): string {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const byte = bytes[offset];
    const shown =
      byte === undefined
        ? 'the body ends inside a character'
        : `byte 0x${byte.toString(16).padStart(2, '0')}`;
    throw new ServiceError(
      'INVALID_UTF8',
      `the body is not UTF-8: ${shown} at offset ${offset} does not start a valid character; send the text as UTF-8`,
      { extensions: { offset } },
    );
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Line and column (1-based) of a UTF-16 offset in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Parses JSON text; a failure names the line and column where V8 stopped, when it says. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const position = /at position (\d+)/.exec(message);
    if (text.trim() === '') {
      throw new ServiceError('MALFORMED_JSON', 'the body is empty; send a JSON object', { cause });
    }
    const offset = position ? Number(position[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    const reason = position
      ? message
          .replace(/\s*in JSON at position \d+.*$/s, '')
          .replace(/ \(line \d+ column \d+\)$/, '')
      : 'the text ends before the JSON is complete';
    throw new ServiceError(
      'MALFORMED_JSON',
      `the body is not valid JSON: ${reason} at line ${line}, column ${column}`,
      { extensions: { line, column }, cause },
    );
  }
}

/** JSON Pointer (RFC 6901) of a path of keys. */
export function pointer(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/**
 * The first object key that appears twice in the same object of valid JSON `text` (JSON.parse
 * would keep only the last value), with the pointer of that object. Linear, one pass.
 */
export function findDuplicateKey(text: string): { pointer: string; key: string } | undefined {
  interface Frame {
    keys: Set<string> | undefined;
    path: (string | number)[];
    index: number;
    pendingKey: string | undefined;
  }
  const stack: Frame[] = [];
  let expectKey = false;
  let i = 0;
  const n = text.length;
  const readString = (): string => {
    const start = i;
    i++;
    let escaped = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c === 0x22) break;
      i++;
    }
    i++;
    const raw = text.slice(start, i);
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  };
  const childPath = (): (string | number)[] => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    return top.keys ? [...top.path, top.pendingKey ?? ''] : [...top.path, top.index];
  };
  while (i < n) {
    const ch = text[i]!;
    if (ch === '"') {
      const top = stack[stack.length - 1];
      if (top?.keys && expectKey) {
        const key = readString();
        if (top.keys.has(key)) return { pointer: pointer(top.path), key };
        top.keys.add(key);
        top.pendingKey = key;
        expectKey = false;
      } else {
        readString();
      }
      continue;
    }
    if (ch === '{' || ch === '[') {
      stack.push({
        keys: ch === '{' ? new Set() : undefined,
        path: childPath(),
        index: 0,
        pendingKey: undefined,
      });
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      expectKey = false;
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    }
    i++;
  }
  return undefined;
}

/** Parses a JSON body: UTF-8, valid JSON, no key given twice in one object. */
export function parseJsonBody(bytes: Buffer): unknown {
  const text = decodeUtf8(bytes);
  const value = parseJsonText(text);
  const duplicate = text.includes('"') ? findDuplicateKey(text) : undefined;
  if (duplicate) {
    const where =
      duplicate.pointer === '' ? 'the top-level object' : `the object at ${duplicate.pointer}`;
    throw new ServiceError(
      'DUPLICATE_KEY',
      `${where} has the key ${JSON.stringify(duplicate.key)} more than once, so a value would be lost; for a repeated header give an array of values`,
      { extensions: { pointer: duplicate.pointer, key: duplicate.key } },
    );
  }
  return value;
}

/** True when a Content-Type header names JSON (`application/json` or any `+json` type). */
export function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
