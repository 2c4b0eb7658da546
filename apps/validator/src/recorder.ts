import type { ApiIdentifier } from '@fph-kit/hmrc';
import type { ConnectionMethod } from '@fph-kit/spec';
import {
  type FeedbackRequest,
  type ValidationResult,
  validateWithFeedback,
} from '@fph-kit/validator';
import { apiForPath, endpointPath } from './api-paths.js';
import type { HeaderPairs } from './input.js';

/**
 * What the gateway remembers: the latest request to each endpoint (per connection method, so
 * HMRC's `connectionMethod` filter can be answered), judged when it arrived. Only Gov-* headers
 * (and Gov-Test-Scenario) are kept: never Authorization, cookies or bodies.
 */

export interface RecordedRequest {
  /** Arrival order, from 1. */
  sequence: number;
  /** The HMRC API of the path, when it belongs to one. */
  api?: ApiIdentifier;
  method: string;
  /** The concrete path called, without the query. */
  path: string;
  /** The path with identifiers as placeholders, e.g. `/organisations/vat/{vrn}/returns`. */
  endpoint: string;
  requestTimestamp: string;
  /** The Gov-* headers as sent, names as sent, in order. */
  headers: HeaderPairs;
  /** The connection method the set was judged as (its own header), when known. */
  connectionMethod?: ConnectionMethod;
  /** HMRC's validation-feedback element for this request. */
  feedback: FeedbackRequest;
  /** The validator's verdict on the same headers. */
  result: ValidationResult;
  /** What the upstream did with it. */
  upstream: { status?: number; error?: string };
}

export interface Recorder {
  /** Judges and records a request; the returned record is updated with the upstream outcome. */
  record(method: string, path: string, headers: HeaderPairs, at: number): RecordedRequest;
  /** The latest request per endpoint (and, with `connectionMethod`, made with that method). */
  latest(filter?: { api?: ApiIdentifier; connectionMethod?: ConnectionMethod }): RecordedRequest[];
  /** Endpoints forgotten to stay within the limit, since the last clear. */
  readonly evicted: number;
  readonly size: number;
  clear(): void;
}

const NO_METHOD = '';

export function createRecorder(maxEndpoints: number): Recorder {
  /** Endpoint key -> connection method ('' when none) -> latest record. Map order = recency. */
  const endpoints = new Map<string, Map<string, RecordedRequest>>();
  let sequence = 0;
  let evicted = 0;

  return {
    record(method, path, headers, at) {
      const endpoint = endpointPath(path);
      const api = apiForPath(path);
      const requestTimestamp = new Date(at).toISOString();
      const { result, feedback } = validateWithFeedback(
        headers,
        { method, path, requestTimestamp },
        { now: at },
      );
      const entry: RecordedRequest = {
        sequence: ++sequence,
        method,
        path,
        endpoint,
        requestTimestamp,
        headers,
        feedback,
        result,
        upstream: {},
      };
      if (api) entry.api = api;
      if (result.connectionMethod) entry.connectionMethod = result.connectionMethod;
      const key = `${method} ${endpoint}`;
      const byMethod = endpoints.get(key) ?? new Map<string, RecordedRequest>();
      endpoints.delete(key);
      byMethod.set(entry.connectionMethod ?? NO_METHOD, entry);
      endpoints.set(key, byMethod);
      while (endpoints.size > maxEndpoints) {
        const oldest = endpoints.keys().next().value as string;
        endpoints.delete(oldest);
        evicted++;
      }
      return entry;
    },
    latest(filter = {}) {
      const out: RecordedRequest[] = [];
      for (const byMethod of endpoints.values()) {
        let pick: RecordedRequest | undefined;
        if (filter.connectionMethod) {
          pick = byMethod.get(filter.connectionMethod);
        } else {
          for (const r of byMethod.values()) if (!pick || r.sequence > pick.sequence) pick = r;
        }
        if (!pick) continue;
        if (filter.api !== undefined && pick.api !== filter.api) continue;
        out.push(pick);
      }
      return out.sort((a, b) => b.sequence - a.sequence);
    },
    get evicted() {
      return evicted;
    },
    get size() {
      return endpoints.size;
    },
    clear() {
      endpoints.clear();
      evicted = 0;
    },
  };
}
