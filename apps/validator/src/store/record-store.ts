import type { ApiIdentifier } from '@fph-kit/hmrc';
import type { ConnectionMethod } from '@fph-kit/spec';
import {
  type FeedbackRequest,
  type Finding,
  type ValidationReport,
  validateWithFeedback,
} from '@fph-kit/validator';
import { apiForPath, endpointPath } from '../api-paths.js';
import type { HeaderPairs } from '../input.js';

/**
 * What the gateway keeps: every request that went through it (method, path, time, the Gov-*
 * headers as received, the verdict given when it arrived, the connection method, what the
 * upstream did), never Authorization, cookies or bodies. One small interface, three stores:
 * memory, SQLite (the default of `fph serve`) and PostgreSQL (shared between instances).
 */

/** An endpoint: the method and the path with identifiers as placeholders. */
export interface EndpointKey {
  method: string;
  /** E.g. `/organisations/vat/{vrn}/returns`. */
  endpoint: string;
}

/** What the upstream did with a request. */
export interface UpstreamOutcome {
  status?: number;
  error?: string;
}

/** A request judged on arrival, before it is stored. */
export interface NewRecord extends EndpointKey {
  /** The HMRC API of the path, when it belongs to one. */
  api?: ApiIdentifier;
  /** The concrete path called, without the query. */
  path: string;
  /** Arrival time, epoch milliseconds. */
  at: number;
  /** The Gov-* headers as sent, names as sent, in order. */
  headers: HeaderPairs;
  /** The connection method the set was judged as (its own header), when known. */
  connectionMethod?: ConnectionMethod;
  /** HMRC's validation-feedback element for this request. */
  feedback: FeedbackRequest;
  /** HMRC's verdict on the same headers. */
  report: ValidationReport;
  /** What HMRC's manual review would question. */
  advisories: Finding[];
}

/** A stored request. */
export interface RecordedRequest extends NewRecord {
  /** Order of arrival in the store, from 1; the latest request has the highest. */
  sequence: number;
  /** `at` as an ISO timestamp. */
  requestTimestamp: string;
  upstream: UpstreamOutcome;
}

export type StoreKind = 'memory' | 'sqlite' | 'postgres';

export interface LatestFilter {
  api?: ApiIdentifier;
  connectionMethod?: ConnectionMethod;
}

export interface RecordStore {
  readonly kind: StoreKind;
  /** Where records are kept, for people: a file, a database URL without its password, or memory. */
  readonly location: string;
  /**
   * Stores a request and what the upstream did with it; resolves once it is committed. When more
   * than `maxEndpoints` endpoints are then kept, the least recently called are forgotten (and
   * counted as evicted).
   */
  add(
    record: NewRecord,
    maxEndpoints: number,
    upstream?: UpstreamOutcome,
  ): Promise<RecordedRequest>;
  /** Adds to what the upstream did (an answer cut off after it was recorded); resolves once committed. */
  settle(record: RecordedRequest, upstream: UpstreamOutcome): Promise<void>;
  /**
   * The latest request to each endpoint (with `connectionMethod`, the latest made with that
   * method), latest first, as HMRC's validation feedback lists them.
   */
  latest(filter?: LatestFilter): Promise<RecordedRequest[]>;
  /** One endpoint's requests, latest first: at most `limit`, older than `before` when given. */
  history(
    endpoint: EndpointKey,
    options: { limit: number; before?: number },
  ): Promise<RecordedRequest[]>;
  /** Endpoints kept, and endpoints forgotten to stay within the limit since the last removal. */
  summary(): Promise<{ endpoints: number; evicted: number }>;
  /** Forgets every request (resetting the evicted count), or one endpoint's; resolves to how many. */
  remove(endpoint?: EndpointKey): Promise<number>;
  /** Forgets requests that arrived before `before` (epoch ms); resolves to how many. */
  prune(before: number): Promise<number>;
  close(): Promise<void>;
}

/** Judges a request's Gov-* headers as of its arrival, as HMRC's feedback would. */
export function judgeRequest(
  method: string,
  path: string,
  headers: HeaderPairs,
  at: number,
): NewRecord {
  const { result, feedback } = validateWithFeedback(
    headers,
    { method, path, requestTimestamp: new Date(at).toISOString() },
    { now: at },
  );
  const record: NewRecord = {
    method,
    endpoint: endpointPath(path),
    path,
    at,
    headers,
    feedback,
    report: result.report,
    advisories: result.advisories,
  };
  const api = apiForPath(path);
  if (api) record.api = api;
  if (result.connectionMethod) record.connectionMethod = result.connectionMethod;
  return record;
}

/** The stored form of a record, once it has its sequence. */
export function recorded(
  record: NewRecord,
  sequence: number,
  upstream: UpstreamOutcome = {},
): RecordedRequest {
  return { ...record, sequence, requestTimestamp: new Date(record.at).toISOString(), upstream };
}
