import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ServiceError } from '../errors.js';
import {
  APPLIED_SQL,
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
  beyondLimitSql,
  fromRow,
  historyQuery,
  latestQuery,
  type RecordRow,
  SUMMARY_SQL,
  verdictJson,
} from './sql-records.js';

/**
 * Records in an SQLite file (`records.sqlite` in the data folder), through better-sqlite3, in WAL
 * mode: a request is committed before its answer goes back, and a committed request survives the
 * process being killed (synchronous=NORMAL: a power cut may lose the last moments). The folder is
 * created private to its user (0700), the file 0600: the records hold personal data. Checkpoints
 * (copying the log into the database, with its fsync) run in a worker thread of their own, so
 * requests never wait for the disk.
 */

/** The checkpointer: its own connection, a passive checkpoint every `every` ms. */
const CHECKPOINTER = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.every);
`;

/**
 * Moves checkpoints off the request path. Should the worker stop, the connection checkpoints for
 * itself again, as SQLite does by default.
 */
function startCheckpointer(db: Database.Database, file: string): () => Promise<void> {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: {
      module: createRequire(import.meta.url).resolve('better-sqlite3'),
      file,
      every: 200,
    },
  });
  worker.unref();
  const fallBack = (): void => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  worker.once('error', fallBack);
  worker.once('exit', fallBack);
  return async () => {
    worker.off('exit', fallBack);
    await worker.terminate();
  };
}

export const SQLITE_FILE = 'records.sqlite';

function openFailed(message: string, cause: unknown): ServiceError {
  return new ServiceError('STORE_OPEN_FAILED', message, { cause });
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? e);
}

function prepareFolder(dataDir: string): void {
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) {
    throw openFailed(`the data folder ${dataDir} is a file, not a folder`, undefined);
  }
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw openFailed(`cannot create the data folder ${dataDir} (${reason(cause)})`, cause);
  }
}

/** Opens (creating or migrating when needed) the SQLite store in `dataDir`. */
export function openSqliteStore(
  dataDir: string,
  thisVersion: string,
  migrations: readonly Migration[] = MIGRATIONS,
): RecordStore {
  prepareFolder(dataDir);
  const file = join(dataDir, SQLITE_FILE);
  const created = !existsSync(file);
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma('busy_timeout = 5000');
  } catch (cause) {
    throw openFailed(`cannot open ${file}: ${reason(cause)} (is the data folder writable?)`, cause);
  }
  try {
    if (created) chmodSync(file, 0o600);
    const readVersion = (): FoundVersion | undefined =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fph_schema'").get()
        ? (db.prepare(CURRENT_VERSION_SQL).get() as FoundVersion | undefined)
        : undefined;
    // Refuse a newer store before anything (even the journal mode) is changed.
    pendingMigrations(readVersion(), file, migrations, thisVersion);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.transaction(() => {
      const found = readVersion();
      if (!found) db.exec(SCHEMA_TABLE_SQL);
      for (const m of pendingMigrations(found, file, migrations, thisVersion)) {
        db.exec(m.sqlite);
        db.prepare(APPLIED_SQL).run(
          m.version,
          m.name,
          new Date().toISOString(),
          `fph-kit ${thisVersion}`,
        );
      }
    }).immediate();
  } catch (cause) {
    db.close();
    if (cause instanceof ServiceError) throw cause;
    const code = (cause as { code?: string }).code;
    throw openFailed(
      code === 'SQLITE_NOTADB'
        ? `${file} is not an SQLite database: move it away, or choose another data folder`
        : `cannot use ${file}: ${reason(cause)}`,
      cause,
    );
  }
  return sqliteStore(db, file, startCheckpointer(db, file));
}

function sqliteStore(
  db: Database.Database,
  file: string,
  stopCheckpointer: () => Promise<void>,
): RecordStore {
  const insertEndpoint = db.prepare(
    'INSERT INTO fph_endpoints (method, endpoint, api) VALUES (?, ?, ?) ON CONFLICT (method, endpoint) DO NOTHING',
  );
  const findEndpoint = db.prepare('SELECT id FROM fph_endpoints WHERE method = ? AND endpoint = ?');
  const insertRecord = db.prepare(
    'INSERT INTO fph_records (endpoint_id, recorded_at, path, connection_method, headers, verdict, upstream_status, upstream_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const beyondLimit = db.prepare(beyondLimitSql('sqlite'));
  const deleteEndpoint = db.prepare('DELETE FROM fph_endpoints WHERE id = ?');
  const countEvicted = db.prepare(
    "UPDATE fph_counters SET value = value + ? WHERE name = 'evicted'",
  );
  const settle = db.prepare(
    'UPDATE fph_records SET upstream_status = COALESCE(?, upstream_status), upstream_error = COALESCE(?, upstream_error) WHERE id = ?',
  );
  const summary = db.prepare(SUMMARY_SQL);
  // The reads' few shapes, each prepared once (a statement holds memory the GC does not see).
  const prepared = new Map<string, Database.Statement>();
  const statement = (sql: string): Database.Statement => {
    let found = prepared.get(sql);
    if (!found) {
      found = db.prepare(sql);
      prepared.set(sql, found);
    }
    return found;
  };

  const add = db.transaction(
    (
      method: string,
      endpoint: string,
      api: string | null,
      at: number,
      path: string,
      connectionMethod: string | null,
      headers: string,
      verdict: string,
      status: number | null,
      error: string | null,
      maxEndpoints: number,
    ): number => {
      const created = insertEndpoint.run(method, endpoint, api).changes > 0;
      const { id: endpointId } = findEndpoint.get(method, endpoint) as { id: number };
      const id = Number(
        insertRecord.run(endpointId, at, path, connectionMethod, headers, verdict, status, error)
          .lastInsertRowid,
      );
      if (created) {
        let gone = 0;
        for (const row of beyondLimit.all(maxEndpoints) as { id: number; had: number }[]) {
          deleteEndpoint.run(row.id);
          if (row.had) gone++;
        }
        if (gone > 0) countEvicted.run(gone);
      }
      return id;
    },
  );
  const removeAll = db.transaction((): number => {
    const count = db.prepare('DELETE FROM fph_records').run().changes;
    db.prepare('DELETE FROM fph_endpoints').run();
    db.prepare("UPDATE fph_counters SET value = 0 WHERE name = 'evicted'").run();
    return count;
  });
  const removeOne = db.transaction((method: string, endpoint: string): number => {
    const count = db
      .prepare(
        'DELETE FROM fph_records WHERE endpoint_id IN (SELECT id FROM fph_endpoints WHERE method = ? AND endpoint = ?)',
      )
      .run(method, endpoint).changes;
    db.prepare('DELETE FROM fph_endpoints WHERE method = ? AND endpoint = ?').run(method, endpoint);
    return count;
  });
  const prune = db.prepare('DELETE FROM fph_records WHERE recorded_at < ?');

  /** Runs a store operation; a failure of the database is STORE_UNAVAILABLE. */
  const guarded = async <T>(work: () => T): Promise<T> => {
    try {
      return work();
    } catch (cause) {
      throw new ServiceError(
        'STORE_UNAVAILABLE',
        `the record store (SQLite at ${file}) failed: ${reason(cause)}`,
        { cause },
      );
    }
  };

  return {
    kind: 'sqlite',
    location: file,
    add: (record, maxEndpoints, upstream = {}) =>
      guarded(() => {
        const id = add(
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
          maxEndpoints,
        );
        return recorded(record, id, { ...upstream });
      }),
    settle: (entry, upstream) =>
      guarded(() => {
        settle.run(upstream.status ?? null, upstream.error ?? null, entry.sequence);
        Object.assign(entry.upstream, upstream);
      }),
    latest: (filter = {}) =>
      guarded(() => {
        const { sql, params } = latestQuery(filter);
        return (statement(sql).all(...params) as RecordRow[]).map(fromRow);
      }),
    history: (endpoint, { limit, before }) =>
      guarded(() => {
        const { sql, params } = historyQuery(endpoint.method, endpoint.endpoint, limit, before);
        return (statement(sql).all(...params) as RecordRow[]).map(fromRow);
      }),
    summary: () =>
      guarded(() => {
        const row = summary.get() as { endpoints: number; evicted: number };
        return { endpoints: Number(row.endpoints), evicted: Number(row.evicted) };
      }),
    remove: (endpoint) =>
      guarded(() => (endpoint ? removeOne(endpoint.method, endpoint.endpoint) : removeAll())),
    prune: (before) => guarded(() => prune.run(before).changes),
    async close() {
      await stopCheckpointer();
      if (db.open) db.close();
    },
  };
}
