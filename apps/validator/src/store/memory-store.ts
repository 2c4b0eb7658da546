import type {
  EndpointKey,
  NewRecord,
  RecordedRequest,
  RecordStore,
  UpstreamOutcome,
} from './record-store.js';
import { recorded } from './record-store.js';

/**
 * Records in this process's memory, gone when it stops (`fph serve --memory`, and the library's
 * default): the latest request per endpoint and connection method, and the last `historyLimit`
 * requests for history.
 */

export interface MemoryStoreOptions {
  /** Requests kept for history (the latest per endpoint are kept besides). Default 10000. */
  historyLimit?: number;
}

const NO_METHOD = '';

interface Endpoint {
  /** Connection method ('' when none) -> latest request. */
  byMethod: Map<string, RecordedRequest>;
}

const keyOf = (e: EndpointKey): string => `${e.method} ${e.endpoint}`;

export function createMemoryStore(options: MemoryStoreOptions = {}): RecordStore {
  const historyLimit = options.historyLimit ?? 10_000;
  /** Endpoint key -> its latest requests. Map order = recency. */
  const endpoints = new Map<string, Endpoint>();
  /** Requests in arrival order; the oldest leave first. */
  let log: RecordedRequest[] = [];
  let sequence = 0;
  let evicted = 0;

  return {
    kind: 'memory',
    location: 'memory',
    async add(record: NewRecord, maxEndpoints: number, upstream: UpstreamOutcome = {}) {
      const entry = recorded(record, ++sequence, { ...upstream });
      const key = keyOf(entry);
      const found = endpoints.get(key) ?? { byMethod: new Map<string, RecordedRequest>() };
      endpoints.delete(key);
      found.byMethod.set(entry.connectionMethod ?? NO_METHOD, entry);
      endpoints.set(key, found);
      while (endpoints.size > maxEndpoints) {
        const oldest = endpoints.keys().next().value as string;
        endpoints.delete(oldest);
        log = log.filter((r) => keyOf(r) !== oldest);
        evicted++;
      }
      log.push(entry);
      if (log.length > historyLimit * 2) log = log.slice(-historyLimit);
      return entry;
    },
    async settle(entry: RecordedRequest, upstream: UpstreamOutcome) {
      Object.assign(entry.upstream, upstream);
    },
    async latest(filter = {}) {
      const out: RecordedRequest[] = [];
      for (const { byMethod } of endpoints.values()) {
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
    async history(endpoint, { limit, before }) {
      const key = keyOf(endpoint);
      const out: RecordedRequest[] = [];
      const start = Math.max(0, log.length - historyLimit);
      for (let i = log.length - 1; i >= start && out.length < limit; i--) {
        const r = log[i]!;
        if ((before === undefined || r.sequence < before) && keyOf(r) === key) out.push(r);
      }
      return out;
    },
    async summary() {
      return { endpoints: endpoints.size, evicted };
    },
    async remove(endpoint?: EndpointKey) {
      if (!endpoint) {
        const count = log.length;
        endpoints.clear();
        log = [];
        evicted = 0;
        return count;
      }
      const key = keyOf(endpoint);
      if (!endpoints.delete(key)) return 0;
      const before = log.length;
      log = log.filter((r) => keyOf(r) !== key);
      return Math.max(1, before - log.length);
    },
    async prune(cutoff: number) {
      const before = log.length;
      log = log.filter((r) => r.at >= cutoff);
      for (const [key, { byMethod }] of endpoints) {
        for (const [method, r] of byMethod) if (r.at < cutoff) byMethod.delete(method);
        if (byMethod.size === 0) endpoints.delete(key);
      }
      return before - log.length;
    },
    async close() {
      endpoints.clear();
      log = [];
    },
  };
}
