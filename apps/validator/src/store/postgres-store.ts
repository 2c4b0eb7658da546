import pg from 'pg';
import { ServiceError } from '../errors.js';
import type { Emit } from '../log.js';
import { createBatcher } from './batcher.js';
import {
  APPLIED_SQL,
  CURRENT_VERSION_SQL,
  type FoundVersion,
  MIGRATIONS,
  type Migration,
  pendingMigrations,
  SCHEMA_TABLE_SQL,
} from './migrations.js';
import type { NewRecord, RecordedRequest, RecordStore, UpstreamOutcome } from './record-store.js';
import { recorded } from './record-store.js';
import {
  beyondLimitSql,
  fromRow,
  historyQuery,
  latestQuery,
  numbered,
  type RecordRow,
  SUMMARY_SQL,
  verdictJson,
} from './sql-records.js';

/**
 * Records in PostgreSQL, for teams: every service instance on the same database (and schema) sees
 * the same records. A pool of connections; a request is one statement, committed before its
 * answer goes back. Tables live in the connection's schema (`search_path`), or in `schema`.
 */

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** The schema holding the tables (it must exist). Default: the connection's `search_path`. */
  schema?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
}

/** A database URL fit to show: no password, no query. */
export function displayDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return 'the database URL';
  }
}

/**
 * The pool's connection settings. node-postgres lets a URL's parameters override the pool's own,
 * so a schema is added to the URL's `options` (its server settings, `-c name=value`), never
 * passed beside them.
 */
function connectionSettings(url: string, schema: string | undefined): pg.PoolConfig {
  if (schema === undefined) return { connectionString: url };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, options: `-c search_path=${schema}` };
  }
  const given = parsed.searchParams.get('options') ?? '';
  parsed.searchParams.set('options', `${given} -c search_path=${schema}`.trim());
  return { connectionString: parsed.href };
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = e.message || (error as { errors?: { message: string }[] }).errors?.[0]?.message;
  return e.code && !String(message).includes(e.code) ? `${e.code}: ${message}` : String(message);
}

/**
 * One statement per request: the endpoint's row if it is new (an endpoint's row is never updated,
 * so requests to one endpoint do not wait for each other), and the request. No row comes back
 * when another instance created the endpoint in the same moment: the statement is then run again.
 */
const ADD_SQL = numbered(`
WITH created AS (
  INSERT INTO fph_endpoints (method, endpoint, api) VALUES (?::text, ?::text, ?::text)
  ON CONFLICT (method, endpoint) DO NOTHING
  RETURNING id
),
ep AS (
  SELECT id, true AS created FROM created
  UNION ALL
  SELECT id, false FROM fph_endpoints WHERE method = $1 AND endpoint = $2
)
INSERT INTO fph_records (endpoint_id, recorded_at, path, connection_method, headers, verdict, upstream_status, upstream_error)
SELECT id, ?::bigint, ?::text, ?::text, ?::text, ?::text, ?::integer, ?::text FROM (SELECT * FROM ep LIMIT 1) AS e
RETURNING id, endpoint_id, (SELECT count(*) FROM created) > 0 AS created`);

/** Requests to endpoints already known, many in one statement (ids come back in input order). */
const ADD_MANY_SQL = `
INSERT INTO fph_records (endpoint_id, recorded_at, path, connection_method, headers, verdict, upstream_status, upstream_error)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[])
RETURNING id`;

const SETTLE_MANY_SQL = `
UPDATE fph_records AS r
SET upstream_status = COALESCE(v.status, r.upstream_status),
    upstream_error = COALESCE(v.error, r.upstream_error)
FROM unnest($1::bigint[], $2::integer[], $3::text[]) AS v(id, status, error)
WHERE r.id = v.id`;

/** A foreign key that no longer holds: the endpoint was removed (by another instance, perhaps). */
const FOREIGN_KEY_VIOLATION = '23503';

