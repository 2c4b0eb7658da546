import {
  CLIENT_HEADER_NAMES,
  CLIENT_PAYLOAD_FIELD,
  CLIENT_PAYLOAD_SCHEMA,
  type CollectionNote,
  type ConnectionMethod,
  decodeKeyValue,
  findHeader,
  HEADERS,
  type HeaderEntry,
  type HeaderName,
  isGovHeaderName,
  MAX_CLIENT_JSON_LENGTH,
  MAX_CLIENT_NAMES,
} from '@fph-kit/spec';
import { validate } from '@fph-kit/validator';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { BoundedCache, VerdictCache } from './bounded-cache.js';
import { type AssemblyProblemCode, problem, quote } from './problems.js';

/** The client's values that passed every check, and what was dropped or refused. */
export interface ClientValues {
  /** Canonical header name and the value exactly as the client sent it. */
  values: [HeaderName, string][];
  /** The client's own Gov-Vendor-Version pairs that may be sent, as encoded by the client. */
  versionPairs: string[];
  problems: CollectionNote<AssemblyProblemCode>[];
}

export interface ClientPolicy {
  method: ConnectionMethod;
  /** Software names whose Gov-Vendor-Version pairs a client may contribute. */
  clientSoftware: ReadonlySet<string>;
  /** Software names of the server's own pairs (a client may not send these). */
  serverSoftware: ReadonlySet<string>;
  verdicts: VerdictCache;
  /** Client Gov-Vendor-Version values already sorted into kept pairs and problems. */
  versions: BoundedCache<{ kept: string[]; problems: CollectionNote<AssemblyProblemCode>[] }>;
}

let schemaCheck: ValidateFunction | undefined;

/** The compiled schema (Ajv compiles it on first use, once per process). */
function checkSchema(data: unknown): readonly ErrorObject[] {
  schemaCheck ??= new Ajv({ allErrors: true, strict: true }).compile(CLIENT_PAYLOAD_SCHEMA);
  return schemaCheck(data) ? [] : (schemaCheck.errors ?? []);
}

interface Given {
  /** The name as the client wrote it. */
  name: string;
  value: unknown;
  from: 'header' | 'field';
}

const FIELD_DISPLAY = `the ${CLIENT_PAYLOAD_FIELD} field`;

