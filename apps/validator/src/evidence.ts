import { SPEC_VERSION } from '@fph-kit/spec';
import type { FeedbackRequest, Finding, ValidationReport } from '@fph-kit/validator';
import { ServiceError } from './errors.js';
import type { HeaderPairs } from './input.js';
import type { EndpointKey, RecordedRequest, RecordStore, StoreKind } from './store/record-store.js';

/**
 * The evidence export: for each endpoint the gateway saw, its latest request, the Gov-* headers
 * it carried and the verdict, and on request its earlier requests, as JSON (`/v1/evidence`) and as
 * a printable page (`/evidence`). HMRC's production approval asks for evidence that every endpoint
 * the software calls sends correct headers in the sandbox.
 */

/** One recorded request. */
export interface EvidenceRequest {
  /** Order of arrival; `before` in the query pages through history with it. */
  sequence: number;
  path: string;
  requestTimestamp: string;
  connectionMethod: string | null;
  upstream: { status?: number; error?: string };
  /** The Gov-* headers as sent: `[name, value]` pairs in order. */
  headers: HeaderPairs;
  report: ValidationReport;
  advisories: Finding[];
  /** HMRC's validation-feedback element for the request. */
  feedback: FeedbackRequest;
}

/** An endpoint and its latest request (and, when asked, its history, latest first). */
export interface EvidenceEndpoint extends EvidenceRequest {
  api: string | null;
  method: string;
  endpoint: string;
  history?: EvidenceRequest[];
}

export interface Evidence {
  generatedAt: string;
  specVersion: string;
  service: { name: string; version: string };
  upstream: string | null;
  /** Where the records are kept. */
  store: { kind: StoreKind; location: string };
  summary: {
    endpoints: number;
    valid: number;
    potentiallyInvalid: number;
    invalid: number;
    noHeaders: number;
    withAdvisories: number;
  };
  /** Endpoints forgotten because more than the limit were seen. */
  evicted: number;
  endpoints: EvidenceEndpoint[];
}

/** What `/v1/evidence` and `/evidence` take in their query. */
export interface EvidenceQuery {
  /** Only this endpoint (`method` and `endpoint` together). */
  endpoint?: EndpointKey;
  /** Requests listed per endpoint in `history`, latest first; 0 lists none. */
  history: number;
  /** Only requests older than this sequence in `history`. */
  before?: number;
}

export const MAX_HISTORY = 1000;

function requestOf(r: RecordedRequest): EvidenceRequest {
  return {
    sequence: r.sequence,
    path: r.path,
    requestTimestamp: r.requestTimestamp,
    connectionMethod: r.connectionMethod ?? null,
    upstream: r.upstream,
    headers: r.headers,
    report: r.report,
    advisories: r.advisories,
    feedback: r.feedback,
  };
}

function endpointOf(r: RecordedRequest): EvidenceEndpoint {
  return { api: r.api ?? null, method: r.method, endpoint: r.endpoint, ...requestOf(r) };
}

/** Sorted by API (unknown paths last), then endpoint, then method. */
function order(a: EvidenceEndpoint, b: EvidenceEndpoint): number {
  const api = (a.api ?? '\uffff').localeCompare(b.api ?? '\uffff');
  if (api !== 0) return api;
  const endpoint = a.endpoint.localeCompare(b.endpoint);
  return endpoint !== 0 ? endpoint : a.method.localeCompare(b.method);
}

function single(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new ServiceError('INVALID_QUERY', `give the ${name} query parameter once`, {
      extensions: { parameter: name },
    });
  }
  return value;
}

function wholeNumber(text: string, name: string, min: number, max: number): number {
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new ServiceError(
      'INVALID_QUERY',
      `${name} must be a whole number from ${min} to ${max}, got '${text.slice(0, 40)}'`,
      { extensions: { parameter: name } },
    );
  }
  return value;
}

const KNOWN = new Set(['method', 'endpoint', 'history', 'before']);

/** The endpoint named by `method` and `endpoint` (both or neither). */
export function readEndpointQuery(query: Record<string, unknown>): EndpointKey | undefined {
  const method = single(query, 'method');
  const endpoint = single(query, 'endpoint');
  if (method === undefined && endpoint === undefined) return undefined;
  if (method === undefined || endpoint === undefined || method === '' || endpoint === '') {
    throw new ServiceError(
      'INVALID_QUERY',
      'name an endpoint with both method and endpoint, as the evidence lists them (for example method=GET&endpoint=/organisations/vat/{vrn}/obligations)',
      { extensions: { parameter: method === undefined || method === '' ? 'method' : 'endpoint' } },
    );
  }
  return { method, endpoint };
}

export function readEvidenceQuery(
  query: Record<string, unknown>,
  defaultHistory: number,
): EvidenceQuery {
  const unknown = Object.keys(query).find((name) => !KNOWN.has(name));
  if (unknown !== undefined) {
    throw new ServiceError(
      'INVALID_QUERY',
      `unknown query parameter '${unknown.slice(0, 40)}'; the evidence takes method, endpoint, history and before`,
      { extensions: { parameter: unknown } },
    );
  }
  const out: EvidenceQuery = { history: defaultHistory };
  const endpoint = readEndpointQuery(query);
  if (endpoint) out.endpoint = endpoint;
  const history = single(query, 'history');
  if (history !== undefined) out.history = wholeNumber(history, 'history', 0, MAX_HISTORY);
  const before = single(query, 'before');
  if (before !== undefined) out.before = wholeNumber(before, 'before', 1, Number.MAX_SAFE_INTEGER);
  return out;
}

export async function buildEvidence(
  store: RecordStore,
  context: { now: number; version: string; upstream: string | undefined },
  query: EvidenceQuery,
): Promise<Evidence> {
  const [latest, { evicted }] = await Promise.all([store.latest(), store.summary()]);
  const wanted = query.endpoint;
  const endpoints = latest
    .filter((r) => !wanted || (r.method === wanted.method && r.endpoint === wanted.endpoint))
    .map(endpointOf)
    .sort(order);
  if (wanted && endpoints.length === 0) {
    throw new ServiceError(
      'NOT_FOUND',
      `nothing is recorded for ${wanted.method} ${wanted.endpoint}`,
    );
  }
  if (query.history > 0) {
    await Promise.all(
      endpoints.map(async (e) => {
        const options = { limit: query.history, ...(query.before ? { before: query.before } : {}) };
        e.history = (await store.history(e, options)).map(requestOf);
      }),
    );
  }
  const count = (test: (e: EvidenceEndpoint) => boolean): number => endpoints.filter(test).length;
  return {
    generatedAt: new Date(context.now).toISOString(),
    specVersion: SPEC_VERSION,
    service: { name: 'fph-kit validator service', version: context.version },
    upstream: context.upstream ?? null,
    store: { kind: store.kind, location: store.location },
    summary: {
      endpoints: endpoints.length,
      valid: count((e) => e.feedback.code === 'VALID_HEADERS'),
      potentiallyInvalid: count((e) => e.feedback.code === 'POTENTIALLY_INVALID_HEADERS'),
      invalid: count((e) => e.feedback.code === 'INVALID_HEADERS'),
      noHeaders: count((e) => e.feedback.code === 'NO_HEADERS'),
      withAdvisories: count((e) => e.advisories.some((a) => a.severity === 'advisory')),
    },
    evicted,
    endpoints,
  };
}