/** Opens the store, creating or migrating its tables when needed. */
export async function openPostgresStore(
  options: PostgresStoreOptions,
  thisVersion: string,
  emit: Emit,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<RecordStore> {
  const shown = displayDatabaseUrl(options.url);
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) {
    throw new ServiceError(
      'INVALID_OPTIONS',
      `schema must be a lower-case SQL name (letters, digits, _), got ${JSON.stringify(options.schema)}`,
    );
  }
  const location = options.schema ? `${shown} (schema ${options.schema})` : shown;
  const pool = new pg.Pool({
    ...connectionSettings(options.url, options.schema),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection that breaks is replaced; the next query says what is wrong.
  pool.on('error', (error) => emit('warn', 'store', { store: 'postgres', error: reason(error) }));
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new ServiceError(
      'STORE_OPEN_FAILED',
      `cannot reach PostgreSQL at ${location}: ${reason(cause)}`,
      { cause },
    );
  }
  try {
    const readVersion = async (): Promise<FoundVersion | undefined> => {
      const { rows } = await client.query<{ present: boolean }>(
        // pg_tables through the statement's own snapshot (to_regclass may see a stale catalog).
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'fph_schema') AS present",
      );
      if (!rows[0]?.present) return undefined;
      return (await client.query<FoundVersion>(CURRENT_VERSION_SQL)).rows[0];
    };
    // Refuse a newer store before anything is changed.
    if (pendingMigrations(await readVersion(), location, migrations, thisVersion).length > 0) {
      await client.query('BEGIN');
      // Instances starting together migrate one at a time.
      await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':fph-kit'))");
      const found = await readVersion();
      if (!found) await client.query(SCHEMA_TABLE_SQL);
      for (const m of pendingMigrations(found, location, migrations, thisVersion)) {
        await client.query(m.postgres);
        await client.query(numbered(APPLIED_SQL), [
          m.version,
          m.name,
          new Date().toISOString(),
          `fph-kit ${thisVersion}`,
        ]);
      }
      await client.query('COMMIT');
    }
  } catch (cause) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
    await pool.end().catch(() => undefined);
    if (cause instanceof ServiceError) throw cause;
    throw new ServiceError(
      'STORE_OPEN_FAILED',
      `cannot use the records at ${location}: ${reason(cause)}`,
      { cause },
    );
  }
  client.release();
  return postgresStore(pool, location, emit);
}

/**
 * PostgreSQL's answers that roll the whole transaction back and ask for it to be run again: a
 * deadlock (a request's insert against an eviction locking endpoints) or a serialization failure.
 * Nothing of the victim was committed, so running it again records it once.
 */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

function isRetryable(cause: unknown): boolean {
  return RETRYABLE.has((cause as { code?: unknown } | null)?.code as string);
}