/** Reads the `fph_client` field of a parsed body: a JSON string or an object. */
function readField(
  body: unknown,
  problems: CollectionNote<AssemblyProblemCode>[],
): Map<string, unknown> | undefined {
  if (body === null || typeof body !== 'object' || !Object.hasOwn(body, CLIENT_PAYLOAD_FIELD)) {
    return undefined;
  }
  const field = (body as Record<string, unknown>)[CLIENT_PAYLOAD_FIELD];
  let parsed: unknown = field;
  if (typeof field === 'string') {
    if (field.length > MAX_CLIENT_JSON_LENGTH) {
      problems.push(
        problem(
          'CLIENT_PAYLOAD_INVALID',
          undefined,
          `The ${CLIENT_PAYLOAD_FIELD} field is ${field.length} characters long, more than the ${MAX_CLIENT_JSON_LENGTH} accepted: every value in it is ignored.`,
        ),
      );
      return undefined;
    }
    try {
      parsed = JSON.parse(field);
    } catch (error) {
      problems.push(
        problem(
          'CLIENT_PAYLOAD_INVALID',
          undefined,
          `The ${CLIENT_PAYLOAD_FIELD} field is not valid JSON (${(error as Error).message}): every value in it is ignored.`,
          field,
        ),
      );
      return undefined;
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push(
      problem(
        'CLIENT_PAYLOAD_INVALID',
        undefined,
        `The ${CLIENT_PAYLOAD_FIELD} field must be a JSON object of header name to value, not ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}: every value in it is ignored.`,
        field,
      ),
    );
    return undefined;
  }
  const keys = Object.keys(parsed);
  if (keys.length > MAX_CLIENT_NAMES) {
    problems.push(
      problem(
        'CLIENT_PAYLOAD_INVALID',
        undefined,
        `The ${CLIENT_PAYLOAD_FIELD} field holds ${keys.length} names, more than the ${MAX_CLIENT_NAMES} accepted: every value in it is ignored.`,
      ),
    );
    return undefined;
  }
  const map = new Map<string, unknown>();
  for (const key of keys) map.set(key, (parsed as Record<string, unknown>)[key]);
  return map;
}

/** Lower-case names of the spec's headers to their canonical spelling. */
const CANONICAL: ReadonlyMap<string, HeaderName> = new Map(
  HEADERS.map((h) => [h.key, h.name] as const),
);

/** The canonical spelling of a Gov-* name when the spec knows it, else the name as given. */
function canonical(name: string): string {
  return CANONICAL.get(name) ?? findHeader(name)?.name ?? name;
}

/** Why a value broke the schema, from Ajv's error, in words. */
function schemaReason(error: ErrorObject, value: unknown): string {
  switch (error.keyword) {
    case 'type':
      return `must be a string, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
    case 'maxLength':
      return `is ${(value as string).length} characters long, more than the ${(error.params as { limit: number }).limit} accepted`;
    case 'pattern': {
      const text = value as string;
      let at = 0;
      while (at < text.length) {
        const c = text.charCodeAt(at);
        if (c < 0x20 || c > 0x7e) break;
        at++;
      }
      const code = text.charCodeAt(at);
      const what =
        code === 0x0d
          ? 'a carriage return'
          : code === 0x0a
            ? 'a line feed'
            : code < 0x20 || code === 0x7f
              ? 'a control character'
              : 'a non-ASCII character';
      return `has ${what} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at character ${at + 1}: header values are printable US-ASCII, anything else percent-encoded`;
    }
    default:
      return error.message ?? `breaks the schema's ${error.keyword} rule`;
  }
}

/** The problem for a name the schema does not allow from a client. */
function refused(
  name: string,
  value: unknown,
  method: ConnectionMethod,
): CollectionNote<AssemblyProblemCode> | undefined {
  const def = findHeader(name);
  if (def?.name === 'Gov-Client-Connection-Method') {
    if (value === method) return undefined;
    return problem(
      'CONNECTION_METHOD_MISMATCH',
      def.name,
      `The client sent Gov-Client-Connection-Method ${quote(value)}, but this server assembles ${method}: the server's method is sent.`,
      value,
    );
  }
  if (def && def.supplier === 'server') {
    const why = def.name.startsWith('Gov-Client-Public')
      ? 'only the server can know it: it comes from the connection or a trusted proxy'
      : 'the server supplies it from its own configuration';
    return problem(
      'SERVER_HEADER_FROM_CLIENT',
      def.name,
      `${def.name} from the client is dropped: ${why}.`,
      value,
    );
  }
  return problem(
    'UNKNOWN_HEADER_FROM_CLIENT',
    printableName(name),
    isGovHeaderName(name)
      ? `${quote(name)} is not a fraud prevention header of the specification: dropped.`
      : `${quote(name)} in ${FIELD_DISPLAY} is not a fraud prevention header: dropped.`,
    value,
  );
}

function printableName(name: string): string {
  return /^[\x21-\x7e]{1,100}$/.test(name) ? name : quote(name);
}

/**
 * Reads, checks and sorts the client's values from the request's Gov-* headers and the
 * `fph_client` body field. Values pass unaltered or are dropped with a problem saying why.
 */
export function readClientValues(
  govHeaders: ReadonlyMap<string, HeaderEntry>,
  body: unknown,
  policy: ClientPolicy,
  now: number,
): ClientValues {
  return knownHeaders(govHeaders, body, policy) ?? readAll(govHeaders, body, policy, now);
}

/** True when a parsed body carries the `fph_client` field. */
export function hasField(body: unknown): boolean {
  return body !== null && typeof body === 'object' && Object.hasOwn(body, CLIENT_PAYLOAD_FIELD);
}

/**
 * The fast path, for a client that sends what it sent before, as request headers: every name is
 * a spec name a client may send and every value was judged valid before. Undefined otherwise.
 */
function knownHeaders(
  govHeaders: ReadonlyMap<string, HeaderEntry>,
  body: unknown,
  policy: ClientPolicy,
): ClientValues | undefined {
  if (govHeaders.size > MAX_CLIENT_NAMES || hasField(body)) return undefined;
  const values: [HeaderName, string][] = [];
  let version: string | undefined;
  for (const [key, entry] of govHeaders) {
    const name = CLIENT_CANONICAL.get(key);
    if (name === undefined) return undefined;
    if (policy.verdicts.get(name, entry.value) !== null) return undefined;
    if (name === 'Gov-Vendor-Version') version = entry.value;
    else values.push([name, entry.value]);
  }
  const problems: CollectionNote<AssemblyProblemCode>[] = [];
  const versionPairs = version === undefined ? [] : clientVersionPairs(version, policy, problems);
  return { values, versionPairs, problems };
}

/** Every transport, every check: the request's Gov-* headers and the fph_client field. */
function readAll(
  govHeaders: ReadonlyMap<string, HeaderEntry>,
  body: unknown,
  policy: ClientPolicy,
  now: number,
): ClientValues {
  const problems: CollectionNote<AssemblyProblemCode>[] = [];
  const given = new Map<string, Given>();

  for (const [key, entry] of govHeaders) {
    if (!isGovHeaderName(key)) continue;
    given.set(canonical(entry.name), { name: entry.name, value: entry.value, from: 'header' });
  }

  const field = readField(body, problems);
  if (field) {
    const fromField = new Map<string, Given>();
    const twice = new Set<string>();
    for (const [name, value] of field) {
      const key = canonical(name);
      if (fromField.has(key)) twice.add(key);
      else fromField.set(key, { name, value, from: 'field' });
    }
    for (const key of twice) {
      fromField.delete(key);
      problems.push(
        problem(
          'CLIENT_VALUE_INVALID',
          printableName(key),
          `${quote(key)} appears more than once in ${FIELD_DISPLAY} (names differing only in letter case): dropped.`,
        ),
      );
    }
    for (const [key, entry] of fromField) {
      const header = given.get(key);
      if (header && header.value !== entry.value) {
        problems.push(
          problem(
            'CLIENT_VALUE_CONFLICT',
            printableName(key),
            `${quote(key)} came as a request header and in ${FIELD_DISPLAY} with different values: the ${CLIENT_PAYLOAD_FIELD} value is used.`,
            header.value,
          ),
        );
      }
      given.set(key, entry);
    }
  }

  const verdicts = cachedVerdicts(given, policy) ?? checkValues(given, policy, now, problems);
  if (verdicts === undefined) return { values: [], versionPairs: [], problems };
  const values: [HeaderName, string][] = [];
  let versionPairs: string[] = [];
  for (const [key, entry] of given) {
    // Names the schema refused are not in `verdicts`: they were reported by checkValues.
    if (!verdicts.has(key)) continue;
    const verdict = verdicts.get(key);
    if (verdict) {
      problems.push(problem('CLIENT_VALUE_INVALID', key, verdict, entry.value));
      continue;
    }
    const value = entry.value as string;
    if (key === 'Gov-Vendor-Version') versionPairs = clientVersionPairs(value, policy, problems);
    else values.push([key as HeaderName, value]);
  }
  return { values, versionPairs, problems };
}

const CLIENT_NAMES: ReadonlySet<string> = new Set(CLIENT_HEADER_NAMES);

/** Lower-case names of the headers a client may send to their canonical spelling. */
const CLIENT_CANONICAL: ReadonlyMap<string, HeaderName> = new Map(
  CLIENT_HEADER_NAMES.map((name) => [name.toLowerCase(), name] as const),
);

/**
 * The fast path, for a client that sends what it sent before: when every name is one a client
 * may send and every value's verdict (schema and validator) is cached, the verdicts; else
 * undefined. The schema's rules are per value once the names are allowed, so this is exact.
 */
function cachedVerdicts(
  given: ReadonlyMap<string, Given>,
  policy: ClientPolicy,
): Map<string, string | null> | undefined {
  if (given.size > MAX_CLIENT_NAMES) return undefined;
  const verdicts = new Map<string, string | null>();
  for (const [key, entry] of given) {
    if (typeof entry.value !== 'string' || !CLIENT_NAMES.has(key)) return undefined;
    const verdict = policy.verdicts.get(key, entry.value);
    if (verdict === undefined) return undefined;
    verdicts.set(key, verdict);
  }
  return verdicts;
}

/**
 * Checks the values against the schema with Ajv, then the ones that pass with the validator, and
 * caches each value's verdict: null when it passes, else the problem message. Refused names are
 * reported here and left out of the result; undefined when the whole payload is refused.
 */
function checkValues(
  given: ReadonlyMap<string, Given>,
  policy: ClientPolicy,
  now: number,
  problems: CollectionNote<AssemblyProblemCode>[],
): Map<string, string | null> | undefined {
  const data: Record<string, unknown> = Object.create(null);
  for (const [key, entry] of given) data[key] = entry.value;
  const verdicts = new Map<string, string | null>();
  const refusedNames = new Set<string>();
  for (const error of checkSchema(data)) {
    if (error.instancePath === '') {
      if (error.keyword === 'additionalProperties') {
        const name = (error.params as { additionalProperty: string }).additionalProperty;
        refusedNames.add(name);
        const p = refused(name, data[name], policy.method);
        if (p) problems.push(p);
      } else if (error.keyword === 'maxProperties') {
        problems.push(
          problem(
            'CLIENT_PAYLOAD_INVALID',
            undefined,
            `The client sent ${given.size} Gov-* names, more than the ${MAX_CLIENT_NAMES} accepted: every client value is ignored.`,
          ),
        );
        return undefined;
      }
      continue;
    }
    const name = error.instancePath.slice(1).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!verdicts.has(name)) {
      verdicts.set(name, `${name} from the client ${schemaReason(error, data[name])}: dropped.`);
    }
  }

  const unjudged: Record<string, string> = {};
  let pending = 0;
  for (const [key, entry] of given) {
    if (refusedNames.has(key) || verdicts.has(key)) continue;
    const value = entry.value as string;
    const known = policy.verdicts.get(key, value);
    if (known !== undefined) verdicts.set(key, known);
    else if (key === 'Gov-Vendor-Version') verdicts.set(key, null);
    else {
      unjudged[key] = value;
      pending++;
    }
  }
  if (pending > 0) {
    const found = new Map<string, string>();
    for (const finding of validate(unjudged, { connectionMethod: policy.method, now }).findings) {
      if (finding.severity !== 'error' || finding.code !== 'INVALID_HEADER') continue;
      if (found.has(finding.header)) continue;
      found.set(
        finding.header,
        finding.detail ? `${finding.message} (${finding.detail})` : finding.message,
      );
    }
    for (const key of Object.keys(unjudged)) {
      const reason = found.get(key.toLowerCase());
      verdicts.set(
        key,
        reason === undefined ? null : `${key} from the client is invalid (${reason}): dropped.`,
      );
    }
  }
  for (const [key, verdict] of verdicts) {
    const value = given.get(key)?.value;
    if (typeof value === 'string') policy.verdicts.set(key, value, verdict);
  }
  return verdicts;
}

