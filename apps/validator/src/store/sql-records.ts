import type { ApiIdentifier } from '@fph-kit/hmrc';
import type { ConnectionMethod } from '@fph-kit/spec';
import type { LatestFilter, NewRecord, RecordedRequest } from './record-store.js';

/**
 * What the SQL stores share: the columns a request is read back from, the queries that read, and
 * the mapping between a record and its row. SQL is written with `?` placeholders; PostgreSQL's
 * `$1, $2, ...` are numbered from them.
 */

/** The columns every read selects: endpoint `e` joined with request `r`. */
const COLUMNS =
  'r.id, e.method, e.endpoint, e.api, r.recorded_at, r.path, r.connection_method, r.headers, r.verdict, r.upstream_status, r.upstream_error';

export interface RecordRow {
  id: number | string;
  method: string;
  endpoint: string;
  api: string | null;
  recorded_at: number | string;
  path: string;
  connection_method: string | null;
  headers: string;
  verdict: string;
  upstream_status: number | null;
  upstream_error: string | null;
}

/** The verdict column: what was judged on arrival. */
export function verdictJson(record: NewRecord): string {
  return JSON.stringify({
    report: record.report,
    advisories: record.advisories,
    feedback: record.feedback,
  });
}

export function fromRow(row: RecordRow): RecordedRequest {
  const at = Number(row.recorded_at);
  const verdict = JSON.parse(row.verdict) as Pick<
    RecordedRequest,
    'report' | 'advisories' | 'feedback'
  >;
  const record: RecordedRequest = {
    sequence: Number(row.id),
    method: row.method,
    endpoint: row.endpoint,
    path: row.path,
    at,
    requestTimestamp: new Date(at).toISOString(),
    headers: JSON.parse(row.headers) as RecordedRequest['headers'],
    report: verdict.report,
    advisories: verdict.advisories,
    feedback: verdict.feedback,
    upstream: {},
  };
  if (row.api !== null) record.api = row.api as ApiIdentifier;
  if (row.connection_method !== null) {
    record.connectionMethod = row.connection_method as ConnectionMethod;
  }
  if (row.upstream_status !== null) record.upstream.status = Number(row.upstream_status);
  if (row.upstream_error !== null) record.upstream.error = row.upstream_error;
  return record;
}

/** The latest request per endpoint (per connection method when filtered), latest first. */
export function latestQuery(filter: LatestFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  let pick = 'SELECT x.id FROM fph_records x WHERE x.endpoint_id = e.id';
  if (filter.connectionMethod) {
    pick += ' AND x.connection_method = ?';
    params.push(filter.connectionMethod);
  }
  let sql = `SELECT ${COLUMNS} FROM fph_endpoints e JOIN fph_records r ON r.id = (${pick} ORDER BY x.id DESC LIMIT 1)`;
  if (filter.api !== undefined) {
    sql += ' WHERE e.api = ?';
    params.push(filter.api);
  }
  return { sql: `${sql} ORDER BY r.id DESC`, params };
}

/** One endpoint's requests, latest first. */
export function historyQuery(
  method: string,
  endpoint: string,
  limit: number,
  before: number | undefined,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [method, endpoint];
  let sql = `SELECT ${COLUMNS} FROM fph_endpoints e JOIN fph_records r ON r.endpoint_id = e.id WHERE e.method = ? AND e.endpoint = ?`;
  if (before !== undefined) {
    sql += ' AND r.id < ?';
    params.push(before);
  }
  params.push(limit);
  return { sql: `${sql} ORDER BY r.id DESC LIMIT ?`, params };
}

/** Endpoints with requests (retention leaves an endpoint's row when it takes all its requests). */
export const SUMMARY_SQL =
  "SELECT (SELECT count(*) FROM fph_endpoints e WHERE EXISTS (SELECT 1 FROM fph_records r WHERE r.endpoint_id = e.id)) AS endpoints, (SELECT value FROM fph_counters WHERE name = 'evicted') AS evicted";

/**
 * Endpoints past the `?` most recently called (by their latest request; those without requests
 * first), with whether they still hold requests. SQLite's `LIMIT -1` is PostgreSQL's `LIMIT ALL`.
 */
export function beyondLimitSql(dialect: 'sqlite' | 'postgres', lock = false): string {
  return `SELECT e.id, EXISTS (SELECT 1 FROM fph_records r WHERE r.endpoint_id = e.id) AS had FROM fph_endpoints e ORDER BY (SELECT max(r.id) FROM fph_records r WHERE r.endpoint_id = e.id) DESC NULLS LAST, e.id DESC LIMIT ${dialect === 'sqlite' ? '-1' : 'ALL'} OFFSET ?${lock ? ' FOR UPDATE OF e' : ''}`;
}

/** `?` placeholders numbered for PostgreSQL. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