function postgresStore(pool: pg.Pool, location: string, emit: Emit): RecordStore {
  const failed = (cause: unknown): ServiceError =>
    new ServiceError(
      'STORE_UNAVAILABLE',
      `the record store (PostgreSQL at ${location}) failed: ${reason(cause)}`,
      { cause },
    );
  const query = async <R extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
    name?: string,
  ): Promise<pg.QueryResult<R>> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await pool.query<R>(name ? { name, text, values } : { text, values });
      } catch (cause) {
        if (attempt < ATTEMPTS && isRetryable(cause)) continue;
        throw failed(cause);
      }
    }
  };
  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (cause) {
        throw failed(cause);
      }
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (cause) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (attempt < ATTEMPTS && isRetryable(cause)) continue;
        throw failed(cause);
      } finally {
        client.release();
      }
    }
  };
  let closed = false;

  /**
   * Forgets the endpoints past the limit. Their rows are locked first (waiting for requests to
   * them still being committed), then counted again as they are now; a request to one of them
   * arriving meanwhile is refused (nothing forwarded), never lost after its answer. A failure
   * here leaves the store over the limit until the next new endpoint; the request is recorded.
   */
  const evict = async (maxEndpoints: number): Promise<void> => {
    try {
      await transaction(async (client) => {
        await client.query(numbered(beyondLimitSql('postgres', true)), [maxEndpoints]);
        const { rows } = await client.query<{ id: string; had: boolean }>(
          numbered(beyondLimitSql('postgres')),
          [maxEndpoints],
        );
        if (rows.length === 0) return;
        for (const [key, id] of endpointIds)
          if (rows.some((r) => r.id === id)) endpointIds.delete(key);
        await client.query('DELETE FROM fph_endpoints WHERE id = ANY($1::bigint[])', [
          rows.map((r) => r.id),
        ]);
        const gone = rows.filter((r) => r.had).length;
        if (gone > 0) {
          await client.query("UPDATE fph_counters SET value = value + $1 WHERE name = 'evicted'", [
            gone,
          ]);
        }
      });
    } catch (error) {
      emit('warn', 'store', { store: 'postgres', error: `eviction: ${(error as Error).message}` });
    }
  };

  /** Endpoint key -> row id, for endpoints this instance has seen (rows are never updated). */
  const endpointIds = new Map<string, string>();
  const keyOf = (r: NewRecord): string => `${r.method} ${r.endpoint}`;

  /** One request, creating its endpoint when new; the slow path. */
  const addOne = async (
    record: NewRecord,
    maxEndpoints: number,
    upstream: UpstreamOutcome,
  ): Promise<number> => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const { rows } = await query<{ id: string; endpoint_id: string; created: boolean }>(
        ADD_SQL,
        [
          record.method,
          record.endpoint,
          record.api ?? null,
          record.at,
          record.path,
          record.connectionMethod ?? null,
          JSON.stringify(record.headers),
          verdictJson(record),
          upstream.status ?? null,
          upstream.error ?? null,
        ],
        'fph-add',
      );
      const row = rows[0];
      // No row: another instance created the endpoint in the same moment; now it can be seen.
      if (!row) continue;
      endpointIds.set(keyOf(record), row.endpoint_id);
      if (row.created) await evict(maxEndpoints);
      return Number(row.id);
    }
    throw failed(
      new Error(`the endpoint ${record.method} ${record.endpoint} could not be created`),
    );
  };

  const adds = createBatcher<
    { record: NewRecord; endpointId: string; maxEndpoints: number; upstream: UpstreamOutcome },
    number
  >(
    async (items) => {
      try {
        const { rows } = await pool.query<{ id: string }>({
          name: 'fph-add-many',
          text: ADD_MANY_SQL,
          values: [
            items.map((i) => i.endpointId),
            items.map((i) => i.record.at),
            items.map((i) => i.record.path),
            items.map((i) => i.record.connectionMethod ?? null),
            items.map((i) => JSON.stringify(i.record.headers)),
            items.map((i) => verdictJson(i.record)),
            items.map((i) => i.upstream.status ?? null),
            items.map((i) => i.upstream.error ?? null),
          ],
        });
        return rows.map((r) => Number(r.id));
      } catch (cause) {
        if ((cause as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw failed(cause);
        // An endpoint was removed meanwhile: forget what is known, and take the slow path.
        endpointIds.clear();
        return Promise.all(items.map((i) => addOne(i.record, i.maxEndpoints, i.upstream)));
      }
    },
    { maxBatch: 64, maxInFlight: 4 },
  );

  const settles = createBatcher<{ id: number; upstream: UpstreamOutcome }, void>(
    async (items) => {
      // One change per request in a statement: outcomes of the same request are merged.
      const merged = new Map<number, UpstreamOutcome>();
      for (const { id, upstream } of items) merged.set(id, { ...merged.get(id), ...upstream });
      const ids = [...merged.keys()];
      await query(
        SETTLE_MANY_SQL,
        [
          ids,
          ids.map((id) => merged.get(id)!.status ?? null),
          ids.map((id) => merged.get(id)!.error ?? null),
        ],
        'fph-settle-many',
      );
      return items.map(() => undefined);
    },
    { maxBatch: 64, maxInFlight: 4 },
  );

  const add = async (
    record: NewRecord,
    maxEndpoints: number,
    upstream: UpstreamOutcome = {},
  ): Promise<RecordedRequest> => {
    const endpointId = endpointIds.get(keyOf(record));
    const id =
      endpointId === undefined
        ? await addOne(record, maxEndpoints, upstream)
        : await adds.push({ record, endpointId, maxEndpoints, upstream });
    return recorded(record, id, { ...upstream });
  };

  return {
    kind: 'postgres',
    location,
    add,
    async settle(entry, upstream) {
      await settles.push({ id: entry.sequence, upstream });
      Object.assign(entry.upstream, upstream);
    },
    async latest(filter = {}) {
      const { sql, params } = latestQuery(filter);
      return (await query<RecordRow>(numbered(sql), params)).rows.map(fromRow);
    },
    async history(endpoint, { limit, before }) {
      const { sql, params } = historyQuery(endpoint.method, endpoint.endpoint, limit, before);
      return (await query<RecordRow>(numbered(sql), params)).rows.map(fromRow);
    },
    async summary() {
      const row = (await query<{ endpoints: string; evicted: string }>(SUMMARY_SQL)).rows[0]!;
      return { endpoints: Number(row.endpoints), evicted: Number(row.evicted) };
    },
    remove(endpoint) {
      endpointIds.clear();
      return transaction(async (client) => {
        if (!endpoint) {
          const count = (await client.query('DELETE FROM fph_records')).rowCount ?? 0;
          await client.query('DELETE FROM fph_endpoints');
          await client.query("UPDATE fph_counters SET value = 0 WHERE name = 'evicted'");
          return count;
        }
        const values = [endpoint.method, endpoint.endpoint];
        const count =
          (
            await client.query(
              'DELETE FROM fph_records WHERE endpoint_id IN (SELECT id FROM fph_endpoints WHERE method = $1 AND endpoint = $2)',
              values,
            )
          ).rowCount ?? 0;
        await client.query('DELETE FROM fph_endpoints WHERE method = $1 AND endpoint = $2', values);
        return count;
      });
    },
    async prune(before) {
      // Endpoints' rows stay: removing one could take a request committed to it meanwhile.
      return (
        (await query('DELETE FROM fph_records WHERE recorded_at < $1', [before])).rowCount ?? 0
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