/** The client's Gov-Vendor-Version pairs that may be merged with the server's, raw. */
function clientVersionPairs(
  value: string,
  policy: ClientPolicy,
  problems: CollectionNote<AssemblyProblemCode>[],
): string[] {
  const cached = policy.versions.get(value);
  if (cached) {
    for (const p of cached.problems) problems.push({ ...p });
    return [...cached.kept];
  }
  const own: CollectionNote<AssemblyProblemCode>[] = [];
  const kept = versionPairsOf(value, policy, own);
  policy.versions.set(value, { kept, problems: own });
  for (const p of own) problems.push({ ...p });
  return [...kept];
}

function versionPairsOf(
  value: string,
  policy: ClientPolicy,
  problems: CollectionNote<AssemblyProblemCode>[],
): string[] {
  if (value === '') return [];
  const decoded = decodeKeyValue(value);
  if (decoded.problems.length > 0) {
    problems.push(
      problem(
        'CLIENT_VALUE_INVALID',
        'Gov-Vendor-Version',
        `Gov-Vendor-Version from the client is not a key-value structure (${decoded.problems[0]!.message}): its pairs are dropped.`,
        value,
      ),
    );
    return [];
  }
  const raw = value.split('&');
  const kept: string[] = [];
  decoded.value.forEach(([software], i) => {
    const why = policy.serverSoftware.has(software)
      ? `${quote(software)} is the server's own software, whose version the server sends`
      : !policy.clientSoftware.has(software)
        ? `${quote(software)} is not among the client software allowed to send a version (clientVersions option)`
        : undefined;
    if (why === undefined) kept.push(raw[i]!);
    else
      problems.push(
        problem(
          'VENDOR_VERSION_NOT_ALLOWED',
          'Gov-Vendor-Version',
          `The client's Gov-Vendor-Version pair ${quote(raw[i])} is dropped: ${why}.`,
          raw[i],
        ),
      );
  });
  return kept;
}
