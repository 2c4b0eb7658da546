import pg from 'pg';
import { ServiceError } from '../errors.js';
import type { Emit } from '../log.js';
import {
  CURRENT_VERSION_SQL,
  type FoundVersion,
  MIGRATIONS,
  type Migration,
  pendingMigrations,
  SCHEMA_TABLE_SQL,
} from './migrations.js';
import type { RecordStore } from './record-store.js';
import { recorded } from './record-store.js';
import {
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

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = e.message || (error as { errors?: { message: string }[] }).errors?.[0]?.message;
  return e.code && !String(message).includes(e.code) ? `${e.code}: ${message}` : String(message);
}

const ADD_SQL = numbered(`
WITH rid AS (SELECT nextval('fph_records_id_seq') AS id),
ep AS (
  INSERT INTO fph_endpoints (method, endpoint, api, last_record, last_seen)
  SELECT ?::text, ?::text, ?::text, rid.id, ?::bigint FROM rid
  ON CONFLICT (method, endpoint) DO UPDATE SET
    last_record = GREATEST(fph_endpoints.last_record, excluded.last_record),
    last_seen = GREATEST(fph_endpoints.last_seen, excluded.last_seen)
  RETURNING id, (xmax = 0) AS created
)
INSERT INTO fph_records (id, endpoint_id, recorded_at, path, connection_method, headers, verdict)
SELECT rid.id, ep.id, ?::bigint, ?::text, ?::text, ?::text, ?::text FROM rid, ep
RETURNING id, (SELECT created FROM ep) AS created`);

const EVICT_SQL = numbered(`
WITH gone AS (
  DELETE FROM fph_endpoints WHERE id IN (SELECT id FROM fph_endpoints ORDER BY last_record DESC OFFSET ?::bigint)
  RETURNING 1
)
UPDATE fph_counters SET value = value + (SELECT count(*) FROM gone) WHERE name = 'evicted'`);

const SETTLE_SQL = numbered(
  'UPDATE fph_records SET upstream_status = COALESCE(?::integer, upstream_status), upstream_error = COALESCE(?::text, upstream_error) WHERE id = ?::bigint',
);

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
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
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
        await client.query(
          'INSERT INTO fph_schema (version, name, applied_at, applied_by) VALUES ($1, $2, $3, $4)',
          [m.version, m.name, new Date().toISOString(), `fph-kit ${thisVersion}`],
        );
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
  return postgresStore(pool, location);
}

function postgresStore(pool: pg.Pool, location: string): RecordStore {
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
    try {
      return await pool.query<R>(name ? { name, text, values } : { text, values });
    } catch (cause) {
      throw failed(cause);
    }
  };
  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
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
      throw failed(cause);
    } finally {
      client.release();
    }
  };
  let closed = false;

  return {
    kind: 'postgres',
    location,
    async add(record, maxEndpoints) {
      const { rows } = await query<{ id: string; created: boolean }>(
        ADD_SQL,
        [
          record.method,
          record.endpoint,
          record.api ?? null,
          record.at,
          record.at,
          record.path,
          record.connectionMethod ?? null,
          JSON.stringify(record.headers),
          verdictJson(record),
        ],
        'fph-add',
      );
      const row = rows[0]!;
      if (row.created) await query(EVICT_SQL, [maxEndpoints], 'fph-evict');
      return recorded(record, Number(row.id));
    },
    async settle(entry, upstream) {
      await query(
        SETTLE_SQL,
        [upstream.status ?? null, upstream.error ?? null, entry.sequence],
        'fph-settle',
      );
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
        const endpoints =
          (
            await client.query(
              'DELETE FROM fph_endpoints WHERE method = $1 AND endpoint = $2',
              values,
            )
          ).rowCount ?? 0;
        return endpoints === 0 ? 0 : count;
      });
    },
    async prune(before) {
      const count =
        (await query('DELETE FROM fph_records WHERE recorded_at < $1', [before])).rowCount ?? 0;
      await query('DELETE FROM fph_endpoints WHERE last_seen < $1', [before]);
      return count;
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
