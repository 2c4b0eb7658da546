import { CONNECTION_METHODS, type ConnectionMethod, isConnectionMethod } from '@fph-kit/spec';
import { pointer } from './body.js';
import { ServiceError } from './errors.js';

/**
 * The shapes of the `/v1` request bodies and the checks on header names and values that hold at
 * every edge: what HTTP could never carry is refused with the field named, never judged or
 * altered.
 */

/** A header set as given: pairs in the order given, repeated headers repeated. */
export type HeaderPairs = [name: string, value: string][];

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Characters an HTTP field value cannot hold: C0 controls except tab, and DEL. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

function describeControl(char: string): string {
  const code = char.charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0) return `a NUL character (${hex})`;
  if (code === 0x0d) return `a carriage return (${hex})`;
  if (code === 0x0a) return `a line feed (${hex})`;
  return `the control character ${hex}`;
}

/** Refuses a header name that is not an HTTP token and a value HTTP cannot carry. */
export function checkHeader(name: string, value: string, where: string): void {
  if (!TOKEN.test(name)) {
    throw new ServiceError(
      'INVALID_HEADER_NAME',
      `${where}: ${JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name)} is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~- only)`,
      { extensions: { pointer: where } },
    );
  }
  const bad = CONTROL.exec(value);
  if (bad) {
    throw new ServiceError(
      'INVALID_HEADER_VALUE',
      `${where}: the value of ${name} has ${describeControl(bad[0])} at position ${bad.index + 1}, which an HTTP header cannot carry; remove it (or percent-encode it where the header's format allows)`,
      { extensions: { pointer: where, header: name, position: bad.index + 1 } },
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function invalid(where: string, message: string): ServiceError {
  return new ServiceError('INVALID_BODY', message, { extensions: { pointer: where } });
}

/**
 * Reads `headers`: an object of name to value (an array of values for a repeated header), or an
 * array of `[name, value]` pairs.
 */
function readHeaders(value: unknown, path: readonly (string | number)[]): HeaderPairs {
  const at = pointer(path);
  const pairs: HeaderPairs = [];
  if (Array.isArray(value)) {
    value.forEach((pair, i) => {
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        typeof pair[0] !== 'string' ||
        typeof pair[1] !== 'string'
      ) {
        throw invalid(
          pointer([...path, i]),
          `${pointer([...path, i])} must be a [name, value] pair of strings, got ${describe(pair)}`,
        );
      }
      checkHeader(pair[0], pair[1], pointer([...path, i]));
      pairs.push([pair[0], pair[1]]);
    });
    return pairs;
  }
  if (value === null || typeof value !== 'object') {
    throw invalid(
      at,
      `${at} must be an object of header name to value (or an array of [name, value] pairs), got ${describe(value)}`,
    );
  }
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const where = pointer([...path, name]);
    if (typeof v === 'string') {
      checkHeader(name, v, where);
      pairs.push([name, v]);
    } else if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) {
      for (const item of v as string[]) {
        checkHeader(name, item, where);
        pairs.push([name, item]);
      }
    } else {
      throw invalid(
        where,
        `${where} must be a string (or a non-empty array of strings for a repeated header), got ${describe(v)}`,
      );
    }
  }
  return pairs;
}

/** A connection method from a body field or query parameter; undefined when absent. */
export function readConnectionMethod(value: unknown, where: string): ConnectionMethod | undefined {
  if (value === undefined) return undefined;
  if (!isConnectionMethod(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : describe(value);
    throw new ServiceError(
      'INVALID_CONNECTION_METHOD',
      `${where} is ${shown}; it must be one of ${CONNECTION_METHODS.join(', ')}`,
      { extensions: { pointer: where, allowed: [...CONNECTION_METHODS] } },
    );
  }
  return value;
}

/** The body must be a JSON object with only `allowed` properties and every `required` one. */
function readObject(
  body: unknown,
  allowed: readonly string[],
  required: readonly string[],
  example: string,
): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalid('', `the body must be a JSON object like ${example}, got ${describe(body)}`);
  }
  const object = body as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      throw invalid(
        pointer([key]),
        `unknown property ${JSON.stringify(key)}; this endpoint takes ${allowed.map((k) => JSON.stringify(k)).join(', ')}`,
      );
    }
  }
  for (const key of required) {
    if (!(key in object)) {
      throw invalid(
        pointer([key]),
        `the property ${JSON.stringify(key)} is missing; send ${example}`,
      );
    }
  }
  return object;
}

export interface ValidateBody {
  headers: HeaderPairs;
  connectionMethod?: ConnectionMethod;
  /** `client`: judge only the headers sent, as the client's part of a via-server set. */
  part?: 'client';
}

/** `POST /v1/validate`: `{headers, connectionMethod?, part?}`. */
export function readValidateBody(body: unknown): ValidateBody {
  const object = readObject(
    body,
    ['headers', 'connectionMethod', 'part'],
    ['headers'],
    '{"headers": {"Gov-Client-Connection-Method": "..."}, "connectionMethod": "WEB_APP_VIA_SERVER"}',
  );
  const result: ValidateBody = { headers: readHeaders(object.headers, ['headers']) };
  const method = readConnectionMethod(object.connectionMethod, '/connectionMethod');
  if (method) result.connectionMethod = method;
  if (object.part !== undefined) {
    if (object.part !== 'client') {
      throw invalid(
        '/part',
        `/part must be "client" (judge only the client's headers), or left out`,
      );
    }
    result.part = 'client';
  }
  return result;
}

/** `POST /v1/compare`: `{headers}`; HMRC judges a set by its own connection method header. */
export function readCompareBody(body: unknown): { headers: HeaderPairs } {
  if (body !== null && typeof body === 'object' && 'connectionMethod' in body) {
    throw invalid(
      '/connectionMethod',
      "HMRC's Test API judges a set by its own Gov-Client-Connection-Method header, so /v1/compare takes no connectionMethod: set that header in /headers instead",
    );
  }
  const object = readObject(
    body,
    ['headers'],
    ['headers'],
    '{"headers": {"Gov-Client-Connection-Method": "...", ...}}',
  );
  return { headers: readHeaders(object.headers, ['headers']) };
}
